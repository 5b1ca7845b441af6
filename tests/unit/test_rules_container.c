/* Unit tests for the container rules (DG-C001–C099): every rule over compose
 * services that must and must not hit it (with the lines reported), and over
 * hand-built specs without positions, as the Engine API and create requests
 * produce them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose/compose.h"
#include "core/error.h"
#include "core/rule.h"
#include "core/secrets.h"
#include "model/container_spec.h"

#define MAXHITS 16

struct hits {
    size_t n;
    int line[MAXHITS];
    char msg[MAXHITS][256];
    char ev[MAXHITS][128];
    unsigned skipped;
};

static void collect(struct dg_report *rep, const struct rule_def *r, struct hits *h)
{
    for (size_t i = 0; i < rep->n; i++) {
        const struct dg_finding *f = &rep->findings[i];
        if (f->rule != r) continue;
        if (h->n < MAXHITS) {
            h->line[h->n] = f->line;
            snprintf(h->msg[h->n], sizeof h->msg[0], "%s", f->message);
            snprintf(h->ev[h->n], sizeof h->ev[0], "%s", f->evidence ? f->evidence : "");
        }
        h->n++;
    }
    h->skipped += rep->status[rules_index(r)].skipped;
}

/* Loads a compose text and runs one rule (id) or, with id NULL, every
 * container rule over each service, as lint_compose does. */
static void run_compose(const char *yaml, const char *id, struct hits *h, struct dg_report *keep)
{
    memset(h, 0, sizeof *h);
    char dir[] = "/tmp/dgcrulesXXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = dg_xasprintf("%s/compose.yaml", dir);
    struct compose_project p;
    struct dg_error err;
    memset(&err, 0, sizeof err);
    int rc = compose_load_text(path, yaml, strlen(yaml), &p, &err);
    if (rc != 0) fail_msg("compose: %s", err.msg);
    struct dg_report rep;
    dg_report_init(&rep, "lint");
    const struct rule_def *r = id ? rules_find(id) : NULL;
    if (id) {
        assert_non_null(r);
        assert_int_equal(r->model, DG_MODEL_CONTAINER);
    }
    for (size_t i = 0; i < p.nservices; i++) {
        struct container_spec *c = &p.services[i].spec;
        cs_normalize(c);
        struct rule_ctx ctx = {.report = &rep, .file = path, .subject = "service", .root = "/"};
        if (r) rules_run_one(r, c, &ctx);
        else rules_run(DG_MODEL_CONTAINER, c, &ctx);
    }
    if (r) collect(&rep, r, h);
    else h->n = rep.n;
    if (keep) *keep = rep;
    else dg_report_free(&rep);
    compose_project_free(&p);
    rmdir(dir);
    free(path);
}

static size_t hits_of(const char *yaml, const char *id, struct hits *h)
{
    run_compose(yaml, id, h, NULL);
    return h->n;
}

/* One service "a" with an image on line 3; extra keys start on line 4. */
#define SVC "services:\n  a:\n    image: nginx:1.25\n"

static size_t count(const char *id, const char *extra)
{
    char *y = dg_xasprintf(SVC "%s", extra);
    struct hits h;
    size_t n = hits_of(y, id, &h);
    free(y);
    return n;
}

/* Asserts that extra hits id exactly once, at line, and returns the message. */
static void expect_at(const char *id, const char *extra, int line, const char *msg_part)
{
    char *y = dg_xasprintf(SVC "%s", extra);
    struct hits h;
    hits_of(y, id, &h);
    if (h.n != 1) fail_msg("%s: expected 1 finding, got %zu for:\n%s", id, h.n, y);
    assert_int_equal(h.line[0], line);
    if (msg_part && !strstr(h.msg[0], msg_part)) fail_msg("%s: '%s' lacks '%s'", id, h.msg[0], msg_part);
    free(y);
}

static void expect_none(const char *id, const char *extra)
{
    size_t n = count(id, extra);
    if (n != 0) fail_msg("%s: expected no finding, got %zu for:\n%s", id, n, extra);
}

