/* Unit tests for the daemon model: daemon.json and dockerd argv reading,
 * systemd units, the API view, and the section 2 / swarm rules flipping on
 * hardened versus default configurations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/finding.h"
#include "core/rule.h"
#include "host/host.h"

static char *fixture(const char *name)
{
    const char *base = getenv("DG_FIXTURES");
    assert_non_null(base);
    return dg_xasprintf("%s/hostroot/%s", base, name);
}

static size_t count(const struct dg_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->findings[i].rule->id, id)) n++;
    return n;
}

static const struct dg_finding *first(const struct dg_report *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->findings[i].rule->id, id)) return &r->findings[i];
    return NULL;
}

static const struct dg_rule_status *status(const struct dg_report *r, const char *id)
{
    for (size_t i = 0; i < r->nstatus; i++)
        if (!strcmp(r->status[i].rule->id, id)) return &r->status[i];
    return NULL;
}

static void run_daemon(const struct daemon_spec *d, struct dg_report *rep)
{
    dg_report_init(rep, "audit");
    struct rule_ctx ctx = {0};
    ctx.report = rep;
    ctx.root = "/";
    rules_run(DG_MODEL_DAEMON, d, &ctx);
}

static void test_hardened_host_passes(void **state)
{
    (void)state;
    char *root = fixture("hardened");
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 4242);
    assert_string_equal(d.args_source, "/proc/4242/cmdline");
    assert_string_equal(d.exe, "/usr/bin/dockerd");
    assert_string_equal(d.seccomp_profile, "/etc/docker/seccomp.json");
    assert_int_equal(d.src[DS_SECCOMP_PROFILE], DS_SRC_ARGS);
    assert_int_equal(d.icc, 0);
    assert_int_equal(d.pos[DS_ICC].line, 2);
    assert_string_equal(d.pos[DS_ICC].file, "/etc/docker/daemon.json");
    struct dg_report rep;
    run_daemon(&d, &rep);
    const char *clean[] = {"DG-D002", "DG-D003", "DG-D004", "DG-D005", "DG-D006", "DG-D008", "DG-D009", "DG-D010",
                           "DG-D011", "DG-D012", "DG-D013", "DG-D014", "DG-D015", "DG-D016", "DG-D017", "DG-D018",
                           "DG-D019", "DG-D020", "DG-D022"};
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        if (count(&rep, clean[i])) fprintf(stderr, "unexpected %s: %s\n", clean[i], first(&rep, clean[i])->message);
        assert_int_equal(count(&rep, clean[i]), 0);
    }
    /* A rootful daemon is reported as information. */
    assert_int_equal(count(&rep, "DG-D001"), 1);
    /* Swarm rules need the API: they skip, never pass. */
    assert_true(status(&rep, "DG-D150")->skipped > 0);
    assert_int_equal(status(&rep, "DG-D150")->checked, 0);
    dg_report_free(&rep);
    ds_free(&d);
    free(root);
}

static void test_default_host_fails(void **state)
{
    (void)state;
    char *root = fixture("default");
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 0);
    /* From the unit, with $DOCKER_OPTS expanded from /etc/default/docker. */
    assert_string_equal(d.args_source, "/lib/systemd/system/docker.service");
    assert_int_equal(d.args_line, 7);
    assert_string_equal(d.exe, "/usr/sbin/dockerd");
    assert_int_equal(d.hosts.n, 2);
    assert_string_equal(d.hosts.v[1], "tcp://0.0.0.0:2375");
    assert_int_equal(d.experimental, 1);
    struct dg_report rep;
    run_daemon(&d, &rep);
    const char *hit[] = {"DG-D002", "DG-D003", "DG-D005", "DG-D006", "DG-D008", "DG-D009", "DG-D010", "DG-D013",
                         "DG-D014", "DG-D015", "DG-D016", "DG-D017", "DG-D018", "DG-D019"};
    for (size_t i = 0; i < sizeof hit / sizeof hit[0]; i++) {
        if (!count(&rep, hit[i])) fprintf(stderr, "missing %s\n", hit[i]);
        assert_int_equal(count(&rep, hit[i]), 1);
    }
    const struct dg_finding *f = first(&rep, "DG-D002");
    assert_string_equal(f->file, "/etc/docker/daemon.json");
    assert_int_equal(f->line, 5);
    f = first(&rep, "DG-D008");
    assert_string_equal(f->file, "/lib/systemd/system/docker.service");
    assert_int_equal(f->line, 7);
    assert_non_null(strstr(f->message, "tcp://0.0.0.0:2375"));
    f = first(&rep, "DG-D003");
    assert_int_equal(f->line, 2);
    /* Flags that came from $DOCKER_OPTS point at the environment file's line. */
    f = first(&rep, "DG-D005");
    assert_string_equal(f->file, "/etc/default/docker");
    assert_int_equal(f->line, 2);
    f = first(&rep, "DG-D019");
    assert_string_equal(f->file, "/etc/default/docker");
    assert_int_equal(f->line, 2);
    assert_int_equal(count(&rep, "DG-D004"), 0);
    assert_int_equal(count(&rep, "DG-D020"), 0);
    dg_report_free(&rep);
    ds_free(&d);
    free(root);
}

