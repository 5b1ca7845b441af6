/* Tests of the Engine API client (against an in-process fake daemon on a
 * unix socket), the API→model adapters (on JSON captured from dockerd and a
 * create request), and the live-container and inventory rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/config.h"
#include "core/error.h"
#include "core/finding.h"
#include "core/rule.h"
#include "engine/adapt.h"
#include "engine/engine.h"
#include "engine/procs.h"

#include <sys/stat.h>

/* ---- helpers --------------------------------------------------------- */

static json_t *fixture(const char *name)
{
    const char *dir = getenv("DG_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/engine/%s", dir ? dir : "tests/fixtures", name);
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) fail_msg("%s: %s", path, je.text);
    return j;
}

static unsigned count_rule(const struct dg_report *r, const char *id)
{
    unsigned n = 0;
    for (size_t i = 0; i < r->n; i++) n += strcmp(r->findings[i].rule->id, id) == 0;
    return n;
}

static const struct dg_rule_status *status(const struct dg_report *r, const char *id)
{
    const struct rule_def *d = rules_find(id);
    assert_non_null(d);
    return &r->status[rules_index(d)];
}

/* Runs the rules of one model over subject with an empty config. */
static void run(enum dg_model m, const void *subject, struct dg_report *r)
{
    struct dg_config cfg;
    dg_config_init(&cfg);
    dg_report_init(r, "audit");
    struct rule_ctx ctx = {.report = r, .config = &cfg, .file = "container:/t", .subject = "container /t", .root = "/"};
    rules_run(m, subject, &ctx);
    dg_config_free(&cfg);
}

static bool has_str(const struct cs_strs *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].s, s) == 0) return true;
    return false;
}

static const struct cs_mount *mount_at(const struct container_spec *c, const char *target)
{
    for (size_t i = 0; i < c->nmounts; i++)
        if (c->mounts[i].target && strcmp(c->mounts[i].target, target) == 0) return &c->mounts[i];
    return NULL;
}

static const struct cs_port *port_of(const struct container_spec *c, unsigned ctr, const char *ip, bool published)
{
    for (size_t i = 0; i < c->nports; i++) {
        const struct cs_port *p = &c->ports[i];
        if (p->ctr_lo != ctr || p->published != published) continue;
        if ((ip == NULL && p->host_ip == NULL) || (ip && p->host_ip && strcmp(ip, p->host_ip) == 0)) return p;
    }
    return NULL;
}

/* ---- client basics --------------------------------------------------- */

static void test_parse_host(void **state)
{
    (void)state;
    char *u, *h;
    struct dg_error err = {0};
    assert_int_equal(engine_parse_host("unix:///var/run/docker.sock", &u, &h, &err), 0);
    assert_string_equal(u, "/var/run/docker.sock");
    assert_null(h);
    free(u);
    unsetenv("DOCKER_TLS_VERIFY");
    assert_int_equal(engine_parse_host("tcp://10.0.0.1", &u, &h, &err), 0);
    assert_string_equal(h, "10.0.0.1:2375");
    free(h);
    assert_int_equal(engine_parse_host("tcp://[::1]:2376", &u, &h, &err), 0);
    assert_string_equal(h, "[::1]:2376");
    free(h);
    assert_int_equal(engine_parse_host("tcp://[fd00::1]", &u, &h, &err), 0);
    assert_string_equal(h, "[fd00::1]:2375");
    free(h);
    assert_int_equal(engine_parse_host("ssh://user@host", &u, &h, &err), DG_ERR_USAGE);
    assert_non_null(strstr(err.msg, "unsupported"));
    assert_int_equal(engine_parse_host("unix://relative.sock", &u, &h, &err), DG_ERR_USAGE);
    assert_int_equal(engine_parse_host("tcp://", &u, &h, &err), DG_ERR_USAGE);
    assert_int_equal(engine_parse_host("tcp://a@b:1", &u, &h, &err), DG_ERR_USAGE);
    char longp[200];
    memset(longp, 'a', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    memcpy(longp, "unix:///", 8);
    assert_int_equal(engine_parse_host(longp, &u, &h, &err), DG_ERR_USAGE);
}

static void test_api_cmp(void **state)
{
    (void)state;
    assert_true(engine_api_cmp("1.41", "1.43") < 0);
    assert_true(engine_api_cmp("1.43", "1.41") > 0);
    assert_true(engine_api_cmp("1.9", "1.10") < 0);
    assert_int_equal(engine_api_cmp("1.41", "1.41"), 0);
    assert_true(engine_api_cmp("2", "1.99") > 0);
    assert_int_equal(engine_api_cmp("1.40", "1.40.0"), 0);
}

static void test_parse_body(void **state)
{
    (void)state;
    json_t *j;
    struct dg_error err = {0};
    const char *e404 = "{\"message\":\"No such container: x\"}";
    assert_int_equal(engine_parse_body("GET /c", e404, strlen(e404), 404, &j, &err), DG_ERR_NOTFOUND);
    assert_string_equal(err.msg, "GET /c: the daemon answered HTTP 404: No such container: x");
    const char *e500 = "plain failure\nsecond line";
    assert_int_equal(engine_parse_body("GET /c", e500, strlen(e500), 500, &j, &err), DG_ERR);
    assert_string_equal(err.msg, "GET /c: the daemon answered HTTP 500: plain failure");
    assert_int_equal(engine_parse_body("GET /c", "{\"a\":1,\"a\":2}", 13, 200, &j, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "invalid JSON"));
    assert_int_equal(engine_parse_body("GET /c", "", 0, 200, &j, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "empty response"));
    /* The body is (pointer, length): nothing is read past it. */
    char *raw = malloc(5);
    memcpy(raw, "oops!", 5);
    assert_int_equal(engine_parse_body("GET /c", raw, 4, 502, &j, &err), DG_ERR);
    assert_string_equal(err.msg, "GET /c: the daemon answered HTTP 502: oops");
    free(raw);
    assert_int_equal(engine_parse_body("GET /c", "[1]", 3, 200, &j, &err), 0);
    assert_true(json_is_array(j));
    json_decref(j);
}

/* ---- fake daemon ----------------------------------------------------- */

struct fake {
    int fd;
    char path[108];
    pthread_t th;
    const char *api;       /* ApiVersion it reports */
    char last[256];        /* last request line (guarded: one request at a time is enough for asserts) */
    pthread_mutex_t mu;
    unsigned nreq;
};

static void fake_answer(int c, int status, const char *body)
{
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     status, strlen(body));
    if (write(c, head, (size_t)n) < 0 || write(c, body, strlen(body)) < 0) return;
}