/* ---- compose: one test per concern ------------------------------------ */

static void test_privileged(void **state)
{
    (void)state;
    expect_at("DG-C001", "    privileged: true\n", 4, "privileged");
    expect_none("DG-C001", "    privileged: false\n");
    expect_none("DG-C001", "");
    assert_int_equal(rules_find("DG-C001")->severity, DG_SEV_CRITICAL);
}

static void test_root_user(void **state)
{
    (void)state;
    expect_at("DG-C002", "    user: root\n", 4, "root");
    expect_at("DG-C002", "    user: \"0:0\"\n", 4, NULL);
    expect_at("DG-C002", "    user: root:root\n", 4, NULL);
    expect_at("DG-C002", "    user: \"0\"\n", 4, NULL);
    expect_none("DG-C002", "    user: \"1000:1000\"\n");
    expect_none("DG-C002", "    user: app\n");
    expect_none("DG-C002", "    user: \"1000:0\"\n"); /* group root only: uid is not 0 */
    /* Unset: the image decides; the rule says it could not judge. */
    struct hits h;
    assert_int_equal(hits_of(SVC, "DG-C002", &h), 0);
    assert_int_equal(h.skipped, 1);
}

static void test_sensitive_mounts(void **state)
{
    (void)state;
    expect_at("DG-C003", "    volumes:\n      - /etc:/host/etc:ro\n", 5, "/etc");
    expect_at("DG-C003", "    volumes:\n      - /:/host\n", 5, "writable");
    expect_at("DG-C003", "    volumes:\n      - /proc/sys:/x\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /etc/shadow:/shadow:ro\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /sys/fs/cgroup:/sys/fs/cgroup\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /boot/grub:/g\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /usr:/usr:ro\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /dev:/dev\n", 5, NULL);
    expect_at("DG-C003", "    volumes:\n      - /lib:/lib:ro\n", 5, NULL);
    /* Spelled differently, still /etc once cleaned. */
    expect_at("DG-C003", "    volumes:\n      - //tmp/../etc/./:/x\n", 5, "/etc ");
    expect_at("DG-C003",
              "    volumes:\n      - type: bind\n        source: /proc\n        target: /host/proc\n"
              "        read_only: true\n",
              5, "read-only");
    /* Narrow subpaths of /usr, /lib, /dev are routine. */
    expect_none("DG-C003", "    volumes:\n      - /usr/share/zoneinfo:/usr/share/zoneinfo:ro\n");
    expect_none("DG-C003", "    volumes:\n      - /lib/modules:/lib/modules:ro\n");
    expect_none("DG-C003", "    volumes:\n      - /etcetera:/x\n");
    expect_none("DG-C003", "    volumes:\n      - ./data:/data\n");
    expect_none("DG-C003", "    volumes:\n      - etc:/etc\nvolumes:\n  etc: {}\n");
    /* The socket rule reports the engine socket, not this one. */
    expect_none("DG-C003", "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n");
}

static void test_socket_mounts(void **state)
{
    (void)state;
    expect_at("DG-C004", "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n", 5, "docker.sock");
    expect_at("DG-C004", "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n", 5,
              "read-only does not limit");
    expect_at("DG-C004", "    volumes:\n      - /run/docker.sock:/d.sock\n", 5, NULL);
    expect_at("DG-C004", "    volumes:\n      - /run/containerd/containerd.sock:/c.sock\n", 5, NULL);
    expect_at("DG-C004", "    volumes:\n      - /var/run:/host/run\n", 5, "holds the container engine sockets");
    expect_at("DG-C004", "    volumes:\n      - /run/:/host/run\n", 5, NULL);
    expect_at("DG-C004", "    volumes:\n      - /run/user/1000/podman/podman.sock:/p.sock\n", 5, NULL);
    expect_at("DG-C004",
              "    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /s\n", 5, NULL);
    expect_none("DG-C004", "    volumes:\n      - /var/run/app:/run/app\n");
    expect_none("DG-C004", "    volumes:\n      - /srv/docker:/srv\n");
    expect_none("DG-C004", "    volumes:\n      - docker.sock:/x\nvolumes:\n  docker.sock: {}\n");
    assert_int_equal(rules_find("DG-C004")->severity, DG_SEV_CRITICAL);
}