static void test_duplicate_keys_and_types(void **state)
{
    (void)state;
    struct daemon_spec d;
    ds_init(&d);
    struct dg_error err = {0};
    const char *dup = "{\n  \"icc\": false,\n  \"icc\": true\n}\n";
    assert_int_equal(daemon_json_parse(dup, strlen(dup), "/etc/docker/daemon.json", &d, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "/etc/docker/daemon.json:3:"));
    assert_non_null(strstr(err.msg, "twice"));
    struct dg_report rep;
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D020"), 1);
    assert_int_equal(first(&rep, "DG-D020")->line, 3);
    /* Settings cannot be judged from a file dockerd would reject. */
    assert_int_equal(count(&rep, "DG-D002"), 0);
    assert_true(status(&rep, "DG-D002")->skipped > 0);
    dg_report_free(&rep);
    ds_free(&d);

    ds_init(&d);
    const char *typ = "{\"log-level\": \"info\",\n \"icc\": \"false\"}";
    assert_int_equal(daemon_json_parse(typ, strlen(typ), "daemon.json", &d, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "daemon.json:2: \"icc\" must be a boolean"));
    ds_free(&d);

    ds_init(&d);
    const char *arr = "[1, 2]";
    assert_int_equal(daemon_json_parse(arr, strlen(arr), "daemon.json", &d, &err), DG_ERR_PARSE);
    ds_free(&d);

    ds_init(&d);
    const char *trunc = "{\"icc\": fal";
    assert_int_equal(daemon_json_parse(trunc, strlen(trunc), "daemon.json", &d, &err), DG_ERR_PARSE);
    assert_non_null(d.config_error);
    ds_free(&d);
}