static void *fake_main(void *p)
{
    struct fake *f = p;
    static char big[8192];
    memset(big, 'x', sizeof big - 1);
    big[0] = '"';
    big[sizeof big - 2] = '"';
    for (;;) {
        int c = accept(f->fd, NULL, NULL);
        if (c < 0) return NULL;
        char req[4096];
        size_t len = 0;
        while (len < sizeof req - 1) {
            ssize_t r = read(c, req + len, sizeof req - 1 - len);
            if (r <= 0) break;
            len += (size_t)r;
            req[len] = '\0';
            if (strstr(req, "\r\n\r\n")) break;
        }
        req[len] = '\0';
        char line[256] = "";
        sscanf(req, "%255[^\r\n]", line);
        pthread_mutex_lock(&f->mu);
        snprintf(f->last, sizeof f->last, "%s", line);
        f->nreq++;
        pthread_mutex_unlock(&f->mu);
        char body[256];
        if (strstr(line, " /version ")) {
            snprintf(body, sizeof body, "{\"ApiVersion\":\"%s\",\"Version\":\"99.0\"}", f->api);
            fake_answer(c, 200, body);
        } else if (strstr(line, "/missing ")) {
            fake_answer(c, 404, "{\"message\":\"No such container: missing\"}");
        } else if (strstr(line, "/big ")) {
            fake_answer(c, 200, big);
        } else if (strstr(line, "/garbage ")) {
            fake_answer(c, 200, "<html>");
        } else if (strstr(line, "/ok")) {
            fake_answer(c, 200, "{\"ok\":true}");
        } else {
            fake_answer(c, 404, "{\"message\":\"page not found\"}");
        }
        close(c);
    }
}

