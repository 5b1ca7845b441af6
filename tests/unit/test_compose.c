/* Unit tests for src/compose: every syntax of the security-relevant keys with
 * exact values and lines, interpolation, anchors and merge keys, file
 * merging, extends, env files, errors with file:line, and hostile YAML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/lint_sources.h"
#include "compose/compose.h"
#include "compose/envfile.h"
#include "core/error.h"
#include "core/util.h"

/* ---- helpers ---- */

struct proj {
    char dir[64];
    struct compose_project p;
    struct dg_error err;
    bool loaded;
};

static void proj_new(struct proj *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/dgcomposeXXXXXX");
    assert_non_null(mkdtemp(t->dir));
}

static char *path_in(struct proj *t, const char *name)
{
    return dg_xasprintf("%s/%s", t->dir, name);
}

static void put(struct proj *t, const char *name, const char *text)
{
    char *p = path_in(t, name);
    char *slash = strrchr(p, '/');
    if (slash && slash != p) {
        /* create one level of sub-folder when the name has one */
        char *d = dg_xstrndup(p, (size_t)(slash - p));
        mkdir(d, 0700);
        free(d);
    }
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    free(p);
}

static int load_n(struct proj *t, const char *const *names, size_t n)
{
    char *paths[8];
    for (size_t i = 0; i < n; i++) paths[i] = path_in(t, names[i]);
    int rc = compose_load((const char *const *)paths, n, &t->p, &t->err);
    for (size_t i = 0; i < n; i++) free(paths[i]);
    t->loaded = rc == 0;
    return rc;
}

static int load1(struct proj *t, const char *text)
{
    put(t, "compose.yaml", text);
    const char *n[1] = {"compose.yaml"};
    return load_n(t, n, 1);
}

static void proj_free(struct proj *t)
{
    if (t->loaded) compose_project_free(&t->p);
    char *cmd = dg_xasprintf("rm -rf '%s'", t->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static struct container_spec *svc(struct proj *t, const char *name)
{
    for (size_t i = 0; i < t->p.nservices; i++)
        if (strcmp(t->p.services[i].spec.name, name) == 0) return &t->p.services[i].spec;
    fail_msg("no service %s", name);
    return NULL;
}

static const struct cs_kv *kv(const struct cs_kvs *l, const char *key, size_t nth)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].key, key) == 0 && nth-- == 0) return &l->v[i];
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    return s && dg_str_has_suffix(s, suffix);
}

/* The error message must start with "<dir>/<file>:<line>: ". */
static void assert_err_at(struct proj *t, const char *file, int line)
{
    char *want = dg_xasprintf("%s/%s:%d: ", t->dir, file, line);
    if (strncmp(t->err.msg, want, strlen(want)) != 0) fail_msg("error \"%s\" is not at %s", t->err.msg, want);
    free(want);
}

/* ---- scalar keys ---- */

static void test_scalar_keys(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"                        /* 1 */
                           "  app:\n"                           /* 2 */
                           "    image: acme/app:1.2\n"          /* 3 */
                           "    user: 1000\n"                   /* 4 */
                           "    privileged: yes\n"              /* 5 */
                           "    read_only: true\n"              /* 6 */
                           "    init: false\n"                  /* 7 */
                           "    oom_kill_disable: True\n"       /* 8 */
                           "    network_mode: host\n"           /* 9 */
                           "    pid: host\n"                    /* 10 */
                           "    ipc: shareable\n"               /* 11 */
                           "    uts: host\n"                    /* 12 */
                           "    userns_mode: host\n"            /* 13 */
                           "    cgroup_parent: /custom\n"       /* 14 */
                           "    cgroup: host\n"                 /* 15 */
                           "    mem_limit: 512m\n"              /* 16 */
                           "    mem_reservation: 128000\n"      /* 17 */
                           "    memswap_limit: -1\n"            /* 18 */
                           "    cpus: 1.5\n"                    /* 19 */
                           "    cpu_quota: 50ms\n"              /* 20 */
                           "    cpu_period: 100000\n"           /* 21 */
                           "    cpu_shares: 512\n"              /* 22 */
                           "    pids_limit: 100\n"              /* 23 */
                           "    container_name: app1\n"         /* 24 */
                           "    restart: on-failure:5\n"        /* 25 */
                           "    cap_add: [NET_ADMIN, cap_sys_time]\n" /* 26 */
                           "    cap_drop:\n"                    /* 27 */
                           "      - ALL\n"                      /* 28 */
                           "    security_opt: [no-new-privileges:true, seccomp=unconfined]\n" /* 29 */
                           "    tmpfs: /run\n"),                /* 30 */
                     0);
    struct container_spec *c = svc(&t, "app");
    assert_string_equal(c->image, "acme/app:1.2");
    assert_int_equal(c->pos[CS_IMAGE].line, 3);
    assert_true(ends_with(c->pos[CS_IMAGE].file, "/compose.yaml"));
    assert_int_equal(c->pos[CS_IMAGE].col, 5);
    assert_string_equal(c->user, "1000");
    assert_int_equal(c->pos[CS_USER].line, 4);
    assert_true(c->privileged);
    assert_int_equal(c->pos[CS_PRIVILEGED].line, 5);
    assert_true(c->read_only);
    assert_false(c->init);
    assert_int_equal(c->pos[CS_INIT].line, 7);
    assert_true(c->oom_kill_disable);
    assert_string_equal(c->network_mode, "host");
    assert_int_equal(c->pos[CS_NETWORK].line, 9);
    assert_string_equal(c->pid_mode, "host");
    assert_string_equal(c->ipc_mode, "shareable");
    assert_string_equal(c->uts_mode, "host");
    assert_string_equal(c->userns_mode, "host");
    assert_string_equal(c->cgroup_parent, "/custom");
    assert_string_equal(c->cgroupns_mode, "host");
    assert_int_equal(c->pos[CS_CGROUPNS].line, 15);
    assert_int_equal(c->memory, 512 * 1024 * 1024);
    assert_int_equal(c->pos[CS_MEMORY].line, 16);
    assert_int_equal(c->memory_reservation, 128000);
    assert_int_equal(c->memory_swap, -1);
    assert_int_equal(c->nano_cpus, 1500000000);
    assert_int_equal(c->cpu_quota, 50000);
    assert_int_equal(c->cpu_period, 100000);
    assert_int_equal(c->cpu_shares, 512);
    assert_int_equal(c->pids_limit, 100);
    assert_int_equal(c->pos[CS_PIDS_LIMIT].line, 23);
    assert_string_equal(c->restart_name, "on-failure");
    assert_int_equal(c->restart_max, 5);
    assert_int_equal(c->pos[CS_RESTART].line, 25);
    assert_int_equal(c->cap_add.n, 2);
    assert_string_equal(c->cap_add.v[1].s, "cap_sys_time");
    assert_int_equal(c->cap_add.v[1].pos.line, 26);
    assert_int_equal(c->cap_drop.n, 1);
    assert_int_equal(c->cap_drop.v[0].pos.line, 28);
    assert_int_equal(c->security_opt.n, 2);
    assert_string_equal(c->security_opt.v[1].s, "seccomp=unconfined");
    assert_int_equal(c->tmpfs.n, 1);
    assert_string_equal(c->tmpfs.v[0].s, "/run");
    assert_string_equal(c->name, "app");
    assert_int_equal(c->pos[CS_NAME].line, 2);
    cs_normalize(c);
    assert_string_equal(c->cap_add.v[1].s, "SYS_TIME");
    assert_true(c->no_new_privileges);
    proj_free(&t);
}