static void test_args_parsing(void **state)
{
    (void)state;
    struct daemon_spec d;
    ds_init(&d);
    struct dg_error err = {0};
    struct dg_strv argv = {0};
    const char *words[] = {"-Hunix:///run/d.sock", "--pidfile", "/run/x.pid", "--icc=false", "-l", "warn",
                           "--insecure-registry", "reg.example:5000", "--insecure-registry=127.0.0.1:5000",
                           "--insecure-registry=localhost:5000", "--insecure-registry=[::1]:5000",
                           "--insecure-registry=localhost.evil.example:5000", "--insecure-registry=127.0.0.1.nip.io",
                           "--tlsverify", "--userland-proxy=false", "--live-restore", "-D"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) dg_strv_push(&argv, words[i]);
    assert_int_equal(daemon_args_parse(&argv, "/proc/1/cmdline", 0, &d, &err), 0);
    assert_int_equal(d.hosts.n, 1);
    assert_string_equal(d.hosts.v[0], "unix:///run/d.sock");
    assert_int_equal(d.icc, 0);
    assert_string_equal(d.log_level, "warn");
    assert_int_equal(d.insecure_registries.n, 6);
    assert_int_equal(d.tlsverify, 1);
    assert_int_equal(d.userland_proxy, 0);
    assert_int_equal(d.live_restore, 1);
    assert_int_equal(d.debug, 1);
    struct dg_report rep;
    run_daemon(&d, &rep);
    /* Loopback registries are not reported; names that only look like loopback are. */
    assert_int_equal(count(&rep, "DG-D005"), 3);
    bool seen_reg = false, seen_evil = false, seen_nip = false;
    for (size_t i = 0; i < rep.n; i++) {
        if (strcmp(rep.findings[i].rule->id, "DG-D005") != 0) continue;
        const char *ev = rep.findings[i].evidence;
        seen_reg |= !strcmp(ev, "reg.example:5000");
        seen_evil |= !strcmp(ev, "localhost.evil.example:5000");
        seen_nip |= !strcmp(ev, "127.0.0.1.nip.io");
    }
    assert_true(seen_reg && seen_evil && seen_nip);
    assert_int_equal(count(&rep, "DG-D003"), 1);
    assert_int_equal(count(&rep, "DG-D017"), 0);
    assert_int_equal(count(&rep, "DG-D016"), 0);
    dg_report_free(&rep);
    dg_strv_free(&argv);

    /* A value flag at the end is an error, not a crash. */
    dg_strv_push(&argv, "--log-level");
    assert_int_equal(daemon_args_parse(&argv, "x", 0, &d, &err), DG_ERR_PARSE);
    dg_strv_free(&argv);
    dg_strv_push(&argv, "--icc=maybe");
    assert_int_equal(daemon_args_parse(&argv, "x", 0, &d, &err), DG_ERR_PARSE);
    dg_strv_free(&argv);
    ds_free(&d);
}

static void test_conflict_between_file_and_flags(void **state)
{
    (void)state;
    struct daemon_spec d;
    ds_init(&d);
    struct dg_error err = {0};
    const char *cfg = "{\"hosts\": [\"unix:///var/run/docker.sock\"]}";
    assert_int_equal(daemon_json_parse(cfg, strlen(cfg), "/etc/docker/daemon.json", &d, &err), 0);
    struct dg_strv argv = {0};
    dg_strv_push(&argv, "-H");
    dg_strv_push(&argv, "fd://");
    assert_int_equal(daemon_args_parse(&argv, "/lib/systemd/system/docker.service", 12, &d, &err), 0);
    struct dg_report rep;
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D022"), 1);
    assert_int_equal(first(&rep, "DG-D022")->line, 12);
    dg_report_free(&rep);
    dg_strv_free(&argv);
    ds_free(&d);

    /* The same setting in one place only: no conflict. */
    ds_init(&d);
    assert_int_equal(daemon_json_parse(cfg, strlen(cfg), "/etc/docker/daemon.json", &d, &err), 0);
    dg_strv_push(&argv, "--icc=false");
    assert_int_equal(daemon_args_parse(&argv, "unit", 1, &d, &err), 0);
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D022"), 0);
    dg_report_free(&rep);
    dg_strv_free(&argv);
    ds_free(&d);
}