static void test_writable_binds(void **state)
{
    (void)state;
    expect_at("DG-C005", "    volumes:\n      - /srv/data:/data\n", 5, "/srv/data");
    expect_none("DG-C005", "    volumes:\n      - /srv/data:/data:ro\n");
    expect_none("DG-C005", "    volumes:\n      - data:/data\nvolumes:\n  data: {}\n");
    /* Sensitive paths and sockets have their own rules. */
    expect_none("DG-C005", "    volumes:\n      - /etc:/etc\n");
    expect_none("DG-C005", "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n");
    assert_int_equal(rules_find("DG-C005")->severity, DG_SEV_INFO);
}

static void test_namespaces(void **state)
{
    (void)state;
    expect_at("DG-C006", "    network_mode: host\n", 4, "network");
    expect_none("DG-C006", "    network_mode: \"service:db\"\n");
    expect_none("DG-C006", "");
    expect_at("DG-C007", "    pid: host\n", 4, "process");
    expect_none("DG-C007", "    pid: \"service:db\"\n");
    expect_at("DG-C008", "    ipc: host\n", 4, "IPC");
    expect_none("DG-C008", "    ipc: shareable\n");
    expect_at("DG-C009", "    uts: host\n", 4, "UTS");
    expect_none("DG-C009", "");
    expect_at("DG-C010", "    userns_mode: host\n", 4, "user");
    expect_none("DG-C010", "");
}

static void test_resources(void **state)
{
    (void)state;
    /* Absent settings are reported at the service (line 2). */
    expect_at("DG-C011", "", 2, "memory");
    expect_none("DG-C011", "    mem_limit: 512m\n");
    expect_none("DG-C011", "    deploy:\n      resources:\n        limits:\n          memory: 256M\n");
    expect_at("DG-C012", "", 2, "no CPU limit");
    expect_at("DG-C012", "    cpu_shares: 512\n", 4, "only CPU shares");
    expect_none("DG-C012", "    cpus: 0.5\n");
    expect_none("DG-C012", "    cpu_quota: 50000\n");
    expect_none("DG-C012", "    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n");
    expect_at("DG-C013", "", 2, "PIDs");
    expect_at("DG-C013", "    pids_limit: -1\n", 4, NULL);
    expect_none("DG-C013", "    pids_limit: 100\n");
    expect_at("DG-C014", "", 2, "writable");
    expect_at("DG-C014", "    read_only: false\n", 4, NULL);
    expect_none("DG-C014", "    read_only: true\n");
    expect_at("DG-C032", "    oom_kill_disable: true\n", 4, "OOM");
    expect_none("DG-C032", "    oom_kill_disable: true\n    mem_limit: 1g\n");
    expect_none("DG-C032", "");
}

static void test_ports(void **state)
{
    (void)state;
    expect_at("DG-C015", "    ports:\n      - \"8080:80\"\n", 5, "no host address");
    expect_at("DG-C015", "    ports:\n      - \"0.0.0.0:8080:80\"\n", 5, "host port 8080");
    expect_at("DG-C015", "    ports:\n      - \"[::]:8080:80\"\n", 5, "IPv6");
    expect_at("DG-C015", "    ports:\n      - \"80\"\n", 5, "ephemeral");
    expect_at("DG-C015", "    ports:\n      - target: 80\n        published: 8080\n        host_ip: \"::\"\n", 5, NULL);
    expect_none("DG-C015", "    ports:\n      - \"127.0.0.1:8080:80\"\n");
    expect_none("DG-C015", "    ports:\n      - \"[::1]:8080:80\"\n");
    expect_none("DG-C015", "    expose:\n      - \"80\"\n");
    /* Two ports, one bound: only the other is reported, at its line. */
    expect_at("DG-C015", "    ports:\n      - \"127.0.0.1:8080:80\"\n      - \"9090:90/udp\"\n", 6, "90/udp");

    expect_at("DG-C016", "    ports:\n      - \"127.0.0.1:80:8080\"\n", 5, "80");
    expect_none("DG-C016", "    ports:\n      - \"8080:80\"\n");
    expect_none("DG-C016", "    ports:\n      - \"80\"\n"); /* ephemeral host port */
    expect_none("DG-C016", "    expose:\n      - \"22\"\n");
}