/* ---- ports ---- */

static void port_ok(const char *spec, const char *ip, unsigned hlo, unsigned hhi, unsigned clo, unsigned chi,
                    const char *proto)
{
    struct cs_port p = {0};
    const char *why = NULL;
    if (compose_parse_port(spec, &p, &why) != 0) fail_msg("%s: %s", spec, why);
    if (ip) assert_string_equal(p.host_ip, ip);
    else assert_null(p.host_ip);
    assert_int_equal(p.host_lo, hlo);
    assert_int_equal(p.host_hi, hhi);
    assert_int_equal(p.ctr_lo, clo);
    assert_int_equal(p.ctr_hi, chi);
    assert_string_equal(p.proto, proto);
    assert_true(p.published);
    assert_string_equal(p.raw, spec);
    free(p.host_ip); free(p.proto); free(p.raw);
}

static void port_bad(const char *spec)
{
    struct cs_port p = {0};
    const char *why = NULL;
    if (compose_parse_port(spec, &p, &why) == 0) fail_msg("%s accepted", spec);
    assert_non_null(why);
    assert_null(p.host_ip);
}

static void test_port_specs(void **state)
{
    (void)state;
    port_ok("80", NULL, 0, 0, 80, 80, "tcp");
    port_ok("8080:80", NULL, 8080, 8080, 80, 80, "tcp");
    port_ok("127.0.0.1:8080:80", "127.0.0.1", 8080, 8080, 80, 80, "tcp");
    port_ok("127.0.0.1::80", "127.0.0.1", 0, 0, 80, 80, "tcp");
    port_ok("0.0.0.0:53:53/udp", "0.0.0.0", 53, 53, 53, 53, "udp");
    port_ok("[::1]:8080:80", "::1", 8080, 8080, 80, 80, "tcp");
    /* The Docker CLI splits from the right: everything before the host port is the IP. */
    port_ok("::1:8080:80", "::1", 8080, 8080, 80, 80, "tcp");
    port_ok("::ffff:10.0.0.1:5000:5000/sctp", "::ffff:10.0.0.1", 5000, 5000, 5000, 5000, "sctp");
    port_ok("[2001:4860:0:2001::68]::333", "2001:4860:0:2001::68", 0, 0, 333, 333, "tcp");
    port_ok("9000-9005:9000-9005", NULL, 9000, 9005, 9000, 9005, "tcp");
    port_ok("9000-9005:80", NULL, 9000, 9005, 80, 80, "tcp");
    port_ok("3000-3005", NULL, 0, 0, 3000, 3005, "tcp");
    port_ok("8080:80/UDP", NULL, 8080, 8080, 80, 80, "udp");
    port_bad("");
    port_bad("8080:");
    port_bad("abc");
    port_bad("70000:80");
    port_bad("9000-9001:80-82");
    port_bad("5-1:5-1");
    port_bad("300.1.1.1:80:80");
    port_bad("[::1:80:80");
    port_bad("80/icmp");
}

static void test_ports_in_file(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  web:\n"
                           "    image: nginx\n"
                           "    ports:\n"                         /* 4 */
                           "      - 80\n"                         /* 5 */
                           "      - 8080:80\n"                    /* 6 */
                           "      - \"[::1]:8443:443\"\n"         /* 7 */
                           "      - target: 53\n"                 /* 8 */
                           "        published: \"5353\"\n"
                           "        host_ip: 10.1.2.3\n"
                           "        protocol: udp\n"
                           "      - target: 9000\n"               /* 12 */
                           "        published: 9000-9010\n"
                           "    expose:\n"                        /* 14 */
                           "      - 3000\n"                       /* 15 */
                           "      - \"4000-4001/udp\"\n"),       /* 16 */
                     0);
    struct container_spec *c = svc(&t, "web");
    assert_int_equal(c->nports, 7);
    assert_int_equal(c->pos[CS_PORTS].line, 4);
    assert_int_equal(c->ports[0].ctr_lo, 80);
    assert_int_equal(c->ports[0].host_lo, 0);
    assert_int_equal(c->ports[0].pos.line, 5);
    assert_int_equal(c->ports[1].host_lo, 8080);
    assert_string_equal(c->ports[2].host_ip, "::1");
    assert_int_equal(c->ports[2].pos.line, 7);
    assert_string_equal(c->ports[3].host_ip, "10.1.2.3");
    assert_int_equal(c->ports[3].host_lo, 5353);
    assert_int_equal(c->ports[3].ctr_lo, 53);
    assert_string_equal(c->ports[3].proto, "udp");
    assert_int_equal(c->ports[3].pos.line, 8);
    assert_true(c->ports[3].published);
    assert_null(c->ports[4].host_ip);
    assert_int_equal(c->ports[4].host_lo, 9000);
    assert_int_equal(c->ports[4].host_hi, 9010);
    assert_false(c->ports[5].published);
    assert_int_equal(c->ports[5].ctr_lo, 3000);
    assert_int_equal(c->ports[5].pos.line, 15);
    assert_false(c->ports[6].published);
    assert_int_equal(c->ports[6].ctr_hi, 4001);
    assert_string_equal(c->ports[6].proto, "udp");
    proj_free(&t);
}

/* ---- volumes ---- */

