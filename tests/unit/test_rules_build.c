/* Unit tests for the Dockerfile rules (DG-B…): each case is Dockerfile text
 * that is parsed, run through one rule, and must produce findings on exactly
 * the listed lines (an empty list means the rule must stay silent). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/error.h"
#include "core/rule.h"
#include "model/build.h"
#include "dockerfile/dockerignore.h"
#include "test_df_parse.h"


struct rcase {
    const char *id;
    const char *df;
    int lines[8];     /* expected finding lines, 0-terminated */
};

/* Every rule: at least one text that must hit and one that must not. */
static const struct rcase cases[] = {
    /* DG-B001 user created, never used */
    {"DG-B001", "FROM debian:12\nRUN useradd -r app\nCMD [\"app\"]\n", {2}},
    {"DG-B001", "FROM debian:12\nRUN useradd -r app\nUSER app\nCMD [\"app\"]\n", {0}},
    {"DG-B001", "FROM debian:12\nRUN useradd app\nUSER app\nRUN adduser other\nUSER root\n", {4}},
    {"DG-B001", "FROM alpine:3\nRUN echo useradd is a word here\n", {0}},
    /* DG-B002 ADD URL without checksum */
    {"DG-B002", "FROM alpine:3\nADD https://example.com/tool /usr/bin/tool\n", {2}},
    {"DG-B002", "FROM alpine:3\nADD --checksum=sha256:abc https://example.com/tool /usr/bin/tool\n", {0}},
    {"DG-B002", "FROM alpine:3\nADD app.tar.gz /opt/\n", {0}},
    /* DG-B003 ADD local non-archive */
    {"DG-B003", "FROM alpine:3\nADD app.conf /etc/app.conf\n", {2}},
    {"DG-B003", "FROM alpine:3\nADD rootfs.tar.xz /\nCOPY app.conf /etc/\n", {0}},
    /* DG-B004 ADD git at a moving ref */
    {"DG-B004", "FROM alpine:3\nADD https://github.com/org/repo.git#main /src\n", {2}},
    {"DG-B004", "FROM alpine:3\nADD https://github.com/org/repo.git#0123456789abcdef0123456789abcdef01234567 /src\n",
     {0}},
    /* DG-B005 remote archive */
    {"DG-B005", "FROM alpine:3\nADD https://example.com/a.tar.gz /opt/\n", {2}},
    {"DG-B005", "FROM alpine:3\nADD https://example.com/a.bin /opt/\n", {0}},
    /* DG-B006 COPY . without .dockerignore */
    {"DG-B006", "FROM alpine:3\nWORKDIR /app\nCOPY . .\n", {3}},
    {"DG-B006", "FROM alpine:3\nCOPY --from=builder . /app/\nCOPY src/ /app/\n", {0}},
    {"DG-B006", "FROM golang:1 AS build\nCOPY . /src\nFROM scratch\nCOPY --from=build /src/app /app\n", {0}},
    /* DG-B009 credential files copied */
    {"DG-B009", "FROM alpine:3\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY .env /app/\nCOPY certs/server.key /etc/\n",
     {2, 3, 4}},
    {"DG-B009", "FROM alpine:3\nCOPY id_rsa.pub /root/\nCOPY .env.example /app/\nCOPY keys.txt /app/\n", {0}},
    {"DG-B009", "FROM alpine:3\nCOPY .ssh/config /r/\nCOPY conf/.aws/x /r/\nCOPY app/.docker/config.json /r/\n"
                "COPY keys/app.keystore /r/\nCOPY id_ed25519 /r/\nCOPY .env.local /r/\nCOPY secrets/ /r/\n",
     {2, 3, 4, 5, 6, 7}},
    {"DG-B009", "FROM alpine:3\nCOPY my.sshconfig /r/\nCOPY docs/aws.md x.ssh /r/\nCOPY app.pem.txt /r/\n"
                "COPY .env.sample /r/\n",
     {0}},
    /* DG-B010 ENV secrets */
    {"DG-B010", "FROM alpine:3\nENV DB_PASSWORD=hunter2\nENV AWS_KEY=AKIAABCDEFGHIJKLMNOP\n", {2, 3}},
    {"DG-B010", "FROM alpine:3\nENV DB_PASSWORD=${DB_PASSWORD} API_TOKEN=changeme PASSWORD_FILE_X=\n", {0}},
    /* DG-B011 ARG secrets */
    {"DG-B011", "ARG GITHUB_TOKEN=abc123def\nFROM alpine:3\nARG DB_PASSWORD=s3cret\n", {1, 3}},
    {"DG-B011", "FROM alpine:3\nARG DB_PASSWORD\nARG VERSION=1.2\n", {0}},
    /* DG-B056 ARG named like a secret */
    {"DG-B056", "FROM alpine:3\nARG NPM_TOKEN\n", {2}},
    {"DG-B056", "FROM alpine:3\nARG VERSION\n", {0}},
    /* DG-B012 latest / untagged */
    {"DG-B012", "FROM ubuntu\nFROM nginx:latest\nFROM nginx:1.25\n", {1, 2}},
    {"DG-B012", "FROM nginx@sha256:0123abcd\nFROM scratch\nFROM golang:1.22 AS b\nFROM b\n", {0}},
    {"DG-B012", "ARG BASE=alpine:3.19\nFROM ${BASE}\n", {0}},
    {"DG-B012", "ARG BASE=alpine\nFROM ${BASE}\n", {2}},
    /* DG-B013 digest */
    {"DG-B013", "FROM nginx:1.25\n", {1}},
    {"DG-B013", "FROM nginx:1.25@sha256:0123abcd\nFROM nginx\n", {0}},
    /* DG-B014 trusted */
    {"DG-B014", "FROM someone/base:1\nFROM ghcr.io/x/y:2\n", {1, 2}},
    {"DG-B014", "FROM nginx:1\nFROM docker.io/library/debian:12\nFROM scratch\n", {0}},
    /* DG-B015 minimal */
    {"DG-B015", "FROM golang:1.22 AS build\nFROM ubuntu:22.04\n", {2}},
    {"DG-B015", "FROM ubuntu:22.04 AS build\nFROM gcr.io/distroless/static\n", {0}},
    {"DG-B015", "FROM python:3.12 AS base\nFROM base\n", {2}},
    /* DG-B016 update alone */
    {"DG-B016", "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", {2}},
    {"DG-B016", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apk add --update x\n", {0}},
    {"DG-B016", "FROM debian:12\nRUN echo \"apt-get update\"\n", {0}},
    /* DG-B017 --no-install-recommends */
    {"DG-B017", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", {2}},
    {"DG-B017", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", {0}},
    /* DG-B018 apt lists */
    {"DG-B018", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", {2}},
    {"DG-B018", "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n", {0}},
    {"DG-B018", "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\n", {0}},
    /* DG-B019 apk --no-cache */
    {"DG-B019", "FROM alpine:3\nRUN apk add curl\n", {2}},
    {"DG-B019", "FROM alpine:3\nRUN apk add --no-cache curl\n", {0}},
    /* DG-B020 upgrade */
    {"DG-B020", "FROM debian:12\nRUN apt-get update && apt-get dist-upgrade -y\n", {2}},
    {"DG-B020", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", {0}},
    /* DG-B021 -y */
    {"DG-B021", "FROM debian:12\nRUN apt-get install curl\nRUN yum install httpd\n", {2, 3}},
    {"DG-B021", "FROM debian:12\nRUN apt-get install -qy curl && apt-get -y remove x && dnf install --assumeyes y\n",
     {0}},
    {"DG-B021", "FROM opensuse/leap\nRUN zypper install x\nRUN microdnf install y\nRUN dnf5 install z\n"
                "RUN pip3.12 install q && gem install r\n",
     {2, 4}},
    /* DG-B022..B026 pinning */
    {"DG-B022", "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 git\n", {2}},
    {"DG-B022", "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10 ./local.deb\n", {0}},
    {"DG-B023", "FROM alpine:3\nRUN apk add --no-cache curl\n", {2}},
    {"DG-B023", "FROM alpine:3\nRUN apk add --no-cache --virtual .deps curl=8.5.0-r0\n", {0}},
    {"DG-B024", "FROM python:3\nRUN pip install flask requests==2.31.0\n", {2}},
    {"DG-B024", "FROM python:3\nRUN pip install -r requirements.txt && python -m pip install 'x>=1' .\n", {0}},
    {"DG-B025", "FROM node:20\nRUN npm install -g typescript\n", {2}},
    {"DG-B025", "FROM node:20\nRUN yarn add left-pad\nRUN yarn add left-pad@1.3.0\n", {2}},
    {"DG-B025", "FROM node:20\nRUN npm ci && npm install -g typescript@5.4.2 @scope/x@1.0.0\n", {0}},
    {"DG-B026", "FROM ruby:3\nRUN gem install rails\n", {2}},
    {"DG-B026", "FROM ruby:3\nRUN gem install rails:7.1.0 && gem install bundler -v 2.5.0\n", {0}},
    /* DG-B027 rpm clean */
    {"DG-B027", "FROM fedora:40\nRUN dnf install -y httpd\n", {2}},
    {"DG-B027", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n", {0}},
    /* DG-B028 pip cache */
    {"DG-B028", "FROM python:3\nRUN pip install flask==3.0.0\n", {2}},
    {"DG-B028", "FROM python:3\nRUN pip install --no-cache-dir flask==3.0.0\n", {0}},
    {"DG-B028", "FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n", {0}},
    /* DG-B029 download piped into a shell */
    {"DG-B029", "FROM alpine:3\nRUN curl -fsSL https://x.example/i.sh | sh\n", {2}},
    {"DG-B029", "FROM alpine:3\nRUN wget -qO- https://x.example/i.sh | sudo bash -s -- -y\n", {2}},
    {"DG-B029", "FROM alpine:3\nRUN sh -c \"$(curl -fsSL https://x.example/i.sh)\"\n", {2}},
    {"DG-B029", "FROM alpine:3\nRUN echo \"curl x | sh\" && curl -fsSLo /tmp/i.sh https://x && sha256sum -c s\n",
     {0}},
    {"DG-B029", "FROM alpine:3\nRUN curl -fsSL https://x.example/a.tgz | tar -xz\n", {0}},
    /* DG-B030 TLS disabled */
    {"DG-B030", "FROM alpine:3\nRUN curl -fsSLk https://x -o y\nRUN wget --no-check-certificate https://x\n"
                "RUN pip install --trusted-host pypi.example.com x\nRUN npm config set strict-ssl false\n"
                "RUN git config --global http.sslVerify false\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n"
                "ENV PYTHONHTTPSVERIFY=0\n",
     {2, 3, 4, 5, 6, 7, 8}},
    {"DG-B030", "FROM alpine:3\nRUN curl -fsSL https://x -o y && echo --insecure\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n",
     {0}},
    {"DG-B030", "FROM alpine:3\nENV npm_config_strict_ssl=false CURL_INSECURE=1 LANG=C GIT_SSL_NO_VERIFY=true\n"
                "ARG PIP_TRUSTED_HOST=pypi.example.com\n",
     {2, 2, 2, 3}},
    /* DG-B031 unsigned packages */
    {"DG-B031", "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated x\nRUN yum install -y --nogpgcheck y\n"
                "RUN apk add --allow-untrusted z.apk\n",
     {2, 3, 4}},
    {"DG-B031", "FROM debian:12\nRUN apt-get install -y x\n", {0}},
    /* DG-B032 content trust */
    {"DG-B032", "FROM docker:24\nENV DOCKER_CONTENT_TRUST=0\nRUN docker pull --disable-content-trust x\n", {2, 3}},
    {"DG-B032", "FROM docker:24\nENV DOCKER_CONTENT_TRUST=1\n", {0}},
    /* DG-B033 sudo */
    {"DG-B033", "FROM debian:12\nRUN sudo apt-get install -y x\n", {2}},
    {"DG-B033", "FROM debian:12\nRUN apt-get install -y sudo && echo sudo\n", {0}},
    /* DG-B034 world-writable */
    {"DG-B034", "FROM alpine:3\nRUN chmod 777 /app\nRUN chmod -R o+w /data\nCOPY --chmod=666 a /a\n", {2, 3, 4}},
    {"DG-B034", "FROM alpine:3\nRUN chmod 755 /app && chmod 1777 /tmp && chmod +x /bin/x\nCOPY --chmod=644 a /a\n", {0}},
    /* DG-B035 sshd */
    {"DG-B035", "FROM debian:12\nRUN apt-get install -y openssh-server\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n", {2, 3}},
    {"DG-B035", "FROM debian:12\nRUN apt-get install -y openssh-client\n", {0}},
    /* DG-B036 setuid */
    {"DG-B036", "FROM alpine:3\nRUN chmod u+s /bin/x\nRUN chmod 4755 /bin/y\n", {2, 3}},
    {"DG-B036", "FROM alpine:3\nRUN chmod 755 /bin/x && chmod a-s /bin/y\n", {0}},
    /* DG-B037/38/39 multiples */
    {"DG-B037", "FROM alpine:3\nCMD a\nCMD b\nFROM alpine:3\nCMD c\n", {3}},
    {"DG-B037", "FROM alpine:3\nCMD a\nFROM alpine:3\nCMD b\n", {0}},
    {"DG-B038", "FROM alpine:3\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n", {3}},
    {"DG-B038", "FROM alpine:3\nENTRYPOINT [\"a\"]\n", {0}},
    {"DG-B039", "FROM alpine:3\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\n", {3}},
    {"DG-B039", "FROM alpine:3\nHEALTHCHECK CMD a\n", {0}},
    /* DG-B040 relative WORKDIR */
    {"DG-B040", "FROM alpine:3\nWORKDIR app\n", {2}},
    {"DG-B040", "FROM alpine:3\nWORKDIR /app\nWORKDIR $HOME/x\n", {0}},
    /* DG-B041 cd */
    {"DG-B041", "FROM alpine:3\nRUN cd /src && make\n", {2}},
    {"DG-B041", "FROM alpine:3\nRUN (cd /src && make) && echo cd\n", {0}},
    /* DG-B042 MAINTAINER */
    {"DG-B042", "FROM alpine:3\nMAINTAINER me@example.com\n", {2}},
    {"DG-B042", "FROM alpine:3\nLABEL maintainer=me\n", {0}},
    /* DG-B043 duplicate stage names */
    {"DG-B043", "FROM alpine:3 AS a\nFROM alpine:3 AS A\n", {2}},
    {"DG-B043", "FROM alpine:3 AS a\nFROM alpine:3 AS b\n", {0}},
    /* DG-B044 COPY --from unknown */
    {"DG-B044", "FROM alpine:3 AS build\nFROM alpine:3\nCOPY --from=bulid /a /a\n", {3}},
    {"DG-B044", "FROM alpine:3 AS build\nFROM alpine:3\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n"
                "COPY --from=nginx:1.25 /etc/nginx /etc/nginx\n",
     {0}},
    /* DG-B045 COPY --from self */
    {"DG-B045", "FROM alpine:3 AS app\nCOPY --from=app /a /b\n", {2}},
    {"DG-B045", "FROM alpine:3 AS build\nFROM alpine:3 AS app\nCOPY --from=build /a /b\n", {0}},
    /* DG-B046 unknown instruction */
    {"DG-B046", "FROM alpine:3\nRUNN echo x\n", {2}},
    {"DG-B046", "FROM alpine:3\nRUN echo x\n", {0}},
    /* DG-B047 FROM with undefined ARG */
    {"DG-B047", "FROM ${BASE}\n", {1}},
    {"DG-B047", "ARG BASE=alpine:3\nFROM ${BASE}\nFROM --platform=$BUILDPLATFORM alpine:3\nFROM ${X:-alpine:3}\n", {0}},
    /* DG-B048 ONBUILD */
    {"DG-B048", "FROM alpine:3\nONBUILD ADD https://x.example/a /a\nONBUILD RUN curl -fsSL https://x | sh\n", {2, 3}},
    {"DG-B048", "FROM alpine:3\nONBUILD COPY requirements.txt /app/\n", {0}},
    /* DG-B049 EXPOSE */
    {"DG-B049", "FROM alpine:3\nEXPOSE 80000\nEXPOSE 80/http\n", {2, 3}},
    {"DG-B049", "FROM alpine:3\nEXPOSE 80 443/tcp 8000-8010 53/udp ${PORT}\n", {0}},
    /* DG-B050 useradd high UID */
    {"DG-B050", "FROM debian:12\nRUN useradd -u 1000010000 app\n", {2}},
    {"DG-B050", "FROM debian:12\nRUN useradd -l -u 1000010000 app && useradd -u 1000 b\n", {0}},
    /* DG-B051 STOPSIGNAL */
    {"DG-B051", "FROM alpine:3\nSTOPSIGNAL SIGFOO\n", {2}},
    {"DG-B051", "FROM alpine:3\nSTOPSIGNAL SIGQUIT\nSTOPSIGNAL 9\nSTOPSIGNAL TERM\n", {0}},
    /* DG-B052 pipefail */
    {"DG-B052", "FROM alpine:3\nRUN wget -qO- https://x | tar -xz\n", {2}},
    {"DG-B052", "FROM alpine:3\nRUN set -o pipefail && wget -qO- https://x | tar -xz\n", {0}},
    {"DG-B052", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -qO- x | tar -xz\n", {0}},
    /* DG-B053 curl and wget */
    {"DG-B053", "FROM alpine:3\nRUN curl -fsSLo a https://x\nRUN wget -q https://y\n", {3}},
    {"DG-B053", "FROM alpine:3\nRUN curl -fsSLo a https://x\nFROM alpine:3\nRUN wget -q https://y\n", {0}},
    /* DG-B054 CMD shell form */
    {"DG-B054", "FROM alpine:3\nCMD python app.py\n", {2}},
    {"DG-B054", "FROM alpine:3\nCMD [\"python\", \"app.py\"]\n", {0}},
    /* DG-B055 apt */
    {"DG-B055", "FROM debian:12\nRUN apt install -y curl\n", {2}},
    {"DG-B055", "FROM debian:12\nRUN apt-get install -y curl\n", {0}},
    /* DG-B059 multi-source destination */
    {"DG-B059", "FROM alpine:3\nCOPY a b /app\n", {2}},
    {"DG-B059", "FROM alpine:3\nCOPY a b /app/\nCOPY a /app\n", {0}},
    /* The build rules share a memo per Dockerfile (rules_build.c): which
     * RUNs a POSIX shell runs, as SHELL switches within and between stages… */
    {"DG-B030", "FROM alpine:3 AS a\nSHELL [\"pwsh\", \"-c\"]\nRUN curl -k https://x\nFROM a\nRUN curl -k https://x\n"
                "SHELL [\"cmd\", \"/S\", \"/C\"]\nRUN curl -k https://y\nSHELL [\"/bin/sh\", \"-c\"]\n"
                "RUN wget --no-check-certificate https://z\n",
     {5, 9}},
    {"DG-B041", "FROM alpine:3\nSHELL [\"powershell\", \"-Command\"]\nRUN cd C:\\app\nFROM alpine:3\nRUN cd /app\n",
     {5}},
    /* … the words each RUN may mention, RUN by RUN… */
    {"DG-B033", "FROM alpine:3\nRUN echo hello\nRUN sudo apk add x\nRUN echo sudo\nRUN doas rm -rf /tmp/x\n", {3, 5}},
    /* … the RUNs of each stage range… */
    {"DG-B053", "FROM alpine:3\nRUN curl -fsSLo a https://x\nFROM alpine:3\nRUN wget -q https://y\nCOPY a /a\n"
                "RUN curl -o b https://z\nFROM alpine:3\nRUN echo curl wget\n",
     {6}},
    {"DG-B001", "FROM debian:12 AS build\nRUN useradd builder\nFROM debian:12\nRUN useradd app\nUSER app\n"
                "RUN adduser other\nCMD [\"app\"]\n",
     {6}},
    /* … and each stage's base reference, parsed once. */
    {"DG-B012", "ARG V\nFROM ubuntu AS one\nFROM one AS two\nFROM nginx:latest@sha256:abc\nFROM ${V}\nFROM scratch\n"
                "FROM bad@nodigest\nFROM ghcr.io/a/b\n",
     {2, 8}},
    {"DG-B013", "FROM golang:1.22 AS build\nFROM build AS test\nFROM someone/base:1 AS other\nFROM test\n", {1, 3}},
    {"DG-B014", "FROM golang:1.22 AS build\nFROM build AS test\nFROM someone/base:1 AS other\nFROM test\n", {3}},
    {"DG-B015", "FROM golang:1.22 AS build\nFROM build AS test\nFROM someone/base:1 AS other\nFROM test\n", {4}},
    {"DG-B015", "FROM golang:1.22 AS build\nFROM build AS test\nFROM python:3.12-slim\n", {0}},
    /* DG-B060 wget progress */
    {"DG-B060", "FROM alpine:3\nRUN wget https://x\n", {2}},
    {"DG-B060", "FROM alpine:3\nRUN wget -q https://x && wget --progress=dot:giga https://y\n", {0}},
};

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* A report, and a context that adds findings on "Dockerfile" to it. */
static void ctx_init(struct rule_ctx *ctx, struct dg_report *rep)
{
    dg_report_init(rep, "lint");
    memset(ctx, 0, sizeof *ctx);
    ctx->report = rep;
    ctx->file = "Dockerfile";
}

/* Runs one rule over a parsed Dockerfile and checks the finding lines. */
static void run_case(const struct rcase *c)
{
    struct build *b = test_df_parse(c->df);
    assert_non_null(b);
    struct dg_report rep;
    struct rule_ctx ctx;
    ctx_init(&ctx, &rep);
    struct dg_config cfg;
    dg_config_init(&cfg);
    ctx.config = &cfg;
    const struct rule_def *r = rules_find(c->id);
    assert_non_null(r);
    rules_run_one(r, b, &ctx);
    size_t want = 0;
    while (want < 8 && c->lines[want]) want++;
    int got[64];
    size_t ngot = 0;
    for (size_t i = 0; i < rep.n && ngot < 64; i++)
        if (rep.findings[i].rule == r) got[ngot++] = rep.findings[i].line;
    qsort(got, ngot, sizeof got[0], cmp_int);
    bool same = ngot == want;
    for (size_t i = 0; same && i < want; i++) same = got[i] == c->lines[i];
    if (!same) {
        fprintf(stderr, "%s: findings on lines", c->id);
        for (size_t i = 0; i < ngot; i++) fprintf(stderr, " %d", got[i]);
        fprintf(stderr, ", expected");
        for (size_t i = 0; i < want; i++) fprintf(stderr, " %d", c->lines[i]);
        fprintf(stderr, ", for:\n%s\n", c->df);
        for (size_t i = 0; i < rep.n; i++)
            if (rep.findings[i].rule == r) fprintf(stderr, "  %d: %s\n", rep.findings[i].line, rep.findings[i].message);
        fail();
    }
    dg_config_free(&cfg);
    dg_report_free(&rep);
    build_free(b);
    free(b);
}

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) run_case(&cases[i]);
}

/* Runs one rule and returns how many findings it produced; messages are
 * appended to msgs (when given) for content checks. */
static size_t run_rule(const char *id, const struct build *b, char *msgs, size_t msgslen)
{
    struct dg_report rep;
    struct rule_ctx ctx;
    ctx_init(&ctx, &rep);
    const struct rule_def *r = rules_find(id);
    assert_non_null(r);
    rules_run_one(r, b, &ctx);
    size_t n = 0;
    if (msgs) msgs[0] = 0;
    for (size_t i = 0; i < rep.n; i++) {
        if (rep.findings[i].rule != r) continue;
        n++;
        if (msgs) {
            strncat(msgs, rep.findings[i].message, msgslen - strlen(msgs) - 1);
            strncat(msgs, "\n", msgslen - strlen(msgs) - 1);
        }
    }
    dg_report_free(&rep);
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void relist(struct build *b)
{
    dg_strv_free(&b->context_files);
    b->context_listed = b->context_truncated = false;
    dockerfile_list_context(b, NULL);
    assert_true(b->context_listed);
    assert_false(b->context_truncated);
}

/* DG-B008: secret files found in the context folder are named one by one. */
static void test_context_secrets(void **state)
{
    (void)state;
    char dir[] = "/tmp/dg-ctx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/app.py", dir); write_file(p, "print(1)\n");
    snprintf(p, sizeof p, "%s/id_rsa.pub", dir); write_file(p, "ssh-ed25519 AAAA\n");
    snprintf(p, sizeof p, "%s/.env.example", dir); write_file(p, "TOKEN=\n");

    struct build *b = test_df_parse("FROM alpine:3\nCOPY . /app/\n");
    b->context_dir = strdup(dir);
    b->has_dockerignore = true;
    char msgs[4096];
    /* Not listed: the rule cannot decide and says so instead of passing. */
    assert_int_equal(run_rule("DG-B008", b, msgs, sizeof msgs), 0);
    dockerfile_list_context(b, NULL);
    assert_true(b->context_listed);
    assert_int_equal(b->context_files.n, 3);
    assert_int_equal(run_rule("DG-B008", b, msgs, sizeof msgs), 0);

    snprintf(p, sizeof p, "%s/.env", dir); write_file(p, "TOKEN=abc\n");
    snprintf(p, sizeof p, "%s/conf", dir); assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/conf/server.key", dir); write_file(p, "-----BEGIN PRIVATE KEY-----\n");
    relist(b);
    assert_int_equal(b->context_files.n, 5);
    /* Sorted, depth first: the walk order does not depend on the file system. */
    assert_string_equal(b->context_files.v[0], ".env");
    assert_string_equal(b->context_files.v[3], "conf/server.key");
    assert_int_equal(run_rule("DG-B008", b, msgs, sizeof msgs), 2);
    assert_non_null(strstr(msgs, "'.env'"));
    assert_non_null(strstr(msgs, "'conf/server.key'"));

    /* A symbolic link to a credential outside the context is not followed. */
    snprintf(p, sizeof p, "%s/link", dir);
    assert_int_equal(symlink("/etc", p), 0);
    relist(b);
    assert_int_equal(b->context_files.n, 5);
    assert_int_equal(run_rule("DG-B008", b, msgs, sizeof msgs), 2);

    /* Without a whole-context copy there is nothing to report. */
    struct build *b2 = test_df_parse("FROM alpine:3\nCOPY app.py /app/\n");
    b2->context_dir = strdup(dir);
    dockerfile_list_context(b2, NULL);
    assert_false(b2->context_listed); /* nothing copies the context: no listing made */
    assert_int_equal(run_rule("DG-B008", b2, NULL, 0), 0);

    build_free(b); free(b);
    build_free(b2); free(b2);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* DG-B022: package files named by their extension are not packages to
 * pin; the finding names the others. */
static void test_pin_local_files(void **state)
{
    (void)state;
    struct build *b = test_df_parse("FROM debian:12\nRUN apt-get install -y ./x.deb pkg.tar.gz z.tgz foo.gz "
                                    "a.tar.gz.sig /opt/w.whl bar=1 baz\n");
    assert_non_null(b);
    char msgs[1024];
    assert_int_equal(run_rule("DG-B022", b, msgs, sizeof msgs), 1);
    assert_string_equal(msgs, "apt-get installs 3 packages without a version: foo.gz, a.tar.gz.sig, baz\n");
    build_free(b);
    free(b);
}

/* DG-B007: a .dockerignore that lets credential files through. */
static void test_dockerignore_weak(void **state)
{
    (void)state;
    struct build *b = test_df_parse("FROM alpine:3\nWORKDIR /app\nCOPY . .\n");
    assert_non_null(b);
    struct dg_error err;
    const char *weak = ".git\nnode_modules\n";
    assert_int_equal(dockerignore_parse(".dockerignore", weak, strlen(weak), &b->ignore, &err), 0);
    b->has_dockerignore = true;
    char msgs[2048];
    assert_int_equal(run_rule("DG-B007", b, msgs, sizeof msgs), 1);
    assert_non_null(strstr(msgs, ".env"));
    assert_null(strstr(msgs, ".git/"));
    dockerignore_free(b->ignore);
    b->ignore = NULL;
    const char *strong = ".git\n.env\n*.pem\n*.key\nid_rsa*\n.ssh\n.aws\n.npmrc\n.docker\n*.p12\nkubeconfig\n";
    assert_int_equal(dockerignore_parse(".dockerignore", strong, strlen(strong), &b->ignore, &err), 0);
    assert_int_equal(run_rule("DG-B007", b, msgs, sizeof msgs), 0);
    build_free(b);
    free(b);
}

/* Findings of every build rule on one Dockerfile, as "id:line" lines. */
static void lint_into(const struct build *b, struct rule_ctx *ctx, char *out, size_t outlen)
{
    size_t first = ctx->report->n;
    rules_run(DG_MODEL_BUILD, b, ctx);
    out[0] = 0;
    for (size_t i = first; i < ctx->report->n; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s:%d\n", ctx->report->findings[i].rule->id, ctx->report->findings[i].line);
        strncat(out, line, outlen - strlen(out) - 1);
    }
}

/* The memo belongs to one subject: a second Dockerfile linted with the same
 * context gets findings of its own, as when it is linted alone, and the
 * context holds no memo once the rules are done. */
static void test_memo_per_subject(void **state)
{
    (void)state;
    const char *df_a = "FROM ubuntu AS a\nSHELL [\"pwsh\", \"-c\"]\nRUN sudo apt-get install curl\n";
    const char *df_b = "FROM alpine:3\nRUN sudo apk add curl\nFROM debian\nRUN apt-get install -y wget\n";
    struct build *a = test_df_parse(df_a), *b = test_df_parse(df_b), *b2 = test_df_parse(df_b);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(b2);
    struct dg_report rep;
    struct rule_ctx ctx;
    ctx_init(&ctx, &rep);
    char got_a[2048], got_b[2048], alone_b[2048];
    lint_into(a, &ctx, got_a, sizeof got_a);
    assert_null(ctx.memo);
    lint_into(b, &ctx, got_b, sizeof got_b);
    assert_null(ctx.memo);
    assert_null(strstr(got_a, "DG-B033")); /* PowerShell stage: its RUN is not read as sh */
    assert_non_null(strstr(got_b, "DG-B033:2\n"));
    assert_non_null(strstr(got_b, "DG-B012:3\n"));
    dg_report_free(&rep);

    ctx_init(&ctx, &rep);
    lint_into(b2, &ctx, alone_b, sizeof alone_b);
    assert_string_equal(got_b, alone_b);
    dg_report_free(&rep);
    build_free(a); free(a);
    build_free(b); free(b);
    build_free(b2); free(b2);
}

/* Every build rule with a check must have both a hit and a silent case. */
static void test_every_rule_covered(void **state)
{
    (void)state;
    for (size_t i = 0; i < rules_count(); i++) {
        const struct rule_def *r = rules_at(i);
        if (r->model != DG_MODEL_BUILD || !r->check) continue;
        if (strcmp(r->id, "DG-B008") == 0) continue; /* needs a context folder: test_context_secrets */
        if (strcmp(r->id, "DG-B007") == 0) continue; /* needs a real .dockerignore: tests/e2e/lint_dockerfile.sh */
        bool hit = false, quiet = false;
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            if (strcmp(cases[k].id, r->id) != 0) continue;
            if (cases[k].lines[0]) hit = true;
            else quiet = true;
        }
        if (!hit || !quiet) {
            fprintf(stderr, "%s lacks a %s case\n", r->id, hit ? "non-hitting" : "hitting");
            fail();
        }
    }
}

/* The rule table itself: ids in range, unique, and fully described. */
static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < rules_count(); i++) {
        const struct rule_def *r = rules_at(i);
        if (strncmp(r->id, "DG-B", 4) != 0 && strncmp(r->id, "DG-I", 4) != 0) continue;
        assert_true(r->model == (r->id[3] == 'B' ? DG_MODEL_BUILD : DG_MODEL_IMAGE));
        assert_true(strlen(r->title) > 10);
        assert_true(strlen(r->rationale) > 60);
        assert_true(strlen(r->remediation) > 20);
        assert_ptr_equal(rules_find(r->id), r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_context_secrets),
        cmocka_unit_test(test_dockerignore_weak),
        cmocka_unit_test(test_pin_local_files),
        cmocka_unit_test(test_memo_per_subject),
        cmocka_unit_test(test_every_rule_covered),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
