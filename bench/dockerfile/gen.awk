# Generates a corpus of varied Dockerfiles for the Dockerfile benchmark.
# Each project gets its own folder (the build context): a Dockerfile, and
# sometimes a .dockerignore and a few context files. Mixes clean and insecure
# variants, multi-stage builds, heredocs, long continuation lines, exec and
# shell forms, ARG-parameterised bases, ONBUILD and most instruction kinds.
#
# usage: awk -v out=DIR -v n=COUNT [-v seed=S] -f gen.awk
# The folders DIR/p00001 … must exist (run.sh creates them in one mkdir).
function pick(list,    a, k) { k = split(list, a, "|"); return a[int(rand() * k) + 1] }
function chance(p) { return rand() < p }
function emit(line) { print line > file }

function apt_block(clean,    pk, i, np) {
    np = 2 + int(rand() * 6)
    pk = ""
    for (i = 0; i < np; i++) pk = pk " " pick("curl|ca-certificates|git|gcc|make|libpq-dev|python3|jq|unzip|tzdata|openssl|libssl-dev|xz-utils") (clean && chance(0.7) ? "=1." int(rand()*9) "-" int(rand()*4) : "")
    if (clean) {
        emit("RUN set -eux; \\")
        emit("    apt-get update; \\")
        emit("    apt-get install -y --no-install-recommends \\")
        emit("       " pk "; \\")
        emit("    rm -rf /var/lib/apt/lists/*")
    } else if (chance(0.5)) {
        emit("RUN apt-get update")
        emit("RUN apt-get install" (chance(0.5) ? " -y" : "") pk)
    } else {
        emit("RUN apt-get update && apt-get " pick("upgrade -y|dist-upgrade -y|install -y") pk " && apt-get clean")
    }
}

function apk_block(clean,    pk, i, np) {
    np = 1 + int(rand() * 5)
    pk = ""
    for (i = 0; i < np; i++) pk = pk " " pick("curl|ca-certificates|git|bash|openssl|tini|su-exec|tzdata|build-base|musl-dev") (clean && chance(0.6) ? "=1." int(rand()*9) ".0-r" int(rand()*3) : "")
    if (clean) emit("RUN apk add --no-cache" pk)
    else emit("RUN apk update && apk add" pk (chance(0.3) ? " --allow-untrusted" : ""))
}

function heredoc_run(clean) {
    emit("RUN <<EOF")
    emit("set -e")
    if (clean) {
        emit("mkdir -p /app/data")
        emit("echo \"curl | sh is only text here\" > /app/README")
    } else {
        emit("curl -fsSL https://get.example.com/install.sh | sh")
        emit("chmod 777 /app")
    }
    emit("EOF")
}

function python_stage(clean) {
    emit("COPY requirements.txt /app/")
    if (clean) emit("RUN pip install --no-cache-dir --require-hashes -r /app/requirements.txt")
    else emit("RUN pip install " pick("flask|requests|django|fastapi uvicorn|numpy pandas") (chance(0.4) ? " --trusted-host pypi.example.com" : ""))
}

function node_stage(clean) {
    emit("COPY package.json package-lock.json ./")
    if (clean) emit("RUN npm ci --omit=dev")
    else emit("RUN npm install " pick("express|lodash|left-pad|typescript") (chance(0.3) ? " && npm config set strict-ssl false" : ""))
}

function long_run(    i, k) {
    k = 5 + int(rand() * 20)
    emit("RUN set -e \\")
    for (i = 0; i < k; i++)
        emit("    && echo \"step " i "\" >> /tmp/log \\")
    emit("    && true")
}