static int fake_setup(void **state)
{
    struct fake *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/dg-test-engine-%d.sock", (int)getpid());
    unlink(f->path);
    f->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", f->path);
    if (bind(f->fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(f->fd, 64) != 0) return -1;
    f->api = "1.41";
    pthread_mutex_init(&f->mu, NULL);
    pthread_create(&f->th, NULL, fake_main, f);
    *state = f;
    return 0;
}

static int fake_teardown(void **state)
{
    struct fake *f = *state;
    shutdown(f->fd, SHUT_RDWR);
    close(f->fd);
    pthread_join(f->th, NULL);
    unlink(f->path);
    pthread_mutex_destroy(&f->mu);
    free(f);
    return 0;
}

static struct engine *fake_engine(struct fake *f, size_t max)
{
    char host[160];
    snprintf(host, sizeof host, "unix://%s", f->path);
    struct engine_opts o = {.host = host, .tls = -1, .tls_verify = -1, .max_response = max, .timeout_ms = 5000};
    struct engine *e;
    struct dg_error err = {0};
    assert_int_equal(engine_open(&o, &e, &err), 0);
    return e;
}

static void test_client_negotiate(void **state)
{
    struct fake *f = *state;
    struct engine *e = fake_engine(f, 0);
    struct dg_error err = {0};
    json_t *v = NULL, *j = NULL;
    assert_int_equal(engine_negotiate(e, &v, &err), 0);
    assert_string_equal(engine_api_version(e), "1.41");
    assert_string_equal(json_string_value(json_object_get(v, "Version")), "99.0");
    json_decref(v);
    assert_int_equal(engine_get_json(e, "/ok", &j, &err), 0);
    assert_true(json_is_true(json_object_get(j, "ok")));
    json_decref(j);
    assert_string_equal(f->last, "GET /v1.41/ok HTTP/1.1");
    /* A newer daemon is spoken to in our newest version. */
    f->api = "1.99";
    assert_int_equal(engine_negotiate(e, NULL, &err), 0);
    assert_string_equal(engine_api_version(e), ENGINE_API_VERSION);
    f->api = "bogus";
    assert_int_equal(engine_negotiate(e, NULL, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "ApiVersion"));
    f->api = "1.41";
    engine_close(e);
}

static void test_client_errors(void **state)
{
    struct fake *f = *state;
    struct engine *e = fake_engine(f, 1024);
    struct dg_error err = {0};
    json_t *j = NULL;
    assert_int_equal(engine_negotiate(e, NULL, &err), 0);
    assert_int_equal(engine_get_json(e, "/containers/missing", &j, &err), DG_ERR_NOTFOUND);
    assert_string_equal(err.msg, "GET /containers/missing: the daemon answered HTTP 404: No such container: missing");
    assert_int_equal(engine_get_json(e, "/big", &j, &err), DG_ERR_LIMIT);
    assert_string_equal(err.msg, "GET /big: response larger than 1024 bytes");
    assert_int_equal(engine_get_json(e, "/garbage", &j, &err), DG_ERR_PARSE);
    assert_null(j);
    engine_close(e);

    /* Nothing listening. */
    struct engine_opts o = {.host = "unix:///tmp/dg-test-engine-nothing.sock", .tls = -1, .tls_verify = -1};
    assert_int_equal(engine_open(&o, &e, &err), 0);
    assert_int_equal(engine_negotiate(e, NULL, &err), DG_ERR_IO);
    assert_non_null(strstr(err.msg, "no Docker socket at /tmp/dg-test-engine-nothing.sock"));
    engine_close(e);
    o.host = "tcp://127.0.0.1:1";
    assert_int_equal(engine_open(&o, &e, &err), 0);
    assert_string_equal(engine_endpoint(e), "tcp://127.0.0.1:1");
    assert_int_equal(engine_negotiate(e, NULL, &err), DG_ERR_IO);
    assert_non_null(strstr(err.msg, "unreachable at tcp://127.0.0.1:1"));
    engine_close(e);
}

static void test_client_many(void **state)
{
    struct fake *f = *state;
    struct engine *e = fake_engine(f, 0);
    struct dg_error err = {0};
    assert_int_equal(engine_negotiate(e, NULL, &err), 0);
    enum { N = 40 };
    struct engine_req r[N];
    for (int i = 0; i < N; i++) engine_req_set(&r[i], i % 10 == 9 ? "/missing" : "/ok?i=%d", i);
    unsigned before = f->nreq;
    engine_get_many(e, r, N);
    assert_int_equal(f->nreq - before, N);
    for (int i = 0; i < N; i++) {
        if (i % 10 == 9) {
            assert_int_equal(r[i].rc, DG_ERR_NOTFOUND);
            assert_int_equal(r[i].status, 404);
        } else {
            assert_int_equal(r[i].rc, 0);
            assert_true(json_is_true(json_object_get(r[i].json, "ok")));
        }
        engine_req_free(&r[i]);
    }
    engine_close(e);
}

/* ---- adapters -------------------------------------------------------- */

static void test_adapt_inspect_risky(void **state)
{
    (void)state;
    json_t *j = fixture("container-web.json");
    struct container_spec c;
    struct dg_error err = {0};
    assert_int_equal(engine_container_spec_from_inspect(j, &c, &err), 0);
    assert_string_equal(c.name, "web");
    assert_string_equal(c.image, "dgbase");
    assert_null(c.user);
    assert_true(has_str(&c.cap_add, "NET_ADMIN"));
    assert_true(has_str(&c.cap_add, "SYS_PTRACE"));
    assert_string_equal(c.pid_mode, "host");
    assert_string_equal(c.ipc_mode, "host");
    assert_string_equal(c.network_mode, "none");
    assert_string_equal(c.restart_name, "on-failure");
    assert_int_equal(c.restart_max, 3);
    assert_int_equal(c.memory, 0);
    assert_false(c.read_only);
    const struct cs_mount *m = mount_at(&c, "/var/run/docker.sock");
    assert_non_null(m);
    assert_int_equal(m->type, CS_MOUNT_BIND);
    assert_string_equal(m->source, "/var/run/docker.sock");
    assert_false(m->read_only);
    m = mount_at(&c, "/host/etc");
    assert_non_null(m);
    assert_true(m->read_only);
    m = mount_at(&c, "/data");
    assert_non_null(m);
    assert_int_equal(m->type, CS_MOUNT_VOLUME);
    assert_string_equal(m->source, "data");
    const struct cs_port *p = port_of(&c, 80, "0.0.0.0", true);
    assert_non_null(p);
    assert_int_equal(p->host_lo, 8080);
    p = port_of(&c, 443, "::", true);
    assert_non_null(p);
    assert_int_equal(p->host_lo, 8443);
    p = port_of(&c, 53, NULL, true);
    assert_non_null(p);
    assert_string_equal(p->proto, "udp");
    assert_int_equal(c.devices.n, 1);
    assert_string_equal(c.devices.v[0].s, "/dev/null:/dev/xnull:rw");
    assert_int_equal(c.ulimits.n, 1);
    assert_string_equal(c.ulimits.v[0].key, "nofile");
    assert_string_equal(c.ulimits.v[0].value, "1024:2048");
    assert_string_equal(c.sysctls.v[0].key, "net.core.somaxconn");
    bool secret = false, plain = false;
    for (size_t i = 0; i < c.env.n; i++) {
        if (strcmp(c.env.v[i].key, "SECRET_TOKEN") == 0)
            secret = strcmp(c.env.v[i].value, "abc123") == 0 && !c.env.v[i].value_is_ref;
        /* -e PLAIN with PLAIN unset in the client reaches the daemon as a bare name. */
        if (strcmp(c.env.v[i].key, "PLAIN") == 0) plain = c.env.v[i].value == NULL;
    }
    assert_true(secret);
    assert_true(plain);
    assert_true(c.live.present);
    assert_true(c.live.running);
    assert_true(c.live.pid > 0);
    assert_null(c.live.health_status);
    assert_int_equal(c.healthcheck, 0);
    assert_int_equal(c.live.host_apparmor, -1);
    json_t *info = fixture("info.json");
    engine_container_apply_info(&c, info);
    assert_int_equal(c.live.host_apparmor, 0);
    assert_int_equal(c.live.host_selinux, 0);
    json_decref(info);
    json_t *top = fixture("top-web.json");
    assert_int_equal(engine_container_apply_top(&c, top, &err), 0);
    assert_true(c.live.top_known);
    assert_string_equal(c.live.top_users.v[0], "root");
    assert_string_equal(c.live.top_cmds.v[0], "sleep 300");
    json_decref(top);
    cs_free(&c);
    json_decref(j);
}

static void test_adapt_inspect_hardened(void **state)
{
    (void)state;
    json_t *j = fixture("container-hard.json");
    struct container_spec c;
    struct dg_error err = {0};
    assert_int_equal(engine_container_spec_from_inspect(j, &c, &err), 0);
    assert_string_equal(c.user, "1000:1000");
    assert_true(c.read_only);
    assert_true(has_str(&c.cap_drop, "ALL"));
    assert_int_equal(c.cap_add.n, 0);
    assert_int_equal(c.memory, 64 * 1024 * 1024);
    assert_int_equal(c.nano_cpus, 500000000);
    assert_int_equal(c.pids_limit, 50);
    assert_true(c.no_new_privileges);
    assert_true(c.init);
    assert_int_equal(c.healthcheck, 1);
    assert_string_equal(c.health_test, "true");
    assert_string_equal(c.live.health_status, "healthy");
    const struct cs_port *p = port_of(&c, 80, "127.0.0.1", true);
    assert_non_null(p);
    assert_int_equal(p->host_lo, 8081);
    assert_int_equal(c.tmpfs.n, 1);
    assert_string_equal(c.tmpfs.v[0].s, "/run:rw,noexec");
    assert_string_equal(c.restart_name, "no");
    cs_free(&c);
    json_decref(j);
}

static void test_adapt_inspect_privileged(void **state)
{
    (void)state;
    json_t *j = fixture("container-priv.json");
    struct container_spec c;
    struct dg_error err = {0};
    assert_int_equal(engine_container_spec_from_inspect(j, &c, &err), 0);
    assert_true(c.privileged);
    assert_false(c.live.running);
    assert_int_equal(c.live.pid, 0);
    assert_string_equal(c.network_mode, "host");
    assert_string_equal(c.uts_mode, "host");
    assert_string_equal(c.userns_mode, "host");
    assert_int_equal(c.healthcheck, -1);
    assert_true(c.oom_kill_disable);
    cs_free(&c);
    json_decref(j);
}

static void test_adapt_create_body(void **state)
{
    (void)state;
    json_t *j = fixture("create-body.json");
    struct container_spec c;
    struct dg_error err = {0};
    assert_int_equal(engine_container_spec_from_create(j, "/api", &c, &err), 0);
    assert_string_equal(c.name, "api");
    assert_string_equal(c.image, "nginx:1.25");
    assert_null(c.user);
    assert_true(c.privileged);
    assert_true(c.publish_all);
    assert_true(has_str(&c.cap_add, "SYS_ADMIN"));
    assert_true(has_str(&c.cap_add, "NET_RAW"));
    assert_true(has_str(&c.security_opt, "seccomp=unconfined"));
    assert_true(c.no_new_privileges);
    assert_string_equal(c.network_mode, "host");
    assert_string_equal(c.cgroupns_mode, "host");
    assert_string_equal(c.cgroup_parent, "/custom");
    assert_int_equal(c.nano_cpus, 1500000000);
    assert_int_equal(c.cpu_shares, 512);
    assert_int_equal(c.pids_limit, -1);
    assert_string_equal(c.restart_name, "always");
    assert_string_equal(c.devices.v[0].s, "/dev/mem:/dev/mem:rwm");
    const struct cs_mount *m = mount_at(&c, "/host");
    assert_non_null(m);
    assert_string_equal(m->source, "/");
    assert_true(m->read_only);
    assert_string_equal(m->propagation, "rshared");
    m = mount_at(&c, "/cache");
    assert_int_equal(m->type, CS_MOUNT_VOLUME);
    m = mount_at(&c, "/anon");
    assert_int_equal(m->type, CS_MOUNT_VOLUME);
    assert_null(m->source);
    m = mount_at(&c, "/hostproc");
    assert_string_equal(m->propagation, "shared");
    assert_true(m->read_only);
    m = mount_at(&c, "/scratch");
    assert_int_equal(m->type, CS_MOUNT_TMPFS);
    /* 80 is published twice (all interfaces and ::1); 9090 only exposed. */
    assert_non_null(port_of(&c, 80, NULL, true));
    assert_non_null(port_of(&c, 80, "::1", true));
    const struct cs_port *p = port_of(&c, 443, "0.0.0.0", true);
    assert_int_equal(p->host_lo, 0);
    assert_non_null(port_of(&c, 9090, NULL, false));
    assert_int_equal(c.healthcheck, 1);
    assert_string_equal(c.health_test, "curl -f http://localhost/ || exit 1");
    assert_false(c.live.present);
    cs_free(&c);
    json_decref(j);
}

static void test_adapt_bad_types(void **state)
{
    (void)state;
    struct container_spec c;
    struct dg_error err = {0};
    json_t *j = json_loads("{\"Name\":\"/x\",\"HostConfig\":{\"Privileged\":\"yes\"}}", 0, NULL);
    assert_int_equal(engine_container_spec_from_inspect(j, &c, &err), DG_ERR_PARSE);
    assert_string_equal(err.msg, "container:/x: HostConfig.Privileged: expected true or false");
    cs_free(&c);
    json_decref(j);
    j = json_loads("{\"HostConfig\":{\"CapAdd\":[1]}}", 0, NULL);
    assert_int_equal(engine_container_spec_from_create(j, NULL, &c, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "HostConfig.CapAdd"));
    cs_free(&c);
    json_decref(j);
    j = json_loads("[]", 0, NULL);
    assert_int_equal(engine_container_spec_from_create(j, NULL, &c, &err), DG_ERR_PARSE);
    cs_free(&c);
    json_decref(j);
    /* Over the list bound. */
    json_t *env = json_array();
    for (int i = 0; i <= ENGINE_MAX_LIST; i++) json_array_append_new(env, json_string("A=1"));
    j = json_pack("{s:o}", "Env", env);
    assert_int_equal(engine_container_spec_from_create(j, NULL, &c, &err), DG_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "too many entries"));
    cs_free(&c);
    json_decref(j);
}