static void test_volumes(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  app:\n"
                           "    image: a\n"
                           "    volumes:\n"                                        /* 4 */
                           "      - /var/run/docker.sock:/var/run/docker.sock:ro\n" /* 5 */
                           "      - ./src:/src:rw,z\n"                             /* 6 */
                           "      - ../up:/up\n"                                   /* 7 */
                           "      - ~/.ssh:/root/.ssh:ro\n"                        /* 8 */
                           "      - data:/data\n"                                  /* 9 */
                           "      - /anon\n"                                       /* 10 */
                           "      - /:/host:rshared\n"                             /* 11 */
                           "      - hostdir:/etc-host\n"                           /* 12 */
                           "      - type: bind\n"                                  /* 13 */
                           "        source: /etc\n"
                           "        target: /host-etc\n"
                           "        read_only: true\n"
                           "        bind:\n"
                           "          propagation: rslave\n"
                           "      - type: volume\n"                                /* 19 */
                           "        source: data\n"
                           "        target: /d2\n"
                           "      - type: tmpfs\n"                                 /* 22 */
                           "        target: /tmp\n"
                           "volumes:\n"
                           "  data: {}\n"
                           "  hostdir:\n"
                           "    driver: local\n"
                           "    driver_opts:\n"
                           "      type: none\n"
                           "      o: bind\n"
                           "      device: /etc\n"),
                     0);
    struct container_spec *c = svc(&t, "app");
    assert_int_equal(c->nmounts, 11);
    assert_int_equal(c->pos[CS_VOLUMES].line, 4);
    struct cs_mount *m = c->mounts;
    assert_int_equal(m[0].type, CS_MOUNT_BIND);
    assert_string_equal(m[0].source, "/var/run/docker.sock");
    assert_string_equal(m[0].target, "/var/run/docker.sock");
    assert_true(m[0].read_only);
    assert_int_equal(m[0].pos.line, 5);
    assert_string_equal(m[0].raw, "/var/run/docker.sock:/var/run/docker.sock:ro");
    assert_int_equal(m[1].type, CS_MOUNT_BIND);
    assert_false(m[1].read_only);
    assert_int_equal(m[2].type, CS_MOUNT_BIND);
    assert_string_equal(m[2].source, "../up");
    assert_int_equal(m[3].type, CS_MOUNT_BIND);
    assert_true(m[3].read_only);
    assert_int_equal(m[4].type, CS_MOUNT_VOLUME);
    assert_string_equal(m[4].source, "data");
    assert_int_equal(m[5].type, CS_MOUNT_VOLUME);
    assert_null(m[5].source);
    assert_string_equal(m[5].target, "/anon");
    assert_string_equal(m[6].source, "/");
    assert_string_equal(m[6].propagation, "rshared");
    assert_int_equal(m[6].pos.line, 11);
    /* a named volume that is a bind of /etc */
    assert_int_equal(m[7].type, CS_MOUNT_BIND);
    assert_string_equal(m[7].source, "/etc");
    assert_int_equal(m[7].pos.line, 12);
    assert_int_equal(m[8].type, CS_MOUNT_BIND);
    assert_string_equal(m[8].source, "/etc");
    assert_string_equal(m[8].target, "/host-etc");
    assert_true(m[8].read_only);
    assert_string_equal(m[8].propagation, "rslave");
    assert_int_equal(m[8].pos.line, 13);
    assert_int_equal(m[9].type, CS_MOUNT_VOLUME);
    assert_int_equal(m[10].type, CS_MOUNT_TMPFS);
    assert_string_equal(m[10].target, "/tmp");
    proj_free(&t);
}

/* ---- environment, .env and env_file ---- */

static void test_environment(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    unsetenv("DGT_DB_PASSWORD");
    unsetenv("DGT_UNSET");
    setenv("DGT_FROM_SHELL", "shellvalue", 1);
    put(&t, ".env", "# comment\nexport DGT_DB_PASSWORD=\"s3cr3t-from-dotenv\"\nDGT_TAG=1.25 # trailing\n"
                    "DGT_FROM_SHELL=dotenv-loses\n");
    put(&t, "app.env", "API_TOKEN=literal-token-in-env-file\nBARE\nQUOTED='a b # c'\n");
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  m:\n"
                           "    image: nginx:${DGT_TAG}\n"                 /* 3 */
                           "    env_file: app.env\n"                      /* 4 */
                           "    environment:\n"                           /* 5 */
                           "      DB_PASSWORD: ${DGT_DB_PASSWORD}\n"      /* 6 */
                           "      PLAIN: hunter2\n"                       /* 7 */
                           "      NUM: 3\n"                               /* 8 */
                           "      FLAG: true\n"                           /* 9 */
                           "      EMPTY:\n"                               /* 10 */
                           "      WITH_DEFAULT: ${DGT_UNSET:-fallbackpw}\n" /* 11 */
                           "      SHELL: $DGT_FROM_SHELL\n"               /* 12 */
                           "      ESCAPED: \"pa$$word\"\n"                /* 13 */
                           "  l:\n"
                           "    image: x\n"
                           "    env_file:\n"
                           "      - path: ./missing.env\n"
                           "        required: false\n"
                           "      - app.env\n"
                           "    environment:\n"
                           "      - A=1\n"                                /* 21 */
                           "      - B\n"                                  /* 22 */
                           "      - C=${DGT_DB_PASSWORD}\n"              /* 23 */
                           "  bare:\n"
                           "    image: x\n"
                           "    environment:\n"
                           "      - DGT_DB_PASSWORD\n"),
                     0);
    struct container_spec *c = svc(&t, "m");
    assert_string_equal(c->image, "nginx:1.25");
    /* env_file entries come first, literal, positioned in the env file */
    const struct cs_kv *e = kv(&c->env, "API_TOKEN", 0);
    assert_non_null(e);
    assert_string_equal(e->value, "literal-token-in-env-file");
    assert_false(e->value_is_ref);
    assert_int_equal(e->pos.line, 1);
    assert_true(ends_with(e->pos.file, "/app.env"));
    e = kv(&c->env, "BARE", 0);
    assert_null(e->value);
    assert_string_equal(kv(&c->env, "QUOTED", 0)->value, "a b # c");
    assert_int_equal(c->env_files.n, 1);
    assert_int_equal(c->env_files.v[0].pos.line, 4);
    /* a reference is kept as written and flagged, never resolved into the report */
    e = kv(&c->env, "DB_PASSWORD", 0);
    assert_string_equal(e->value, "${DGT_DB_PASSWORD}");
    assert_true(e->value_is_ref);
    assert_int_equal(e->pos.line, 6);
    /* ...while the literal that .env holds is reported where it is written */
    e = kv(&c->env, "DGT_DB_PASSWORD", 0);
    assert_non_null(e);
    assert_string_equal(e->value, "s3cr3t-from-dotenv");
    assert_false(e->value_is_ref);
    assert_true(ends_with(e->pos.file, "/.env"));
    assert_int_equal(e->pos.line, 2);
    e = kv(&c->env, "PLAIN", 0);
    assert_string_equal(e->value, "hunter2");
    assert_false(e->value_is_ref);
    assert_int_equal(e->pos.line, 7);
    assert_string_equal(kv(&c->env, "NUM", 0)->value, "3");
    assert_string_equal(kv(&c->env, "FLAG", 0)->value, "true");
    assert_null(kv(&c->env, "EMPTY", 0)->value);
    /* a default written in the compose file is a literal there */
    e = kv(&c->env, "WITH_DEFAULT", 0);
    assert_true(e->value_is_ref);
    e = kv(&c->env, "WITH_DEFAULT", 1);
    assert_non_null(e);
    assert_string_equal(e->value, "fallbackpw");
    assert_false(e->value_is_ref);
    assert_int_equal(e->pos.line, 11);
    /* the shell's value wins over .env, and is not a literal anywhere */
    e = kv(&c->env, "SHELL", 0);
    assert_true(e->value_is_ref);
    assert_null(kv(&c->env, "DGT_FROM_SHELL", 0));
    e = kv(&c->env, "ESCAPED", 0);
    assert_string_equal(e->value, "pa$word");
    assert_false(e->value_is_ref);

    c = svc(&t, "l");
    assert_int_equal(c->env_files.n, 1);
    assert_string_equal(kv(&c->env, "A", 0)->value, "1");
    assert_int_equal(kv(&c->env, "A", 0)->pos.line, 21);
    assert_null(kv(&c->env, "B", 0)->value);
    e = kv(&c->env, "C", 0);
    assert_string_equal(e->value, "${DGT_DB_PASSWORD}");
    assert_true(e->value_is_ref);
    assert_non_null(kv(&c->env, "DGT_DB_PASSWORD", 0));
    /* a bare KEY takes the .env value: a literal at its .env line */
    c = svc(&t, "bare");
    assert_null(kv(&c->env, "DGT_DB_PASSWORD", 0)->value);
    e = kv(&c->env, "DGT_DB_PASSWORD", 1);
    assert_non_null(e);
    assert_string_equal(e->value, "s3cr3t-from-dotenv");
    assert_int_equal(e->pos.line, 2);
    assert_false(e->value_is_ref);
    unsetenv("DGT_FROM_SHELL");
    proj_free(&t);
}