static void test_security_opts(void **state)
{
    (void)state;
    expect_at("DG-C018", "", 2, "no-new-privileges");
    expect_at("DG-C018", "    security_opt:\n      - no-new-privileges:false\n", 4, NULL);
    expect_none("DG-C018", "    security_opt:\n      - no-new-privileges:true\n");
    expect_none("DG-C018", "    security_opt:\n      - no-new-privileges\n");

    expect_at("DG-C019", "    security_opt:\n      - apparmor=x\n      - seccomp:unconfined\n", 6, "seccomp");
    expect_at("DG-C019", "    security_opt:\n      - seccomp=unconfined\n", 5, NULL);
    expect_none("DG-C019", "    security_opt:\n      - seccomp=/etc/docker/seccomp.json\n");

    expect_at("DG-C020", "    security_opt:\n      - apparmor:unconfined\n", 5, "AppArmor");
    expect_at("DG-C020", "    security_opt:\n      - apparmor=unconfined\n", 5, NULL);
    expect_none("DG-C020", "    security_opt:\n      - apparmor=docker-default\n");

    expect_at("DG-C021", "    security_opt:\n      - label:disable\n", 5, "SELinux");
    expect_at("DG-C021", "    security_opt:\n      - label=disable\n", 5, NULL);
    expect_at("DG-C021", "    security_opt:\n      - label=type:spc_t\n", 5, "spc_t");
    expect_none("DG-C021", "    security_opt:\n      - label=type:container_t\n");
    expect_none("DG-C021", "");
}

static void test_capabilities(void **state)
{
    (void)state;
    expect_at("DG-C022", "    cap_add:\n      - NET_BIND_SERVICE\n", 5, "NET_BIND_SERVICE");
    expect_at("DG-C022", "    cap_add:\n      - cap_chown\n", 5, "CHOWN");
    expect_none("DG-C022", "    cap_add:\n      - SYS_ADMIN\n");
    expect_none("DG-C022", "");

    expect_at("DG-C023", "    cap_add:\n      - SYS_ADMIN\n", 5, "SYS_ADMIN");
    expect_at("DG-C023", "    cap_add:\n      - cap_sys_ptrace\n", 5, "SYS_PTRACE");
    expect_at("DG-C023", "    cap_add:\n      - all\n", 5, "every");
    const char *dangerous[] = {"NET_ADMIN", "SYS_MODULE", "DAC_READ_SEARCH", "SYS_RAWIO", "SYS_BOOT",
                               "MAC_ADMIN", "MAC_OVERRIDE", "BPF", "PERFMON"};
    for (size_t i = 0; i < sizeof dangerous / sizeof dangerous[0]; i++) {
        char *e = dg_xasprintf("    cap_add: [%s]\n", dangerous[i]);
        expect_at("DG-C023", e, 4, dangerous[i]);
        expect_none("DG-C022", e);
        free(e);
    }
    expect_none("DG-C023", "    cap_add:\n      - CHOWN\n");

    /* Mixed: each capability is reported once, by one rule, at its line. */
    struct hits h;
    hits_of(SVC "    cap_add:\n      - CHOWN\n      - SYS_ADMIN\n", "DG-C022", &h);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.line[0], 5);
    hits_of(SVC "    cap_add:\n      - CHOWN\n      - SYS_ADMIN\n", "DG-C023", &h);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.line[0], 6);

    expect_at("DG-C024", "", 2, "no capabilities are dropped");
    expect_at("DG-C024", "    cap_drop:\n      - NET_RAW\n", 4, "not ALL");
    expect_none("DG-C024", "    cap_drop:\n      - ALL\n");
    expect_none("DG-C024", "    cap_drop:\n      - all\n");
    /* Privileged keeps every capability: DG-C001 reports it, this one skips. */
    assert_int_equal(hits_of(SVC "    privileged: true\n", "DG-C024", &h), 0);
    assert_int_equal(h.skipped, 1);
}