function gen(idx, dir,    clean, base, multi, lang, user, i, nlabels, argbase) {
    clean = chance(0.4)
    file = dir "/Dockerfile"
    multi = chance(0.5)
    lang = pick("py|node|go|plain|plain")
    if (chance(0.1)) emit("# syntax=docker/dockerfile:1.7")
    emit("# generated project " idx)
    argbase = chance(0.15)
    if (argbase) {
        emit("ARG BASE_IMAGE=" pick("debian:bookworm-slim|alpine:3.19|python:3.12-slim"))
        emit("ARG VERSION=1." idx)
    }
    if (multi) {
        emit("FROM " pick("golang:1.22|node:20|python:3.12|rust:1.77|maven:3.9") " AS build")
        emit("WORKDIR /src")
        emit("COPY . .")
        if (chance(0.5)) long_run()
        if (chance(0.2)) { long_run(); long_run() }
        emit("RUN " pick("make build|go build -o /out/app ./...|npm run build|cargo build --release|mvn -q package"))
    }
    if (argbase) base = "${BASE_IMAGE}"
    else if (clean) base = pick("debian:bookworm-slim@sha256:" sprintf("%064d", idx) "|alpine:3.19.1|gcr.io/distroless/static-debian12:nonroot|python:3.12.3-slim|node:20.12-alpine")
    else base = pick("ubuntu|ubuntu:latest|debian:bookworm|centos:7|node|python:3.12|someone/base:1.0|registry.example.net/x/base")
    emit("FROM " base (multi && chance(0.3) ? " AS final" : ""))
    if (!clean && chance(0.2)) emit("MAINTAINER dev@example.com")
    nlabels = int(rand() * 4)
    for (i = 0; i < nlabels; i++) emit("LABEL org.example.k" i "=\"value " i "\" version=\"1." i "\"")
    if (chance(0.5)) emit("ENV LANG=C.UTF-8 TZ=UTC")
    if (!clean && chance(0.25)) emit("ENV DB_PASSWORD=" pick("hunter2|s3cr3t-pa55|Pr0duct10n!"))
    if (!clean && chance(0.1)) emit("ENV AWS_ACCESS_KEY_ID=AKIA" sprintf("%016d", idx))
    if (!clean && chance(0.15)) emit("ARG NPM_TOKEN")
    emit("WORKDIR " ((!clean && chance(0.2)) ? "app" : "/app"))
    if (base ~ /alpine/) apk_block(clean)
    else if (base ~ /centos/) emit("RUN yum install " (clean ? "-y " : "") "httpd" (clean ? " && yum clean all" : ""))
    else if (base !~ /distroless/) apt_block(clean)
    if (chance(0.3)) heredoc_run(clean)
    if (lang == "py") python_stage(clean)
    else if (lang == "node") node_stage(clean)
    if (!clean && chance(0.3)) emit("RUN wget -O /usr/local/bin/tool " pick("--no-check-certificate |") "https://example.com/tool && chmod " pick("777|+x|4755|u+s") " /usr/local/bin/tool")
    if (!clean && chance(0.2)) emit("RUN cd /app && sudo make install")
    if (!clean && chance(0.2)) emit("ADD " pick("https://example.com/app.tar.gz|app.conf|https://github.com/org/repo.git#main") " /opt/")
    if (!clean && chance(0.15)) emit("COPY id_rsa /root/.ssh/id_rsa")
    if (multi) emit("COPY --from=" ((!clean && chance(0.2)) ? "bulid" : "build") " /out/ /usr/local/bin/")
    else emit("COPY " (chance(0.5) ? "." : "src/") " /app/")
    if (!clean && chance(0.2)) emit("RUN apt-get install -y openssh-server && mkdir /var/run/sshd")
    if (chance(0.5)) emit("EXPOSE " pick("8080|80 443|3000/tcp|22|9090/udp"))
    if (chance(0.2)) emit("VOLUME [\"/data\"]")
    if (chance(0.1)) emit("ONBUILD " pick("COPY . /app|RUN curl -fsSL https://x.example/i | sh|ADD https://x.example/a /a"))
    if (clean || chance(0.3)) {
        emit("RUN useradd --system --uid 10001 --no-log-init app")
        emit("USER 10001:10001")
    } else if (chance(0.3)) emit("RUN useradd app")
    if (clean) emit("HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/healthcheck\"]")
    else if (chance(0.2)) emit("HEALTHCHECK NONE")
    if (!clean && chance(0.2)) emit("CMD echo starting")
    if (chance(0.7)) emit("ENTRYPOINT [\"/usr/local/bin/app\"]")
    else if (!clean) emit("ENTRYPOINT /usr/local/bin/app --serve")
    emit("CMD [\"--port\", \"8080\"]")
    close(file)

    # Build context: a .dockerignore for most clean projects, a few files.
    if (clean || chance(0.3)) {
        f = dir "/.dockerignore"
        print ".git" > f
        if (clean) { print ".env" > f; print "*.pem" > f; print "*.key" > f; print "id_rsa*" > f }
        print "node_modules" > f
        close(f)
    }
    f = dir "/app.py"; print "print('hello')" > f; close(f)
    if (!clean && chance(0.2)) { f = dir "/.env"; print "API_TOKEN=abc" > f; close(f) }
}

BEGIN {
    if (out == "" || n == "") { print "usage: awk -v out=DIR -v n=COUNT -f gen.awk" > "/dev/stderr"; exit 2 }
    srand(seed == "" ? 42 : seed)
    for (i = 1; i <= n; i++) {
        dir = sprintf("%s/p%05d", out, i)
        gen(i, dir)
    }
}