static void test_env_file_missing_required(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_not_equal(load1(&t, "services:\n  a:\n    image: x\n    env_file:\n      - nothere.env\n"), 0);
    assert_err_at(&t, "compose.yaml", 5);
    proj_free(&t);
    /* a FIFO or a device is refused instead of blocking */
    proj_new(&t);
    char *fifo = path_in(&t, "fifo.env");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    free(fifo);
    assert_int_not_equal(load1(&t, "services:\n  a:\n    image: x\n    env_file: [fifo.env]\n"), 0);
    assert_non_null(strstr(t.err.msg, "not a regular file"));
    proj_free(&t);
    proj_new(&t);
    assert_int_not_equal(load1(&t, "services:\n  a:\n    extends: {file: /dev/zero, service: b}\n"), 0);
    assert_non_null(strstr(t.err.msg, "not a regular file"));
    proj_free(&t);
    proj_new(&t);
    put(&t, "bad.env", "OK=1\nnot a valid line\n");
    assert_int_not_equal(load1(&t, "services:\n  a:\n    image: x\n    env_file: bad.env\n"), 0);
    assert_non_null(strstr(t.err.msg, "bad.env:2:"));
    proj_free(&t);
}

static const char *fake_lookup(void *ud, const char *name, size_t len, enum interp_source *src, int *line)
{
    (void)ud;
    *line = 0;
    *src = INTERP_PROCESS;
    if (len == 3 && memcmp(name, "SET", 3) == 0) return "v";
    if (len == 5 && memcmp(name, "EMPTY", 5) == 0) return "";
    *src = INTERP_UNSET;
    return NULL;
}

static void expect_interp(const char *in, const char *out, bool used)
{
    struct dg_buf b;
    dg_buf_init(&b, 0);
    struct dg_error e = {0};
    bool u = !used;
    if (interp_expand(in, strlen(in), fake_lookup, NULL, NULL, NULL, &b, &u, "f", 1, &e) != 0)
        fail_msg("%s: %s", in, e.msg);
    assert_string_equal(b.data ? b.data : "", out);
    assert_int_equal(u, used);
    dg_buf_free(&b);
}

static void expect_interp_error(const char *in, const char *msg_part)
{
    struct dg_buf b;
    dg_buf_init(&b, 0);
    struct dg_error e = {0};
    assert_int_not_equal(interp_expand(in, strlen(in), fake_lookup, NULL, NULL, NULL, &b, NULL, "c.yml", 7, &e), 0);
    if (!strstr(e.msg, msg_part) || strncmp(e.msg, "c.yml:7: ", 9) != 0) fail_msg("%s: %s", in, e.msg);
    dg_buf_free(&b);
}

static void test_interpolation(void **state)
{
    (void)state;
    expect_interp("plain", "plain", false);
    expect_interp("$$HOME", "$HOME", false);
    expect_interp("a${SET}b", "avb", true);
    expect_interp("$SET/x", "v/x", true);
    expect_interp("${NOPE}", "", true);
    expect_interp("${NOPE:-d}", "d", true);
    expect_interp("${EMPTY:-d}", "d", true);
    expect_interp("${EMPTY-d}", "", true);
    expect_interp("${NOPE-d}", "d", true);
    expect_interp("${SET:+alt}", "alt", true);
    expect_interp("${EMPTY:+alt}", "", true);
    expect_interp("${EMPTY+alt}", "alt", true);
    expect_interp("${NOPE+alt}", "", true);
    expect_interp("${SET:?boom}", "v", true);
    expect_interp("${EMPTY?boom}", "", true);
    expect_interp("${NOPE:-${SET}}", "v", true);
    expect_interp("${NOPE:-${NOPE2:-deep}}", "deep", true);
    expect_interp_error("${NOPE:?need NOPE}", "required variable NOPE is not set: need NOPE");
    expect_interp_error("${EMPTY:?must be set}", "required variable EMPTY is empty");
    expect_interp_error("${NOPE?x}", "required variable NOPE");
    expect_interp_error("cost $5", "invalid interpolation");
    expect_interp_error("${", "invalid interpolation");
    expect_interp_error("${SET", "invalid interpolation");
    expect_interp_error("${1X}", "invalid interpolation");
    expect_interp_error("${SET:x}", "invalid interpolation");
    expect_interp_error("end$", "invalid interpolation");
}

static void test_interpolation_error_in_file(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    unsetenv("DGT_REQUIRED");
    assert_int_not_equal(load1(&t, "services:\n  a:\n    image: x\n    user: ${DGT_REQUIRED:?set the user}\n"), 0);
    assert_err_at(&t, "compose.yaml", 4);
    assert_non_null(strstr(t.err.msg, "set the user"));
    proj_free(&t);
}

static void test_dotenv_parse(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF# c\n\nA=1\nexport B = two words \nC='lit $X # no'\nD=\"l1\\nl2 \\\"q\\\"\"\n"
                       "E=\"multi\nline\"\nF=a#b\nG\nH= # empty\n";
    struct envfile e;
    struct dg_error err = {0};
    assert_int_equal(envfile_parse(text, strlen(text), "x.env", &e, &err), 0);
    assert_int_equal(e.n, 8);
    assert_string_equal(e.v[0].key, "A");
    assert_int_equal(e.v[0].line, 3);
    assert_string_equal(e.v[1].key, "B");
    assert_string_equal(e.v[1].value, "two words");
    assert_string_equal(e.v[2].value, "lit $X # no");
    assert_string_equal(e.v[3].value, "l1\nl2 \"q\"");
    assert_string_equal(e.v[4].value, "multi\nline");
    assert_int_equal(e.v[4].line, 7);
    assert_string_equal(e.v[5].value, "a#b");
    assert_int_equal(e.v[5].line, 9);
    assert_null(e.v[6].value);
    assert_string_equal(e.v[7].value, "");
    envfile_free(&e);
    const char *bad1 = "A=1\nB=\"open\n";
    assert_int_not_equal(envfile_parse(bad1, strlen(bad1), "x.env", &e, &err), 0);
    assert_non_null(strstr(err.msg, "x.env:2:"));
    envfile_free(&e);
    const char *bad2 = "A='x' junk\n";
    assert_int_not_equal(envfile_parse(bad2, strlen(bad2), "x.env", &e, &err), 0);
    envfile_free(&e);
}

/* ---- other keys ---- */