static void test_restart(void **state)
{
    (void)state;
    expect_at("DG-C025", "    restart: always\n", 4, "always");
    expect_at("DG-C025", "    restart: unless-stopped\n", 4, NULL);
    expect_at("DG-C025", "    restart: on-failure\n", 4, "unlimited");
    expect_at("DG-C025", "    restart: on-failure:10\n", 4, "more than 5");
    expect_none("DG-C025", "    restart: on-failure:5\n");
    expect_none("DG-C025", "    restart: on-failure:1\n");
    expect_none("DG-C025", "    restart: \"no\"\n");
    expect_none("DG-C025", "");
}

static void test_devices_propagation_ulimits_cgroup(void **state)
{
    (void)state;
    expect_at("DG-C026", "    devices:\n      - /dev/sda:/dev/sda\n", 5, "/dev/sda");
    expect_none("DG-C026", "");

    expect_at("DG-C027",
              "    volumes:\n      - type: bind\n        source: /srv/x\n        target: /x\n"
              "        bind:\n          propagation: rshared\n",
              5, "rshared");
    expect_at("DG-C027", "    volumes:\n      - /srv/x:/x:shared\n", 5, "shared");
    expect_none("DG-C027", "    volumes:\n      - /srv/x:/x:rslave\n");
    expect_none("DG-C027", "    volumes:\n      - /srv/x:/x\n");

    struct hits h;
    hits_of(SVC "    ulimits:\n      nproc: 65535\n      nofile:\n        soft: 1024\n        hard: 2048\n",
            "DG-C028", &h);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.line[0], 5);
    assert_int_equal(h.line[1], 6);
    assert_non_null(strstr(h.ev[0], "nproc=65535"));
    expect_none("DG-C028", "");

    expect_at("DG-C029", "    cgroup_parent: /custom\n", 4, "/custom");
    expect_none("DG-C029", "");
}

static void test_env_secrets(void **state)
{
    (void)state;
    const char *yaml = SVC "    environment:\n"
                           "      DB_PASSWORD: s3cr3tpassw0rd\n"          /* 5 */
                           "      SOME_VALUE: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n" /* 6 */
                           "      API_TOKEN: ${API_TOKEN}\n"
                           "      PASSWORD_FILE: /run/secrets/db\n"
                           "      ADMIN_PASSWORD: changeme\n"
                           "      SECRET_KEY:\n"
                           "      LOG_LEVEL: debug\n";
    struct hits h;
    hits_of(yaml, "DG-C030", &h);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.line[0], 5);
    assert_string_equal(h.ev[0], "DB_PASSWORD=s3***");
    assert_int_equal(h.line[1], 6);
    assert_string_equal(h.ev[1], "SOME_VALUE=gh***");
    /* The value itself never reaches the report. */
    assert_null(strstr(h.msg[0], "s3cr3t"));
    assert_null(strstr(h.msg[1], "aBcDeF"));
    expect_none("DG-C030", "    environment:\n      - DB_PASSWORD\n");
    expect_none("DG-C030", "    environment:\n      - DB_PASSWORD=$DB_PASSWORD\n");
}

static void test_healthcheck(void **state)
{
    (void)state;
    expect_at("DG-C031", "    healthcheck:\n      disable: true\n", 4, "disabled");
    expect_at("DG-C031", "    healthcheck:\n      test: [\"NONE\"]\n", 4, NULL);
    expect_none("DG-C031", "    healthcheck:\n      test: [\"CMD\", \"true\"]\n");
    expect_none("DG-C031", ""); /* image default */
}

