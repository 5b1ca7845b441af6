#!/usr/bin/env python3
"""Generates a varied corpus of compose projects for the compose benchmark.

Each project is a folder with compose.yaml (several services mixing every
syntax dockguard reads: anchors and merge keys, short and long ports and
volumes, list and map environment, ulimits, deploy resources, healthchecks,
interpolation with defaults), and some also have a .env, an env_file, a
compose.override.yaml and an extends file. About half of the services are
insecure and half hardened. The output is deterministic for a given seed.

usage: gen.py OUT_DIR [PROJECTS] [SEED]
"""
import os
import random
import sys

IMAGES = ["nginx:latest", "postgres", "redis:7", "acme/api:1.4.2", "ghcr.io/acme/worker:2",
          "registry.example.com/team/app@sha256:" + "ab" * 32, "busybox", "python:3.12-slim"]
CAPS = ["NET_ADMIN", "SYS_ADMIN", "SYS_PTRACE", "NET_RAW", "ALL", "CHOWN", "cap_sys_module"]
PORTS_SHORT = ['"80"', '"8080:80"', '"127.0.0.1:8080:80"', '"[::1]:8443:443"', '"::1:9090:90"',
               '"9000-9005:9000-9005"', '"53:53/udp"', "8081", '"0.0.0.0:2375:2375"', '"127.0.0.1::5000"']
VOLS_SHORT = ["/var/run/docker.sock:/var/run/docker.sock", "./src:/src:ro", "../shared:/shared:rw,z",
              "~/.ssh:/root/.ssh:ro", "data:/data", "/anon", "/:/host:rshared", "/etc:/host-etc:ro",
              "cache:/cache:nocopy"]