static void test_kv_keys(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  a:\n"
                           "    image: x\n"
                           "    sysctls:\n"                       /* 4 */
                           "      net.ipv4.ip_forward: 1\n"       /* 5 */
                           "    ulimits:\n"                       /* 6 */
                           "      nproc: 65535\n"                 /* 7 */
                           "      nofile:\n"                      /* 8 */
                           "        soft: 1024\n"
                           "        hard: 4096\n"
                           "    labels:\n"
                           "      - com.example=1\n"
                           "    devices:\n"                       /* 13 */
                           "      - /dev/fuse:/dev/fuse:rwm\n"    /* 14 */
                           "      - source: /dev/kvm\n"           /* 15 */
                           "        permissions: rw\n"
                           "    secrets:\n"
                           "      - db\n"                         /* 18 */
                           "      - source: api\n"                /* 19 */
                           "        target: api_key\n"
                           "  b:\n"
                           "    image: y\n"
                           "    sysctls:\n"
                           "      - net.core.somaxconn=1024\n"    /* 24 */
                           "    tmpfs:\n"
                           "      - /run\n"
                           "      - /tmp:size=64m\n"
                           "secrets:\n"
                           "  db:\n"
                           "    file: ./db.txt\n"
                           "  api:\n"
                           "    environment: API\n"),
                     0);
    struct container_spec *c = svc(&t, "a");
    assert_int_equal(c->sysctls.n, 1);
    assert_string_equal(c->sysctls.v[0].key, "net.ipv4.ip_forward");
    assert_string_equal(c->sysctls.v[0].value, "1");
    assert_int_equal(c->sysctls.v[0].pos.line, 5);
    assert_int_equal(c->pos[CS_SYSCTLS].line, 4);
    assert_string_equal(kv(&c->ulimits, "nproc", 0)->value, "65535");
    assert_string_equal(kv(&c->ulimits, "nofile", 0)->value, "1024:4096");
    assert_int_equal(kv(&c->ulimits, "nofile", 0)->pos.line, 8);
    assert_string_equal(kv(&c->labels, "com.example", 0)->value, "1");
    assert_int_equal(c->devices.n, 2);
    assert_string_equal(c->devices.v[0].s, "/dev/fuse:/dev/fuse:rwm");
    assert_string_equal(c->devices.v[1].s, "/dev/kvm:/dev/kvm:rw");
    assert_int_equal(c->devices.v[1].pos.line, 15);
    assert_int_equal(c->secrets.n, 2);
    assert_string_equal(c->secrets.v[1].s, "api");
    c = svc(&t, "b");
    assert_string_equal(c->sysctls.v[0].key, "net.core.somaxconn");
    assert_string_equal(c->sysctls.v[0].value, "1024");
    assert_int_equal(c->sysctls.v[0].pos.line, 24);
    assert_int_equal(c->tmpfs.n, 2);
    proj_free(&t);
}

static void test_health_restart_deploy(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  h1:\n"
                           "    image: x\n"
                           "    healthcheck:\n"                                  /* 4 */
                           "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n"
                           "  h2:\n"
                           "    image: x\n"
                           "    healthcheck:\n"
                           "      disable: true\n"
                           "  h3:\n"
                           "    image: x\n"
                           "    healthcheck:\n"
                           "      test: [\"NONE\"]\n"
                           "  h4:\n"
                           "    image: x\n"
                           "    healthcheck:\n"
                           "      test: curl -f http://localhost || exit 1\n"
                           "      interval: 30s\n"
                           "  d:\n"
                           "    image: x\n"
                           "    restart: \"no\"\n"
                           "    deploy:\n"
                           "      resources:\n"
                           "        limits:\n"
                           "          cpus: '0.50'\n"                            /* 25 */
                           "          memory: 50M\n"                             /* 26 */
                           "          pids: 64\n"                                /* 27 */
                           "        reservations:\n"
                           "          memory: 20M\n"
                           "      restart_policy:\n"
                           "        condition: on-failure\n"
                           "        max_attempts: 3\n"
                           "  e:\n"
                           "    image: x\n"
                           "    mem_limit: 1g\n"                                 /* 35 */
                           "    deploy:\n"
                           "      resources:\n"
                           "        limits: {memory: 2g}\n"
                           "      restart_policy:\n"
                           "        condition: on-failure\n"                     /* 40 */
                           "        max_attempts: 3\n"),
                     0);
    struct container_spec *c = svc(&t, "h1");
    assert_int_equal(c->healthcheck, 1);
    assert_string_equal(c->health_test, "CMD curl -f http://localhost");
    assert_int_equal(c->pos[CS_HEALTHCHECK].line, 4);
    assert_int_equal(svc(&t, "h2")->healthcheck, -1);
    assert_int_equal(svc(&t, "h3")->healthcheck, -1);
    assert_int_equal(svc(&t, "h4")->healthcheck, 1);
    c = svc(&t, "d");
    assert_string_equal(c->restart_name, "no");
    assert_int_equal(c->nano_cpus, 500000000);
    assert_int_equal(c->pos[CS_CPUS].line, 25);
    assert_int_equal(c->memory, 50 * 1024 * 1024);
    assert_int_equal(c->pos[CS_MEMORY].line, 26);
    assert_int_equal(c->pids_limit, 64);
    assert_int_equal(c->pos[CS_PIDS_LIMIT].line, 27);
    assert_int_equal(c->memory_reservation, 20 * 1024 * 1024);
    c = svc(&t, "e");
    /* the plain key wins over deploy limits; deploy.restart_policy applies when restart is unset */
    assert_int_equal(c->memory, 1024 * 1024 * 1024);
    assert_int_equal(c->pos[CS_MEMORY].line, 35);
    assert_string_equal(c->restart_name, "on-failure");
    assert_int_equal(c->restart_max, 3);
    assert_int_equal(c->pos[CS_RESTART].line, 40);
    proj_free(&t);
}

static void test_build(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  a:\n"
                           "    build: ./app\n"
                           "  b:\n"
                           "    build:\n"
                           "      context: svc\n"
                           "      dockerfile: docker/Prod.Dockerfile\n"
                           "  c:\n"
                           "    build: https://github.com/acme/app.git\n"),
                     0);
    char *want = dg_xasprintf("%s/app/Dockerfile", t.dir);
    assert_string_equal(t.p.services[0].dockerfile, want);
    free(want);
    assert_string_equal(svc(&t, "a")->build_context, "./app");
    assert_int_equal(svc(&t, "a")->pos[CS_BUILD].line, 3);
    want = dg_xasprintf("%s/svc/docker/Prod.Dockerfile", t.dir);
    assert_string_equal(t.p.services[1].dockerfile, want);
    free(want);
    assert_string_equal(svc(&t, "b")->build_dockerfile, "docker/Prod.Dockerfile");
    assert_null(t.p.services[2].dockerfile);
    proj_free(&t);
}

/* ---- anchors and merge keys ---- */