static void test_adapt_image(void **state)
{
    (void)state;
    json_t *j = fixture("image-dgbase.json"), *h = fixture("history-dgbase.json");
    struct image_spec s;
    struct dg_error err = {0};
    assert_int_equal(engine_image_spec_from_inspect(j, h, &s, &err), 0);
    assert_string_equal(s.ref, "dgbase:latest");
    assert_null(s.user);
    assert_false(s.user_set);
    assert_int_equal(s.health, IS_HEALTH_UNSET);
    assert_int_equal(s.cmd.n, 1);
    assert_string_equal(s.cmd.v[0], "/bin/sh");
    assert_int_equal(s.nhistory, json_array_size(h));
    assert_true(dg_str_has_prefix(s.history[0].created_by, "") );
    is_free(&s);
    json_decref(j);
    json_decref(h);

    j = json_loads("{\"Id\":\"sha256:0123456789abcdef\",\"RepoTags\":[],\"Config\":{\"User\":\"app\","
                   "\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Entrypoint\":[\"/bin/sh\",\"-c\",\"run\"],"
                   "\"ExposedPorts\":{\"22/tcp\":{}}}}", 0, NULL);
    h = json_loads("[{\"CreatedBy\":\"CMD run\",\"Size\":0},{\"CreatedBy\":\"ADD file:x in /\",\"Size\":100}]", 0,
                   NULL);
    assert_int_equal(engine_image_spec_from_inspect(j, h, &s, &err), 0);
    assert_string_equal(s.ref, "0123456789ab");
    assert_string_equal(s.user, "app");
    assert_true(s.user_set);
    assert_int_equal(s.health, IS_HEALTH_NONE);
    assert_true(s.entrypoint_shell);
    assert_int_equal(s.ports[0].port, 22);
    /* Oldest first, as built. */
    assert_string_equal(s.history[0].created_by, "ADD file:x in /");
    assert_false(s.history[0].empty_layer);
    assert_true(s.history[1].empty_layer);
    is_free(&s);
    json_decref(j);
    json_decref(h);
}