static void test_info_is_the_truth(void **state)
{
    (void)state;
    char *root = fixture("default");
    json_error_t je;
    json_t *info = json_loads("{\"ServerVersion\": \"20.10.24+dfsg1\", \"Driver\": \"overlay2\","
                              " \"LoggingDriver\": \"fluentd\", \"LiveRestoreEnabled\": true,"
                              " \"ExperimentalBuild\": false,"
                              " \"SecurityOptions\": [\"name=seccomp,profile=builtin\", \"name=userns\"],"
                              " \"Plugins\": {\"Authorization\": [\"authz-broker\"]},"
                              " \"RegistryConfig\": {\"InsecureRegistryCIDRs\": [\"127.0.0.0/8\"],"
                              "   \"IndexConfigs\": {\"docker.io\": {\"Secure\": true}}},"
                              " \"Swarm\": {\"LocalNodeState\": \"inactive\"}}", 0, &je);
    assert_non_null(info);
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, info, NULL, &d, &err), 0);
    assert_true(d.info.userns);
    assert_string_equal(ds_version(&d), "20.10.24+dfsg1");
    struct dg_report rep;
    run_daemon(&d, &rep);
    /* Values the API reports win over the files. */
    assert_int_equal(count(&rep, "DG-D006"), 0);
    assert_int_equal(count(&rep, "DG-D010"), 0);
    assert_int_equal(count(&rep, "DG-D013"), 0);
    assert_int_equal(count(&rep, "DG-D014"), 0);
    assert_int_equal(count(&rep, "DG-D016"), 0);
    assert_int_equal(count(&rep, "DG-D019"), 0);
    /* The configured insecure registry is still what the next restart uses. */
    assert_int_equal(count(&rep, "DG-D005"), 1);
    /* Swarm inactive: checked and passed. */
    assert_int_equal(count(&rep, "DG-D150"), 0);
    assert_int_equal(status(&rep, "DG-D150")->checked, 1);
    /* An AuthZ plugin on 20.10.24 is exposed to both bypasses. */
    assert_int_equal(count(&rep, "DG-D021"), 2);
    dg_report_free(&rep);
    ds_free(&d);
    json_decref(info);
    free(root);
}

static void test_authz_versions(void **state)
{
    (void)state;
    struct { const char *v; size_t n; } cases[] = {
        {"26.1.4", 2}, {"26.1.5", 1}, {"26.0.2", 2}, {"24.0.9", 2}, {"27.1.1", 1}, {"28.0.0", 1},
        {"29.3.1", 0}, {"30.0.0", 0}, {"18.09.1", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct daemon_spec d;
        ds_init(&d);
        dg_strv_push(&d.authz_plugins, "authz");
        d.info.present = true;
        d.info.server_version = dg_xstrdup(cases[i].v);
        struct dg_report rep;
        run_daemon(&d, &rep);
        if (count(&rep, "DG-D021") != cases[i].n) fprintf(stderr, "version %s\n", cases[i].v);
        assert_int_equal(count(&rep, "DG-D021"), cases[i].n);
        dg_report_free(&rep);
        /* Without a plugin the bypass does not matter. */
        dg_strv_free(&d.authz_plugins);
        run_daemon(&d, &rep);
        assert_int_equal(count(&rep, "DG-D021"), 0);
        dg_report_free(&rep);
        ds_free(&d);
    }
}

static void test_swarm(void **state)
{
    (void)state;
    json_error_t je;
    json_t *info = json_loads("{\"Swarm\": {\"LocalNodeState\": \"active\", \"ControlAvailable\": true,"
                              " \"Managers\": 2, \"Nodes\": 5}}", 0, &je);
    json_t *swarm = json_loads("{\"Spec\": {\"EncryptionConfig\": {\"AutoLockManagers\": false},"
                               " \"CAConfig\": {\"NodeCertExpiry\": 31536000000000000}}}", 0, &je);
    json_t *nets = json_loads("[{\"Name\": \"bridge\", \"Driver\": \"bridge\","
                              "  \"Options\": {\"com.docker.network.bridge.enable_icc\": \"false\"}},"
                              " {\"Name\": \"ingress\", \"Driver\": \"overlay\", \"Ingress\": true, \"Options\": {}},"
                              " {\"Name\": \"backend\", \"Driver\": \"overlay\", \"Options\": {\"encrypted\": \"\"}}]",
                              0, &je);
    json_t *services = json_loads("[{\"Spec\": {\"TaskTemplate\": {\"ContainerSpec\": {}}}}]", 0, &je);
    assert_non_null(info);
    assert_non_null(swarm);
    assert_non_null(nets);
    struct daemon_spec d;
    ds_init(&d);
    daemon_info_apply(&d, info, NULL);
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_add_api_objects(&d, swarm, nets, services, NULL, &err), 0);
    assert_int_equal(d.info.bridge_icc, 0);
    struct dg_report rep;
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D150"), 1);
    assert_int_equal(count(&rep, "DG-D151"), 1);
    assert_int_equal(count(&rep, "DG-D153"), 1);
    assert_non_null(strstr(first(&rep, "DG-D153")->message, "ingress"));
    assert_int_equal(count(&rep, "DG-D155"), 1);
    assert_int_equal(count(&rep, "DG-D156"), 1);
    assert_int_equal(count(&rep, "DG-D154"), 1);
    /* The bridge's own icc option is the truth. */
    assert_int_equal(count(&rep, "DG-D002"), 0);
    /* live-restore does not apply in swarm mode. */
    assert_true(status(&rep, "DG-D016")->skipped > 0);
    dg_report_free(&rep);
    ds_free(&d);
    json_decref(swarm);
    json_decref(services);
    /* Hardened: 3 managers, autolock, short expiry. */
    json_decref(info);
    info = json_loads("{\"Swarm\": {\"LocalNodeState\": \"active\", \"ControlAvailable\": true,"
                      " \"Managers\": 3, \"Nodes\": 5}}", 0, &je);
    swarm = json_loads("{\"Spec\": {\"EncryptionConfig\": {\"AutoLockManagers\": true},"
                       " \"CAConfig\": {\"NodeCertExpiry\": 2592000000000000}}}", 0, &je);
    services = json_loads("[{\"Spec\": {\"TaskTemplate\": {\"ContainerSpec\": {\"Secrets\": [{\"SecretName\": \"db\"}]}}}}]",
                          0, &je);
    ds_init(&d);
    daemon_info_apply(&d, info, NULL);
    assert_int_equal(daemon_spec_add_api_objects(&d, swarm, NULL, services, NULL, &err), 0);
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D151"), 0);
    assert_int_equal(count(&rep, "DG-D154"), 0);
    assert_int_equal(count(&rep, "DG-D155"), 0);
    assert_int_equal(count(&rep, "DG-D156"), 0);
    dg_report_free(&rep);
    ds_free(&d);
    json_decref(info);
    json_decref(swarm);
    json_decref(nets);
    json_decref(services);
}