static void test_sysctls(void **state)
{
    (void)state;
    expect_at("DG-C033", "    sysctls:\n      net.ipv4.ip_forward: 1\n", 5, "router");
    expect_at("DG-C033", "    sysctls:\n      - net.ipv4.conf.all.route_localnet=1\n", 5, "loopback");
    expect_at("DG-C033", "    sysctls:\n      net.ipv6.conf.all.forwarding: 1\n", 5, NULL);
    expect_at("DG-C033", "    sysctls:\n      kernel.core_pattern: /tmp/x\n", 5, "host");
    expect_none("DG-C033", "    sysctls:\n      net.ipv4.ip_forward: 0\n");
    expect_none("DG-C033", "    sysctls:\n      net.core.somaxconn: 1024\n");
    expect_none("DG-C033", "    sysctls:\n      kernel.shmmax: 68719476736\n");
    expect_none("DG-C033", "    sysctls:\n      fs.mqueue.msg_max: 100\n");
}

static size_t image_hits(const char *id, const char *image)
{
    char *y = dg_xasprintf("services:\n  a:\n    image: %s\n", image);
    struct hits h;
    size_t n = hits_of(y, id, &h);
    if (n) assert_int_equal(h.line[0], 3);
    free(y);
    return n;
}

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_image(void **state)
{
    (void)state;
    assert_int_equal(image_hits("DG-C034", "nginx"), 1);
    assert_int_equal(image_hits("DG-C034", "nginx:latest"), 1);
    assert_int_equal(image_hits("DG-C034", "nginx:1.25"), 0);
    assert_int_equal(image_hits("DG-C034", "nginx@" DIGEST), 0);

    assert_int_equal(image_hits("DG-C035", "ghcr.io/acme/app:1.0"), 1);
    assert_int_equal(image_hits("DG-C035", "acme/app:1.0"), 1);
    assert_int_equal(image_hits("DG-C035", "nginx:1.25"), 0);

    assert_int_equal(image_hits("DG-C036", "nginx:1.25"), 1);
    assert_int_equal(image_hits("DG-C036", "nginx:1.25@" DIGEST), 0);
    assert_int_equal(image_hits("DG-C036", "nginx"), 0); /* DG-C034 reports it */

    /* image: next to build: names what the build produces: not judged. */
    struct hits h;
    assert_int_equal(hits_of("services:\n  a:\n    build: .\n    image: acme/app:latest\n", "DG-C034", &h), 0);
    assert_true(h.skipped > 0);
    /* A variable cannot be judged either. */
    assert_int_equal(hits_of("services:\n  a:\n    image: nginx:$${TAG}\n", "DG-C034", &h), 0);
}

static void test_default_bridge(void **state)
{
    (void)state;
    expect_at("DG-C037", "    network_mode: bridge\n", 4, "default bridge");
    expect_none("DG-C037", "");
    expect_none("DG-C037", "    network_mode: host\n");
}

/* A hardened service raises no container finding at all. */
static void test_hardened_service_is_clean(void **state)
{
    (void)state;
    const char *yaml = "services:\n"
                       "  web:\n"
                       "    image: nginx:1.25.3@" DIGEST "\n"
                       "    user: \"101:101\"\n"
                       "    read_only: true\n"
                       "    mem_limit: 256m\n"
                       "    cpus: 0.5\n"
                       "    pids_limit: 100\n"
                       "    cap_drop: [ALL]\n"
                       "    security_opt: [\"no-new-privileges:true\"]\n"
                       "    restart: on-failure:3\n"
                       "    ports: [\"127.0.0.1:8080:8080\"]\n"
                       "    volumes:\n"
                       "      - ./conf:/etc/nginx/conf.d:ro\n"
                       "      - cache:/var/cache/nginx\n"
                       "    environment:\n"
                       "      DB_PASSWORD_FILE: /run/secrets/db\n"
                       "volumes:\n"
                       "  cache: {}\n";
    struct dg_report rep;
    struct hits h;
    run_compose(yaml, NULL, &h, &rep);
    for (size_t i = 0; i < rep.n; i++)
        print_error("unexpected %s at %d: %s\n", rep.findings[i].rule->id, rep.findings[i].line,
                    rep.findings[i].message);
    assert_int_equal(rep.n, 0);
    dg_report_free(&rep);
}