/* ---- live-container rules -------------------------------------------- */

static void live_spec(struct container_spec *c)
{
    cs_init(c);
    c->name = dg_xstrdup("t");
    c->live.present = true;
    c->live.running = true;
    c->live.pid = 42;
    c->live.host_apparmor = 1;
    c->live.host_selinux = 0;
    c->live.apparmor_profile = dg_xstrdup("docker-default");
    c->live.health_status = dg_xstrdup("healthy");
    c->live.top_known = true;
    dg_strv_push(&c->live.top_pids, "42");
    dg_strv_push(&c->live.top_users, "1000");
    dg_strv_push(&c->live.top_cmds, "/app/server --port 80");
}

static void test_live_rules_clean(void **state)
{
    (void)state;
    struct container_spec c;
    struct dg_report r;
    live_spec(&c);
    run(DG_MODEL_CONTAINER, &c, &r);
    const char *ids[] = {"DG-C100", "DG-C102", "DG-C103", "DG-C104", "DG-C105", "DG-C106"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        assert_int_equal(count_rule(&r, ids[i]), 0);
        assert_int_equal(dg_rule_status_of(status(&r, ids[i])), DG_STATUS_PASS);
    }
    /* SELinux off in the daemon: skipped with a reason, never passed. */
    assert_int_equal(dg_rule_status_of(status(&r, "DG-C101")), DG_STATUS_SKIP);
    assert_non_null(strstr(status(&r, "DG-C101")->skip_reason, "SELinux"));
    dg_report_free(&r);
    cs_free(&c);
}

