#!/bin/sh
# Deploys the example with docker run: the same mistakes as compose.yaml.
set -e
docker run -d --name web --privileged \
  -v /var/run/docker.sock:/var/run/docker.sock \
  -p 80:8080 -e DB_PASSWORD=Pr0d-Passw0rd-2024 \
  example/webapp:latest
docker run -d --name cache --net=host --pid=host --cap-add=ALL redis