static void test_anchors_merge_keys(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t,
                           "x-a: &a\n"
                           "  privileged: true\n"            /* 2 */
                           "  user: root\n"                  /* 3 */
                           "x-b: &b\n"
                           "  user: nobody\n"                /* 5 */
                           "  read_only: true\n"             /* 6 */
                           "x-caps: &caps [NET_RAW]\n"
                           "services:\n"
                           "  one:\n"
                           "    <<: [*a, *b]\n"
                           "    image: x\n"
                           "    cap_add: *caps\n"
                           "  two:\n"
                           "    image: y\n"
                           "    <<: *b\n"
                           "    read_only: false\n"),        /* 16 */
                     0);
    struct container_spec *c = svc(&t, "one");
    assert_true(c->privileged);
    assert_int_equal(c->pos[CS_PRIVILEGED].line, 2);
    /* the first merge source wins */
    assert_string_equal(c->user, "root");
    assert_int_equal(c->pos[CS_USER].line, 3);
    assert_true(c->read_only);
    assert_string_equal(c->cap_add.v[0].s, "NET_RAW");
    c = svc(&t, "two");
    /* explicit keys win over merged ones, wherever they are written */
    assert_false(c->read_only);
    assert_int_equal(c->pos[CS_READ_ONLY].line, 16);
    assert_string_equal(c->user, "nobody");
    assert_false(c->privileged);
    proj_free(&t);
}

/* ---- several files ---- */

static void test_merge_files(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    put(&t, "compose.yaml",
        "services:\n"
        "  web:\n"
        "    image: nginx:1\n"                   /* 3 */
        "    privileged: true\n"                 /* 4 */
        "    user: app\n"                        /* 5 */
        "    cap_add: [NET_ADMIN]\n"
        "    ports: [\"80:80\"]\n"
        "    volumes:\n"
        "      - /srv:/data\n"
        "      - /logs:/logs\n"
        "    environment:\n"
        "      A: base\n"
        "      B: base\n"
        "    command: [a, b]\n"
        "    healthcheck:\n"
        "      test: [CMD, base]\n"
        "      interval: 10s\n"
        "  db:\n"
        "    image: postgres\n");
    put(&t, "compose.override.yaml",
        "services:\n"
        "  web:\n"
        "    privileged: false\n"                /* 3 */
        "    user: !reset null\n"
        "    cap_add: [SYS_ADMIN, NET_ADMIN]\n"
        "    ports: [\"127.0.0.1:8080:80\", \"80:80\"]\n"
        "    volumes:\n"
        "      - data:/data\n"                   /* 8 */
        "    environment:\n"
        "      - B=override\n"                   /* 10 */
        "      - C=new\n"
        "    healthcheck:\n"
        "      test: [CMD, over]\n"
        "  db: !reset {}\n"
        "  extra:\n"
        "    image: busybox\n"
        "    security_opt: !override [label=disable]\n");
    const char *names[2] = {"compose.yaml", "compose.override.yaml"};
    assert_int_equal(load_n(&t, names, 2), 0);
    assert_int_equal(t.p.nservices, 2);
    struct container_spec *c = svc(&t, "web");
    assert_string_equal(c->image, "nginx:1");
    assert_true(ends_with(c->pos[CS_IMAGE].file, "/compose.yaml"));
    assert_false(c->privileged);
    assert_int_equal(c->pos[CS_PRIVILEGED].line, 3);
    assert_true(ends_with(c->pos[CS_PRIVILEGED].file, "/compose.override.yaml"));
    assert_null(c->user);
    assert_int_equal(c->cap_add.n, 2);
    assert_string_equal(c->cap_add.v[0].s, "NET_ADMIN");
    assert_string_equal(c->cap_add.v[1].s, "SYS_ADMIN");
    assert_int_equal(c->nports, 2);
    assert_string_equal(c->ports[1].host_ip, "127.0.0.1");
    /* volumes merge by target: /data is now the named volume */
    assert_int_equal(c->nmounts, 2);
    assert_string_equal(c->mounts[0].target, "/logs");
    assert_int_equal(c->mounts[1].type, CS_MOUNT_VOLUME);
    assert_int_equal(c->mounts[1].pos.line, 8);
    assert_true(ends_with(c->mounts[1].pos.file, "/compose.override.yaml"));
    assert_string_equal(kv(&c->env, "A", 0)->value, "base");
    assert_string_equal(kv(&c->env, "B", 0)->value, "override");
    assert_int_equal(kv(&c->env, "B", 0)->pos.line, 10);
    assert_null(kv(&c->env, "B", 1));
    assert_string_equal(kv(&c->env, "C", 0)->value, "new");
    assert_string_equal(c->health_test, "CMD over");
    struct container_spec *x = svc(&t, "extra");
    assert_int_equal(x->security_opt.n, 1);
    proj_free(&t);
}

/* ---- extends ---- */

static void test_extends(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    put(&t, "common/base.yml",
        "services:\n"
        "  hardened:\n"
        "    read_only: true\n"                  /* 3 */
        "    cap_drop: [ALL]\n"
        "    env_file: base.env\n"               /* 5: relative to common/ */
        "  chained:\n"
        "    extends: hardened\n"
        "    user: \"1000:1000\"\n");            /* 8 */
    put(&t, "common/base.env", "FROM_BASE=1\n");
    assert_int_equal(load1(&t,
                           "services:\n"
                           "  app:\n"
                           "    extends:\n"
                           "      file: common/base.yml\n"
                           "      service: chained\n"
                           "    image: app\n"
                           "    cap_drop: [NET_RAW]\n"
                           "  local:\n"
                           "    extends: app\n"
                           "    privileged: true\n"),
                     0);
    struct container_spec *c = svc(&t, "app");
    assert_true(c->read_only);
    assert_true(ends_with(c->pos[CS_READ_ONLY].file, "/common/base.yml"));
    assert_int_equal(c->pos[CS_READ_ONLY].line, 3);
    assert_string_equal(c->user, "1000:1000");
    assert_int_equal(c->pos[CS_USER].line, 8);
    assert_int_equal(c->cap_drop.n, 2);
    assert_string_equal(kv(&c->env, "FROM_BASE", 0)->value, "1");
    assert_true(ends_with(kv(&c->env, "FROM_BASE", 0)->pos.file, "/common/base.env"));
    c = svc(&t, "local");
    assert_true(c->privileged);
    assert_true(c->read_only);
    assert_string_equal(c->image, "app");
    proj_free(&t);

    proj_new(&t);
    assert_int_not_equal(load1(&t,
                               "services:\n"
                               "  a:\n"
                               "    extends: b\n"
                               "  b:\n"
                               "    extends: a\n"),
                         0);
    assert_non_null(strstr(t.err.msg, "extends cycle"));
    proj_free(&t);

    proj_new(&t);
    assert_int_not_equal(load1(&t, "services:\n  a:\n    extends: a\n"), 0);
    assert_err_at(&t, "compose.yaml", 3);
    proj_free(&t);

    proj_new(&t);
    assert_int_not_equal(load1(&t, "services:\n  a:\n    image: x\n    extends:\n      service: nope\n"), 0);
    assert_err_at(&t, "compose.yaml", 5);
    proj_free(&t);

    /* a chain longer than the bound */
    proj_new(&t);
    struct dg_buf b;
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "services:\n  s0:\n    image: x\n");
    for (int i = 1; i < 40; i++) dg_buf_printf(&b, "  s%d:\n    extends: s%d\n", i, i - 1);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_non_null(strstr(t.err.msg, "extends chain deeper"));
    dg_buf_free(&b);
    proj_free(&t);
}

/* ---- include ---- */