static void test_live_rules_hit(void **state)
{
    (void)state;
    struct container_spec c;
    struct dg_report r;
    live_spec(&c);
    free(c.live.apparmor_profile);
    c.live.apparmor_profile = dg_xstrdup("unconfined");
    c.live.restart_count = 6;
    free(c.live.health_status);
    c.live.health_status = dg_xstrdup("unhealthy");
    free(c.live.top_users.v[0]);
    c.live.top_users.v[0] = dg_xstrdup("root");
    dg_strv_push(&c.live.top_pids, "43");
    dg_strv_push(&c.live.top_users, "root");
    dg_strv_push(&c.live.top_cmds, "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups");
    c.live.host_selinux = 1;
    c.live.process_label = dg_xstrdup("system_u:system_r:spc_t:s0");
    run(DG_MODEL_CONTAINER, &c, &r);
    assert_int_equal(count_rule(&r, "DG-C100"), 1);
    assert_int_equal(count_rule(&r, "DG-C101"), 1);
    assert_int_equal(count_rule(&r, "DG-C102"), 1);
    assert_int_equal(count_rule(&r, "DG-C103"), 1);
    assert_int_equal(count_rule(&r, "DG-C104"), 0);
    assert_int_equal(count_rule(&r, "DG-C105"), 1);
    assert_int_equal(count_rule(&r, "DG-C106"), 1);
    for (size_t i = 0; i < r.n; i++) {
        assert_string_equal(r.findings[i].file, "container:/t");
        assert_int_equal(r.findings[i].line, 0);
    }
    dg_report_free(&r);

    /* Boundaries and the other branches. */
    c.live.restart_count = 5;
    free(c.live.health_status);
    c.live.health_status = NULL;
    free(c.live.apparmor_profile);
    c.live.apparmor_profile = NULL;
    c.live.host_selinux = 1;
    free(c.live.process_label);
    c.live.process_label = dg_xstrdup("system_u:system_r:container_t:s0:c1,c2");
    run(DG_MODEL_CONTAINER, &c, &r);
    assert_int_equal(count_rule(&r, "DG-C100"), 1);   /* no profile at all */
    assert_int_equal(count_rule(&r, "DG-C101"), 0);
    assert_int_equal(count_rule(&r, "DG-C102"), 0);
    assert_int_equal(count_rule(&r, "DG-C103"), 0);
    assert_int_equal(count_rule(&r, "DG-C104"), 1);
    dg_report_free(&r);

    /* Unknowns skip. */
    c.live.host_apparmor = 0;
    c.live.top_known = false;
    run(DG_MODEL_CONTAINER, &c, &r);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-C100")), DG_STATUS_SKIP);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-C105")), DG_STATUS_SKIP);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-C106")), DG_STATUS_SKIP);
    dg_report_free(&r);
    cs_free(&c);
}

