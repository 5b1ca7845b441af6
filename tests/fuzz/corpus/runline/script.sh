#!/bin/sh
sudo docker --host unix:///x.sock run -itd --privileged -p 80:80 -p '[::]:8443:443' \
   -v /:/host:ro -v /var/run/docker.sock:/var/run/docker.sock \
   -e DB_PASSWORD=hunter2 -e TOKEN=${TOKEN} -e HOME \
   --cap-add SYS_ADMIN --restart=always --name web nginx:latest sh -c 'echo hi'
docker run --rm -u 1000 --read-only --memory 256m --cpus 1 --pids-limit 100 --cap-drop ALL \
  --security-opt no-new-privileges -p 127.0.0.1:8080:8080 nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