def insecure_service(r, name, i):
    out = [f"  {name}:"]
    if r.random() < 0.3:
        out.append("    <<: *defaults")
    out.append(f"    image: {r.choice(IMAGES)}")
    if r.random() < 0.5:
        out.append("    privileged: true")
    out.append(f"    user: {r.choice(['root', '0', '0:0'])}")
    if r.random() < 0.4:
        out.append(f"    network_mode: {r.choice(['host', 'bridge', 'service:web'])}")
    for key in ("pid", "ipc", "uts"):
        if r.random() < 0.2:
            out.append(f"    {key}: host")
    if r.random() < 0.2:
        out.append("    userns_mode: host")
    out.append("    cap_add: [" + ", ".join(r.sample(CAPS, r.randint(1, 3))) + "]")
    out.append("    security_opt:")
    out.append(f"      - {r.choice(['seccomp:unconfined', 'apparmor:unconfined', 'label:disable'])}")
    out.append("    ports:")
    for p in r.sample(PORTS_SHORT, r.randint(1, 4)):
        out.append(f"      - {p}")
    if r.random() < 0.5:
        out.append("      - target: 5432\n        published: \"5432\"\n        protocol: tcp")
    out.append("    volumes:")
    for v in r.sample(VOLS_SHORT, r.randint(1, 4)):
        out.append(f"      - {v}")
    if r.random() < 0.4:
        out.append("      - type: bind\n        source: /proc\n        target: /host-proc\n"
                   "        bind:\n          propagation: rshared")
    out.append("    environment:")
    if r.random() < 0.5:
        out.append(f"      DB_PASSWORD: Pr0d-Passw0rd-{i}")
        out.append("      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        out.append("      API_TOKEN: ${API_TOKEN}")
        out.append("      DEBUG: true")
        out.append("      WORKERS: 4")
    else:
        out.append(f"      - DB_PASSWORD=hunter2-{i}")
        out.append("      - GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB")
        out.append("      - LOG_LEVEL=${LOG_LEVEL:-debug}")
        out.append("      - HOME")
    if r.random() < 0.3:
        out.append("    devices:\n      - /dev/mem:/dev/mem\n      - source: /dev/kvm\n        permissions: rwm")
    if r.random() < 0.3:
        out.append("    sysctls:\n      net.ipv4.ip_forward: 1\n      kernel.msgmax: 65536")
    if r.random() < 0.3:
        out.append("    healthcheck:\n      disable: true")
    if r.random() < 0.3:
        out.append("    oom_kill_disable: true")
    out.append(f"    restart: {r.choice(['always', 'unless-stopped', 'on-failure', 'no'])}")
    if r.random() < 0.2:
        out.append("    cgroup_parent: /docker-custom\n    cgroup: host")
    return out


def hardened_service(r, name, i):
    out = [f"  {name}:"]
    if r.random() < 0.4:
        out.append("    <<: [*hardening, *limits]")
    else:
        out.append("    read_only: true\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]")
        if r.random() < 0.5:
            out.append("    mem_limit: 256m\n    mem_reservation: 64m\n    memswap_limit: 256m\n"
                       "    cpus: 0.5\n    cpu_shares: 512\n    pids_limit: 100")
        else:
            out.append("    deploy:\n      resources:\n        limits:\n          cpus: '0.50'\n"
                       "          memory: 128M\n          pids: 64\n        reservations:\n          memory: 32M\n"
                       "      restart_policy:\n        condition: on-failure\n        max_attempts: 3")
    out.append(f"    image: registry.example.com/acme/svc{i}:1.{i % 7}.0@sha256:" + "cd" * 32)
    out.append(f"    user: \"{10000 + i}:{10000 + i}\"")
    out.append("    ports:\n      - \"127.0.0.1:%d:8080\"" % (20000 + i % 20000))
    out.append("    expose: [\"9100\", 9101]")
    out.append("    tmpfs:\n      - /tmp:size=16m")
    out.append("    volumes:\n      - type: volume\n        source: data\n        target: /data\n        read_only: true")
    out.append("    environment:\n      DB_PASSWORD_FILE: /run/secrets/db\n      DB_HOST: ${DB_HOST:-db}")
    out.append("    secrets: [db]")
    out.append("    ulimits:\n      nproc: 512\n      nofile:\n        soft: 1024\n        hard: 2048")
    out.append("    healthcheck:\n      test: [\"CMD\", \"/healthcheck\"]\n      interval: 30s")
    out.append("    init: true")
    out.append("    restart: on-failure:5")
    return out


def project(r, i):
    lines = [f"# generated project {i}", "x-defaults: &defaults", "  restart: always",
             "  labels:", f"    com.example.project: p{i}",
             "x-hardening: &hardening", "  read_only: true", "  cap_drop: [ALL]",
             "  security_opt: [\"no-new-privileges:true\"]",
             "x-limits: &limits", "  mem_limit: 128m", "  cpus: 0.25", "  pids_limit: 50", "", "services:"]
    n = r.randint(3, 7)
    for s in range(n):
        name = f"svc{s}"
        svc = insecure_service(r, name, i * 10 + s) if r.random() < 0.5 else hardened_service(r, name, i * 10 + s)
        if s == 0 and r.random() < 0.3:
            svc.append("    env_file:\n      - app.env\n      - path: ./optional.env\n        required: false")
        if s == 1 and r.random() < 0.2:
            svc.append("    extends:\n      file: common.yml\n      service: base")
        if s == 2 and r.random() < 0.2:
            svc.append("    build:\n      context: .\n      dockerfile: Dockerfile.missing")
        lines += svc
    lines += ["", "volumes:", "  data: {}", "  cache: {}", "  hostetc:", "    driver_opts:",
              "      type: none", "      o: bind", "      device: /etc", "",
              "secrets:", "  db:", "    file: ./db.txt", ""]
    return "\n".join(lines)


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        d = os.path.join(out, f"p{i:04d}")
        os.makedirs(d, exist_ok=True)
        text = project(r, i)
        with open(os.path.join(d, "compose.yaml"), "w") as f:
            f.write(text)
        with open(os.path.join(d, ".env"), "w") as f:
            f.write(f"# interpolation values\nAPI_TOKEN=tok-{i:08x}\nLOG_LEVEL=info\nexport DB_HOST=db{i}\n")
        with open(os.path.join(d, "app.env"), "w") as f:
            f.write(f"APP_SECRET='s3cr3t-{i}'\nMODE=production\n")
        with open(os.path.join(d, "common.yml"), "w") as f:
            f.write("services:\n  base:\n    read_only: true\n    cap_drop: [ALL]\n")
        if i % 4 == 0:
            with open(os.path.join(d, "compose.override.yaml"), "w") as f:
                f.write("services:\n  svc0:\n    ports:\n      - \"127.0.0.1:18080:80\"\n"
                        "    environment:\n      - EXTRA=1\n  debug:\n    image: busybox\n"
                        "    profiles: [debug]\n    privileged: true\n")
    print(f"generated {count} projects in {out}")


if __name__ == "__main__":
    main()