static void test_picks_the_daemon_the_api_answers_for(void **state)
{
    (void)state;
    char *root = fixture("twodaemons");
    struct daemon_spec d;
    struct dg_error err = {0};
    /* Without the API: the lowest pid. */
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 100);
    assert_int_equal(d.icc, 1);
    ds_free(&d);
    /* With it: the daemon whose data root the API reports. */
    json_error_t je;
    json_t *info = json_loads("{\"DockerRootDir\": \"/var/lib/docker\"}", 0, &je);
    assert_int_equal(daemon_spec_collect(root, info, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 4242);
    assert_int_equal(d.icc, 0);
    ds_free(&d);
    json_decref(info);
    /* A known pid (the API socket's peer) wins. */
    assert_int_equal(daemon_spec_collect_pid(root, 4242, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 4242);
    ds_free(&d);
    /* A pid that is not a dockerd falls back to the usual search. */
    assert_int_equal(daemon_spec_collect_pid(root, 77, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 100);
    ds_free(&d);
    info = json_loads("{\"DockerRootDir\": \"/tmp/dgtest/data\"}", 0, &je);
    assert_int_equal(daemon_spec_collect(root, info, NULL, &d, &err), 0);
    assert_int_equal(d.pid, 100);
    ds_free(&d);
    json_decref(info);
    free(root);
}

static void test_sysvinit_env_file(void **state)
{
    (void)state;
    /* No process, no unit: DOCKER_OPTS in /etc/default/docker is the command line. */
    char dir[] = "/tmp/dgsysvXXXXXX";
    assert_non_null(mkdtemp(dir));
    char *etc = dg_xasprintf("%s/etc", dir), *def = dg_xasprintf("%s/etc/default", dir);
    char *file = dg_xasprintf("%s/etc/default/docker", dir);
    assert_int_equal(mkdir(etc, 0755), 0);
    assert_int_equal(mkdir(def, 0755), 0);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("# comment\n\nexport DOCKER_OPTS='-H tcp://0.0.0.0:2375 --iptables=false'\n", f);
    fclose(f);
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(dir, NULL, NULL, &d, &err), 0);
    assert_string_equal(d.args_source, "/etc/default/docker");
    assert_int_equal(d.args_line, 3);
    assert_int_equal(d.iptables, 0);
    if (d.hosts.n != 1) fprintf(stderr, "hosts %zu argv %zu [%s]\n", d.hosts.n, d.argv.n, d.argv.n ? d.argv.v[0] : "");
    assert_int_equal(d.hosts.n, 1);
    struct dg_report rep;
    run_daemon(&d, &rep);
    assert_int_equal(count(&rep, "DG-D004"), 1);
    assert_int_equal(first(&rep, "DG-D004")->line, 3);
    assert_int_equal(count(&rep, "DG-D008"), 1);
    dg_report_free(&rep);
    ds_free(&d);
    unlink(file);
    rmdir(def);
    rmdir(etc);
    rmdir(dir);
    free(file);
    free(def);
    free(etc);
}

static void write_file(const char *root, const char *rel, const char *text)
{
    char *p = dg_xasprintf("%s%s", root, rel);
    for (char *c = strchr(p + strlen(root) + 1, '/'); c; c = strchr(c + 1, '/')) {
        *c = '\0';
        mkdir(p, 0755);
        *c = '/';
    }
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void test_unit_dropins(void **state)
{
    (void)state;
    char dir[] = "/tmp/dgunitXXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "/lib/systemd/system/docker.service",
               "[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/dockerd -H fd:// --icc=true\n");
    /* An empty ExecStart= resets the list; the drop-in's command wins. */
    write_file(dir, "/etc/systemd/system/docker.service.d/10-override.conf",
               "[Service]\nEnvironment=\"EXTRA=--live-restore\"\nExecStart=\nExecStart=/usr/local/bin/dockerd \\\n"
               "  --icc=false $EXTRA\n");
    /* Keys outside [Service] are ignored. */
    write_file(dir, "/etc/systemd/system/docker.service.d/20-unit.conf", "[Unit]\nExecStart=/bin/false\n");
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(dir, NULL, NULL, &d, &err), 0);
    assert_string_equal(d.args_source, "/etc/systemd/system/docker.service.d/10-override.conf");
    assert_int_equal(d.args_line, 4);
    assert_string_equal(d.exe, "/usr/local/bin/dockerd");
    assert_int_equal(d.icc, 0);
    assert_int_equal(d.live_restore, 1);
    /* $EXTRA came from Environment= on line 2 of the drop-in. */
    assert_int_equal(d.pos[DS_LIVE_RESTORE].line, 2);
    assert_int_equal(d.hosts.n, 0);
    ds_free(&d);
    char *cmd = dg_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void test_split_command(void **state)
{
    (void)state;
    struct dg_strv env = {0}, out = {0};
    dg_strv_push(&env, "OPTS=--a --b=2");
    dg_strv_push(&env, "ONE=x y");
    struct dg_error err = {0};
    assert_int_equal(host_split_command("-/usr/bin/dockerd \"-H\" 'tcp://x y' $OPTS ${ONE} pre${ONE}post a\\ b",
                                        &env, &out, &err), 0);
    const char *want[] = {"/usr/bin/dockerd", "-H", "tcp://x y", "--a", "--b=2", "x y", "prex ypost", "a b"};
    assert_int_equal(out.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < out.n; i++) assert_string_equal(out.v[i], want[i]);
    dg_strv_free(&out);
    assert_int_equal(host_split_command("dockerd \"unterminated", &env, &out, &err), DG_ERR_PARSE);
    dg_strv_free(&out);
    dg_strv_free(&env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hardened_host_passes),
        cmocka_unit_test(test_default_host_fails),
        cmocka_unit_test(test_duplicate_keys_and_types),
        cmocka_unit_test(test_args_parsing),
        cmocka_unit_test(test_conflict_between_file_and_flags),
        cmocka_unit_test(test_info_is_the_truth),
        cmocka_unit_test(test_authz_versions),
        cmocka_unit_test(test_swarm),
        cmocka_unit_test(test_picks_the_daemon_the_api_answers_for),
        cmocka_unit_test(test_sysvinit_env_file),
        cmocka_unit_test(test_unit_dropins),
        cmocka_unit_test(test_split_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