/* The weak default service: exact rule ids and lines. */
static void test_weak_service_ids_and_lines(void **state)
{
    (void)state;
    const char *yaml = "services:\n"
                       "  app:\n"                                     /* 2 */
                       "    image: acme/app\n"                        /* 3 */
                       "    privileged: true\n"                       /* 4 */
                       "    network_mode: host\n"                     /* 5 */
                       "    volumes:\n"                               /* 6 */
                       "      - /var/run/docker.sock:/var/run/docker.sock\n" /* 7 */
                       "      - /:/host:ro\n";                        /* 8 */
    struct dg_report rep;
    struct hits h;
    run_compose(yaml, NULL, &h, &rep);
    struct {
        const char *id;
        int line;
    } want[] = {{"DG-C001", 4}, {"DG-C004", 7}, {"DG-C003", 8}, {"DG-C006", 5}, {"DG-C011", 2},
                {"DG-C012", 2}, {"DG-C013", 2}, {"DG-C014", 2}, {"DG-C034", 3},
                {"DG-C035", 3}};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        size_t n = 0;
        for (size_t i = 0; i < rep.n; i++)
            if (!strcmp(rep.findings[i].rule->id, want[w].id)) {
                assert_int_equal(rep.findings[i].line, want[w].line);
                n++;
            }
        if (n != 1) fail_msg("%s: %zu findings", want[w].id, n);
    }
    /* Nothing about capabilities dropped (privileged) or the user (unset). */
    for (size_t i = 0; i < rep.n; i++) {
        assert_string_not_equal(rep.findings[i].rule->id, "DG-C024");
        assert_string_not_equal(rep.findings[i].rule->id, "DG-C002");
        assert_string_not_equal(rep.findings[i].rule->id, "DG-C018"); /* privileged says more */
        assert_string_not_equal(rep.findings[i].rule->id, "DG-C005"); /* read-only / socket */
    }
    dg_report_free(&rep);
}

/* ---- hand-built specs: no positions (Engine API, create requests) ------ */

static size_t run_spec(const char *id, const struct container_spec *c, struct hits *h)
{
    memset(h, 0, sizeof *h);
    struct dg_report rep;
    dg_report_init(&rep, "audit");
    struct rule_ctx ctx = {.report = &rep, .file = "container:/x", .subject = "container /x", .root = "/"};
    const struct rule_def *r = rules_find(id);
    assert_non_null(r);
    rules_run_one(r, c, &ctx);
    collect(&rep, r, h);
    dg_report_free(&rep);
    return h->n;
}