static void test_include(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    put(&t, "sub/compose.yaml",
        "include:\n"
        "  - ../more.yaml\n"
        "services:\n"
        "  inner:\n"
        "    image: inner\n"
        "    privileged: true\n"                   /* 6 */
        "    env_file: inner.env\n"               /* relative to sub/ */
        "  shared:\n"
        "    image: from-include\n");
    put(&t, "sub/inner.env", "INNER=1\n");
    put(&t, "more.yaml", "services:\n  more:\n    image: more\n    pid: host\n");
    assert_int_equal(load1(&t,
                           "include:\n"
                           "  - path: sub/compose.yaml\n"
                           "services:\n"
                           "  shared:\n"
                           "    image: from-main\n"),
                     0);
    assert_int_equal(t.p.nservices, 3);
    struct container_spec *c = svc(&t, "inner");
    assert_true(c->privileged);
    assert_int_equal(c->pos[CS_PRIVILEGED].line, 6);
    assert_true(ends_with(c->pos[CS_PRIVILEGED].file, "/sub/compose.yaml"));
    assert_true(ends_with(kv(&c->env, "INNER", 0)->pos.file, "/sub/inner.env"));
    assert_string_equal(svc(&t, "more")->pid_mode, "host");
    /* the including project wins */
    assert_string_equal(svc(&t, "shared")->image, "from-main");
    proj_free(&t);

    proj_new(&t);
    put(&t, "a.yaml", "include: [compose.yaml]\n");
    assert_int_not_equal(load1(&t, "include: [a.yaml]\nservices:\n  x:\n    image: x\n"), 0);
    assert_non_null(strstr(t.err.msg, "include cycle"));
    proj_free(&t);

    proj_new(&t);
    assert_int_not_equal(load1(&t, "include: other.yaml\n"), 0);
    assert_err_at(&t, "compose.yaml", 1);
    proj_free(&t);
}

/* ---- errors ---- */

static void expect_error(const char *text, int line, const char *part)
{
    struct proj t;
    proj_new(&t);
    if (load1(&t, text) == 0) fail_msg("accepted: %s", text);
    assert_err_at(&t, "compose.yaml", line);
    if (!strstr(t.err.msg, part)) fail_msg("\"%s\" lacks \"%s\"", t.err.msg, part);
    proj_free(&t);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("services:\n  a:\n    image: x\n    privileged: maybe\n", 4, "invalid boolean \"maybe\"");
    expect_error("services:\n  a:\n    ports: 5\n", 3, "must be a list");
    expect_error("services:\n  a:\n    ports: [\"1.2.3:80:80\"]\n", 3, "invalid host IP");
    expect_error("services:\n  a:\n    cap_add: NET_ADMIN\n", 3, "must be a list");
    expect_error("services:\n  a:\n    mem_limit: lots\n", 3, "invalid size");
    expect_error("services:\n  a:\n    cpus: [1]\n", 3, "expected a number of CPUs");
    expect_error("services:\n  a:\n    restart: sometimes\n", 3, "unknown restart policy");
    expect_error("services:\n  a:\n    volumes:\n      - a:b:c:d\n", 4, "too many ':'");
    expect_error("services:\n  a:\n    volumes:\n      - type: weird\n        target: /x\n", 4, "unknown volume type");
    expect_error("services:\n  a:\n    image: [x]\n", 3, "expected a string");
    expect_error("services:\n  a:\n    image: x\n  a:\n    image: y\n", 4, "already defined at line 2");
    expect_error("services:\n  a:\n    image: \"unterminated\n", 4, "invalid YAML");
    expect_error("services:\n  a: 5\n", 2, "must be a mapping");
    expect_error("services: [a]\n", 1, "services must be a mapping");
    expect_error("- just a list\n", 1, "must be a mapping");
    expect_error("services:\n  a:\n    <<: *nope\n", 3, "unknown anchor");
    expect_error("services:\n  a:\n    <<: 5\n", 3, "merge key");
    expect_error("services:\n  ? [a]\n  : x\n", 2, "mapping keys must be plain strings");
    expect_error("services:\n  a:\n    ulimits:\n      nofile: {soft: 1}\n", 4, "needs soft and hard");
}

/* ---- hostile input ---- */

static void test_hostile(void **state)
{
    (void)state;
    struct proj t;
    /* billion laughs */
    struct dg_buf b;
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        dg_buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++) dg_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        dg_buf_puts(&b, "]\n");
    }
    dg_buf_puts(&b, "services:\n  s:\n    image: x\n    environment: *a9\n");
    proj_new(&t);

    assert_int_not_equal(load1(&t, b.data), 0);
    assert_non_null(strstr(t.err.msg, "alias bomb"));
    assert_int_equal(t.err.code, DG_ERR_LIMIT);
    proj_free(&t);
    dg_buf_free(&b);

    /* merge-key bomb: maps merged into maps */
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "m0: &m0 {k0: 1, k1: 2, k2: 3, k3: 4}\n");
    for (int i = 1; i < 30; i++) dg_buf_printf(&b, "m%d: &m%d {<<: [*m%d, *m%d], n%d: 1}\n", i, i, i - 1, i - 1, i);
    proj_new(&t);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_int_equal(t.err.code, DG_ERR_LIMIT);
    proj_free(&t);
    dg_buf_free(&b);

    /* deep nesting */
    dg_buf_init(&b, 0);
    for (int i = 0; i < 10000; i++) dg_buf_putc(&b, '[');
    proj_new(&t);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_non_null(strstr(t.err.msg, "nesting deeper"));
    proj_free(&t);
    dg_buf_free(&b);

    /* a huge scalar */
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "services:\n  a:\n    image: \"");
    for (int i = 0; i < (2 << 20); i++) dg_buf_putc(&b, 'x');
    dg_buf_puts(&b, "\"\n");
    proj_new(&t);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_non_null(strstr(t.err.msg, "scalar longer"));
    proj_free(&t);
    dg_buf_free(&b);

    /* too many aliases, each cheap */
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "x: &x 1\nl: [");
    for (int i = 0; i < 20000; i++) dg_buf_puts(&b, "*x,");
    dg_buf_puts(&b, "]\n");
    proj_new(&t);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_non_null(strstr(t.err.msg, "aliases"));
    proj_free(&t);
    dg_buf_free(&b);

    /* extends amplification: one big environment merged into many services */
    dg_buf_init(&b, 0);
    dg_buf_puts(&b, "services:\n  s0:\n    image: x\n    environment:\n");
    for (int i = 0; i < 20000; i++) dg_buf_printf(&b, "      - K%d=v\n", i);
    for (int i = 1; i < 300; i++) dg_buf_printf(&b, "  s%d:\n    extends: s0\n    environment: [X=1]\n", i);
    proj_new(&t);
    assert_int_not_equal(load1(&t, b.data), 0);
    assert_int_equal(t.err.code, DG_ERR_LIMIT);
    assert_non_null(strstr(t.err.msg, "past 1000000 entries"));
    proj_free(&t);
    dg_buf_free(&b);

    /* many anchors and many aliases stay fast */
    dg_buf_init(&b, 0);
    for (int i = 0; i < 9000; i++) dg_buf_printf(&b, "a%d: &anchor%d v\n", i, i);
    dg_buf_puts(&b, "l: [");
    for (int i = 0; i < 9000; i++) dg_buf_puts(&b, "*anchor0, ");
    dg_buf_puts(&b, "]\n");
    proj_new(&t);
    assert_int_equal(load1(&t, b.data), 0);
    proj_free(&t);
    dg_buf_free(&b);

    /* a recursive alias cannot be formed: the anchor is not complete yet */
    proj_new(&t);
    assert_int_not_equal(load1(&t, "a: &a [*a]\n"), 0);
    proj_free(&t);

    /* NUL inside the text */
    proj_new(&t);
    put(&t, "compose.yaml", "services:\n  a:\n    image: x\n");
    {
        char *p = path_in(&t, "compose.yaml");
        FILE *f = fopen(p, "ab");
        fwrite("x: \"a\\0b\"\n", 1, 10, f);
        fclose(f);
        free(p);
    }
    const char *n1[1] = {"compose.yaml"};
    assert_int_not_equal(load_n(&t, n1, 1), 0);
    proj_free(&t);
}