static void test_live_rules_not_live(void **state)
{
    (void)state;
    /* A spec from a file or a create request has nothing live to judge. */
    struct container_spec c;
    struct dg_report r;
    cs_init(&c);
    run(DG_MODEL_CONTAINER, &c, &r);
    for (size_t i = 0; i < r.n; i++) assert_false(dg_str_has_prefix(r.findings[i].rule->id, "DG-C1"));
    dg_report_free(&r);
    cs_free(&c);
}

/* ---- processes from /proc ------------------------------------------ */

static void put(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    /* Checked, or gcc at -O3 rejects the possible truncation. */
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
}

static void fake_proc(const char *root, const char *pid, const char *cgroup, const char *cmd, size_t cmdlen,
                      const char *uid)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", root, pid);
    mkdir(dir, 0755);
    put(dir, "cgroup", cgroup, strlen(cgroup));
    put(dir, "cmdline", cmd, cmdlen);
    put(dir, "comm", "kworker\n", 8);
    char st[128];
    snprintf(st, sizeof st, "Name:\tx\nUid:\t%s\t%s\t%s\t%s\nGid:\t0\t0\t0\t0\n", uid, uid, uid, uid);
    put(dir, "status", st, strlen(st));
}

static void test_procs(void **state)
{
    (void)state;
    char root[] = "/tmp/dg-test-proc-XXXXXX";
    assert_non_null(mkdtemp(root));
    const char *ctr = "0::/system.slice/docker-abc.scope\n";
    const char *host = "0::/init.scope\n";
    fake_proc(root, "1", host, "/sbin/init\0", 11, "0");
    fake_proc(root, "100", ctr, "/usr/sbin/sshd\0-D\0", 18, "0");
    fake_proc(root, "101", ctr, "", 0, "1000");
    fake_proc(root, "200", "0::/system.slice/docker-def.scope\n", "sleep\0" "9\0", 8, "0");
    fake_proc(root, "self", host, "x", 1, "0");
    struct engine_procs *p = engine_procs_scan(root);
    assert_non_null(p);
    struct container_spec c;
    cs_init(&c);
    c.live.present = c.live.running = true;
    c.live.pid = 100;
    assert_int_equal(engine_procs_apply(p, &c), 0);
    assert_true(c.live.top_known);
    assert_int_equal(c.live.top_pids.n, 2);
    assert_string_equal(c.live.top_pids.v[0], "100");
    assert_string_equal(c.live.top_cmds.v[0], "/usr/sbin/sshd -D");
    assert_string_equal(c.live.top_users.v[0], "0");
    assert_string_equal(c.live.top_cmds.v[1], "[kworker]");
    assert_string_equal(c.live.top_users.v[1], "1000");
    /* The rules read it the same way as GET /top. */
    c.live.host_apparmor = 0;
    c.live.health_status = dg_xstrdup("healthy");
    struct dg_report r;
    run(DG_MODEL_CONTAINER, &c, &r);
    assert_int_equal(count_rule(&r, "DG-C105"), 1);
    assert_int_equal(count_rule(&r, "DG-C106"), 1);
    dg_report_free(&r);
    cs_free(&c);
    /* Same cgroup as the auditor: cannot tell; unknown pid: cannot tell. */
    cs_init(&c);
    c.live.pid = 1;
    assert_int_equal(engine_procs_apply(p, &c), -1);
    assert_false(c.live.top_known);
    c.live.pid = 4242;
    assert_int_equal(engine_procs_apply(p, &c), -1);
    cs_free(&c);
    engine_procs_free(p);
    assert_null(engine_procs_scan("/nonexistent-proc"));
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

/* ---- inventory rules ------------------------------------------------- */

static void test_inventory(void **state)
{
    (void)state;
    json_t *il = fixture("images-list.json"), *cl = fixture("containers-list.json");
    struct inventory v;
    struct dg_error err = {0};
    struct dg_report r;
    assert_int_equal(engine_inventory_from_lists(il, cl, &v, &err), 0);
    assert_true(v.present);
    assert_int_equal(v.nimages, 1);
    assert_int_equal(v.ncontainers, 3);
    assert_int_equal(v.images[0].containers, 3);
    v.content_trust = dg_xstrdup("1");
    run(DG_MODEL_INVENTORY, &v, &r);
    assert_int_equal(r.n, 0);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-D100")), DG_STATUS_PASS);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-D103")), DG_STATUS_PASS);
    dg_report_free(&r);
    inv_free(&v);
    json_decref(il);
    json_decref(cl);

    /* Sprawl: dangling images, mostly unused images, many stopped containers. */
    inv_init(&v);
    v.present = true;
    for (int i = 0; i < 6; i++) {
        struct inv_image *im = inv_add_image(&v);
        im->id = dg_xasprintf("sha256:%064d", i);
        im->size = 1000000;
        if (i > 0) dg_strv_push(&im->tags, "app:old");
    }
    for (int i = 0; i < 26; i++) {
        struct inv_container *c = inv_add_container(&v);
        c->id = dg_xasprintf("%064d", i);
        c->image_id = dg_xasprintf("sha256:%064d", 5);
        c->running = false;
    }
    inv_link(&v);
    run(DG_MODEL_INVENTORY, &v, &r);
    assert_int_equal(count_rule(&r, "DG-D100"), 1);
    assert_int_equal(count_rule(&r, "DG-D101"), 1);   /* 4 of 6 unused */
    assert_int_equal(count_rule(&r, "DG-D102"), 1);   /* 26 stopped */
    assert_int_equal(count_rule(&r, "DG-D103"), 1);   /* not set */
    dg_report_free(&r);
    /* Exactly at the thresholds: 25 stopped, half unused. */
    v.containers[25].running = true;
    free(v.containers[0].image_id);
    v.containers[0].image_id = dg_xasprintf("sha256:%064d", 4);
    free(v.containers[1].image_id);
    v.containers[1].image_id = dg_xasprintf("sha256:%064d", 3);
    inv_link(&v);
    v.content_trust = dg_xstrdup("0");
    run(DG_MODEL_INVENTORY, &v, &r);
    assert_int_equal(count_rule(&r, "DG-D101"), 0);
    assert_int_equal(count_rule(&r, "DG-D102"), 0);
    assert_int_equal(count_rule(&r, "DG-D103"), 1);
    dg_report_free(&r);
    inv_free(&v);

    /* Lists unreadable: skip, never pass. */
    inv_init(&v);
    run(DG_MODEL_INVENTORY, &v, &r);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-D100")), DG_STATUS_SKIP);
    assert_int_equal(dg_rule_status_of(status(&r, "DG-D102")), DG_STATUS_SKIP);
    dg_report_free(&r);
    inv_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_host),
        cmocka_unit_test(test_api_cmp),
        cmocka_unit_test(test_parse_body),
        cmocka_unit_test_setup_teardown(test_client_negotiate, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_client_errors, fake_setup, fake_teardown),
        cmocka_unit_test_setup_teardown(test_client_many, fake_setup, fake_teardown),
        cmocka_unit_test(test_adapt_inspect_risky),
        cmocka_unit_test(test_adapt_inspect_hardened),
        cmocka_unit_test(test_adapt_inspect_privileged),
        cmocka_unit_test(test_adapt_create_body),
        cmocka_unit_test(test_adapt_bad_types),
        cmocka_unit_test(test_adapt_image),
        cmocka_unit_test(test_live_rules_clean),
        cmocka_unit_test(test_live_rules_hit),
        cmocka_unit_test(test_live_rules_not_live),
        cmocka_unit_test(test_procs),
        cmocka_unit_test(test_inventory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