static void test_api_specs(void **state)
{
    (void)state;
    struct container_spec c;
    cs_init(&c);
    c.image = dg_xstrdup("nginx:1.25");
    c.user = dg_xstrdup("0");
    c.privileged = true;
    c.publish_all = true;
    c.network_mode = dg_xstrdup("default");
    c.cpu_shares = 1024;
    c.restart_name = dg_xstrdup("always");
    struct dg_pos none = {NULL, 0, 0};
    cs_strs_push(&c.cap_add, "SYS_ADMIN", none);
    cs_strs_push(&c.cap_add, "net_raw", none);
    cs_strs_push(&c.security_opt, "label=disable", none);
    struct cs_mount *m = cs_add_mount(&c); /* as the Engine reports it: no raw text */
    m->type = CS_MOUNT_BIND;
    m->source = dg_xstrdup("/var/run/docker.sock");
    m->target = dg_xstrdup("/var/run/docker.sock");
    m = cs_add_mount(&c);
    m->type = CS_MOUNT_BIND;
    m->source = dg_xstrdup("/etc");
    m->propagation = dg_xstrdup("rshared");
    struct cs_port *p = cs_add_port(&c);
    p->host_ip = dg_xstrdup("[::]");
    p->host_lo = p->host_hi = 443;
    p->ctr_lo = p->ctr_hi = 8443;
    p->published = true;
    cs_kvs_push(&c.env, "GITHUB_TOKEN", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", none);
    cs_normalize(&c);

    struct hits h;
    const char *hit[] = {"DG-C001", "DG-C002", "DG-C003", "DG-C004", "DG-C012", "DG-C015", "DG-C016", "DG-C017",
                         "DG-C021", "DG-C022", "DG-C023", "DG-C025", "DG-C027", "DG-C036", "DG-C037"};
    for (size_t i = 0; i < sizeof hit / sizeof hit[0]; i++) {
        if (run_spec(hit[i], &c, &h) != 1) fail_msg("%s: %zu findings", hit[i], h.n);
        assert_int_equal(h.line[0], 0);
    }
    assert_int_equal(run_spec("DG-C022", &c, &h), 1);
    assert_non_null(strstr(h.msg[0], "NET_RAW")); /* normalised upper-case */
    assert_int_equal(run_spec("DG-C015", &c, &h), 1);
    assert_non_null(strstr(h.msg[0], "IPv6"));
    assert_int_equal(run_spec("DG-C030", &c, &h), 1);
    const char *miss[] = {"DG-C018" /* privileged */, "DG-C005", "DG-C006", "DG-C019", "DG-C020", "DG-C024", "DG-C026", "DG-C031", "DG-C034"};
    for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++)
        if (run_spec(miss[i], &c, &h) != 0) fail_msg("%s: %zu findings", miss[i], h.n);
    cs_free(&c);

    /* An empty spec (a create request naming nothing) does not crash and
     * reports only what is missing. */
    cs_init(&c);
    assert_int_equal(run_spec("DG-C001", &c, &h), 0);
    assert_int_equal(run_spec("DG-C011", &c, &h), 1);
    assert_int_equal(run_spec("DG-C034", &c, &h), 0);
    assert_true(h.skipped > 0);
    cs_free(&c);
}

/* Every rule in the range is documented and carries a check. */
static void test_table(void **state)
{
    (void)state;
    size_t n = 0;
    for (size_t i = 0; i < rules_count(); i++) {
        const struct rule_def *r = rules_at(i);
        if (strncmp(r->id, "DG-C0", 5) != 0) continue;
        n++;
        assert_int_equal(r->model, DG_MODEL_CONTAINER);
        assert_non_null(r->check);
        assert_true(strlen(r->title) > 5 && strlen(r->rationale) > 20 && strlen(r->remediation) > 10);
        if (r->cis) assert_true(r->cis[0] == '4' || r->cis[0] == '5');
    }
    assert_true(n >= 37);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_privileged),
        cmocka_unit_test(test_root_user),
        cmocka_unit_test(test_sensitive_mounts),
        cmocka_unit_test(test_socket_mounts),
        cmocka_unit_test(test_writable_binds),
        cmocka_unit_test(test_namespaces),
        cmocka_unit_test(test_resources),
        cmocka_unit_test(test_ports),
        cmocka_unit_test(test_security_opts),
        cmocka_unit_test(test_capabilities),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_devices_propagation_ulimits_cgroup),
        cmocka_unit_test(test_env_secrets),
        cmocka_unit_test(test_healthcheck),
        cmocka_unit_test(test_sysctls),
        cmocka_unit_test(test_image),
        cmocka_unit_test(test_default_bridge),
        cmocka_unit_test(test_hardened_service_is_clean),
        cmocka_unit_test(test_weak_service_ids_and_lines),
        cmocka_unit_test(test_api_specs),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