static void test_empty_and_profiles(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    assert_int_equal(load1(&t, ""), 0);
    assert_int_equal(t.p.nservices, 0);
    proj_free(&t);
    proj_new(&t);
    /* profiles do not hide a service from the linter */
    assert_int_equal(load1(&t, "services:\n  dbg:\n    image: x\n    profiles: [debug]\n    privileged: true\n"), 0);
    assert_int_equal(t.p.nservices, 1);
    assert_true(svc(&t, "dbg")->privileged);
    proj_free(&t);
}

/* ---- lint_compose ---- */

static void test_lint_compose_inputs_and_errors(void **state)
{
    (void)state;
    struct proj t;
    proj_new(&t);
    put(&t, ".env", "X=1\n");
    put(&t, "compose.yaml", "services:\n  a:\n    image: x\n    env_file: a.env\n");
    put(&t, "a.env", "Y=2\n");
    char *p = path_in(&t, "compose.yaml");
    const char *paths[1] = {p};
    struct dg_report r;
    dg_report_init(&r, "lint");
    struct dg_config cfg;
    dg_config_init(&cfg);
    struct dg_error err = {0};
    assert_int_equal(lint_compose(paths, 1, &r, &cfg, &err), 0);
    assert_int_equal(r.inputs.n, 3);
    assert_true(dg_strv_contains(&r.inputs, p));
    dg_report_free(&r);
    /* inline ignores of every file read are registered: above a key, trailing, in env files */
    put(&t, "compose.yaml",
        "services:\n"
        "  a:\n"
        "    image: x\n"
        "    # dockguard ignore=DG-C001\n"
        "    privileged: true\n"                          /* 5 */
        "    user: root # dockguard ignore=DG-C002\n"     /* 6 */
        "    env_file: a.env\n");
    put(&t, "a.env", "# dockguard ignore=DG-C030\nTOKEN=x\n");
    dg_report_init(&r, "lint");
    assert_int_equal(lint_compose(paths, 1, &r, &cfg, &err), 0);
    assert_true(dg_report_is_suppressed(&r, p, 5, "DG-C001"));
    assert_false(dg_report_is_suppressed(&r, p, 6, "DG-C001"));
    assert_true(dg_report_is_suppressed(&r, p, 6, "DG-C002"));
    char *envp = path_in(&t, "a.env");
    assert_true(dg_report_is_suppressed(&r, envp, 2, "DG-C030"));
    free(envp);
    dg_report_free(&r);
    put(&t, "compose.yaml", "services:\n  a:\n    privileged: maybe\n");
    dg_report_init(&r, "lint");
    assert_int_not_equal(lint_compose(paths, 1, &r, &cfg, &err), 0);
    assert_non_null(strstr(err.msg, "compose.yaml:3:"));
    dg_report_free(&r);
    dg_config_free(&cfg);
    free(p);
    proj_free(&t);
}

/* The fixtures under tests/fixtures/compose load, and the invalid ones fail
 * at the line of the offending key. */
static void test_fixtures(void **state)
{
    (void)state;
    const char *fx = getenv("DG_FIXTURES");
    if (!fx) fx = "tests/fixtures";
    unsetenv("DOCKGUARD_UNSET_USER");
    struct {
        const char *files[2];
        size_t n;
        int line;       /* 0 = must load */
        const char *msg;
    } cases[] = {
        {{"compose/hardened/compose.yaml"}, 1, 0, NULL},
        {{"compose/extends/compose.yaml"}, 1, 0, NULL},
        {{"compose/insecure/compose.yaml", "compose/insecure/compose.override.yaml"}, 2, 0, NULL},
        {{"compose/invalid/bad_bool.yaml"}, 1, 4, "invalid boolean"},
        {{"compose/invalid/bad_ports.yaml"}, 1, 4, "must be a list"},
        {{"compose/invalid/bad_yaml.yaml"}, 1, 4, "invalid YAML"},
        {{"compose/invalid/required_var.yaml"}, 1, 4, "user must be set"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *paths[2];
        for (size_t j = 0; j < cases[i].n; j++) paths[j] = dg_xasprintf("%s/%s", fx, cases[i].files[j]);
        struct compose_project p;
        struct dg_error e = {0};
        int rc = compose_load((const char *const *)paths, cases[i].n, &p, &e);
        if (cases[i].line == 0) {
            if (rc != 0) fail_msg("%s: %s", paths[0], e.msg);
            assert_true(p.nservices >= 1);
            if (cases[i].n == 2) {
                /* the override adds a port to web and a profiled service */
                assert_int_equal(p.nservices, 3);
                assert_int_equal(p.services[0].spec.nports, 3);
                assert_string_equal(p.services[0].spec.ports[2].host_ip, "::");
                /* hostetc is a bind of /etc through driver_opts */
                assert_int_equal(p.services[0].spec.mounts[2].type, CS_MOUNT_BIND);
                assert_string_equal(p.services[0].spec.mounts[2].source, "/etc");
                assert_non_null(p.services[1].dockerfile);
            }
            compose_project_free(&p);
        } else {
            if (rc == 0) fail_msg("%s loaded", paths[0]);
            char *want = dg_xasprintf("%s:%d: ", paths[0], cases[i].line);
            if (strncmp(e.msg, want, strlen(want)) != 0 || !strstr(e.msg, cases[i].msg))
                fail_msg("%s: got \"%s\"", paths[0], e.msg);
            free(want);
        }
        for (size_t j = 0; j < cases[i].n; j++) free(paths[j]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_keys),
        cmocka_unit_test(test_port_specs),
        cmocka_unit_test(test_ports_in_file),
        cmocka_unit_test(test_volumes),
        cmocka_unit_test(test_environment),
        cmocka_unit_test(test_env_file_missing_required),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_interpolation_error_in_file),
        cmocka_unit_test(test_dotenv_parse),
        cmocka_unit_test(test_kv_keys),
        cmocka_unit_test(test_health_restart_deploy),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_anchors_merge_keys),
        cmocka_unit_test(test_merge_files),
        cmocka_unit_test(test_extends),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_empty_and_profiles),
        cmocka_unit_test(test_lint_compose_inputs_and_errors),
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
