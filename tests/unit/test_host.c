/* Unit tests for the host model: audit-rule parsing and exact path
 * matching (the substring trap), mountinfo, the docker group, the
 * owner/mode table (the octal-versus-decimal trap), root-confined symlink
 * resolution and engine version ordering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

static void run_host(const struct host *h, struct dg_report *rep)
{
    dg_report_init(rep, "audit");
    struct rule_ctx ctx = {0};
    ctx.report = rep;
    ctx.root = h->root;
    rules_run(DG_MODEL_HOST, h, &ctx);
}

static void parse_rules(struct host *h, const char *text)
{
    struct dg_error err = {0};
    assert_int_equal(host_audit_parse(text, strlen(text), "t.rules", h, &err), 0);
}

static void test_audit_exact_paths(void **state)
{
    (void)state;
    struct host h;
    host_init(&h);
    parse_rules(&h, "-w /usr/bin/dockerd-foo -k docker\n"
                    "-w /etc/dockerx -p wa\n"
                    "-a always,exit -F path=/usr/bin/containerd -F perm=wa -k docker\n"
                    "-a exit,always -F dir=/var/lib/docker/ -F perm=rwa\n"
                    "-w /var/run/docker.sock -k docker   # trailing comment\n"
                    "-w /etc/default/docker -p r\n"
                    "-a never,exit -F path=/usr/bin/runc\n"
                    "-w /usr/bin/runc -k docker\n");
    const struct host_audit_rule *which;
    const char *why;
    /* docker-bench style substring matching would accept these; we do not. */
    assert_false(host_audit_covers(&h, "/usr/bin/dockerd", &which, &why));
    assert_false(host_audit_covers(&h, "/etc/docker", &which, &why));
    assert_false(host_audit_covers(&h, "/etc/docker/daemon.json", &which, &why));
    assert_false(host_audit_covers(&h, "/usr/bin/containerd-shim", &which, &why));
    /* Exact files, subtrees of dir= rules, /var/run = /run. */
    assert_true(host_audit_covers(&h, "/usr/bin/containerd", &which, &why));
    assert_int_equal(which->line, 3);
    assert_true(host_audit_covers(&h, "/var/lib/docker", NULL, NULL));
    assert_true(host_audit_covers(&h, "/var/lib/docker/volumes/x", NULL, NULL));
    assert_false(host_audit_covers(&h, "/var/lib/docker-old", NULL, NULL));
    assert_true(host_audit_covers(&h, "/run/docker.sock", NULL, NULL));
    assert_true(host_audit_covers(&h, "/var/run/docker.sock", NULL, NULL));
    /* A read-only watch exists but does not record writes. */
    assert_false(host_audit_covers(&h, "/etc/default/docker", &which, &why));
    assert_non_null(which);
    assert_non_null(strstr(why, "writes"));
    /* "-a never" earlier in the list suppresses the later watch. */
    assert_false(host_audit_covers(&h, "/usr/bin/runc", &which, &why));
    assert_non_null(strstr(why, "never"));
    assert_int_equal(h.naudit, 8);
    host_free(&h);
}

static void test_audit_order_and_errors(void **state)
{
    (void)state;
    struct host h;
    host_init(&h);
    parse_rules(&h, "-w /etc/docker -k a\n-D\n-b 8192\n-w /usr/bin/dockerd -k b\n-W /usr/bin/dockerd\n"
                    "-e 2\n");
    /* -D dropped the first rule; -W removed the second. */
    assert_int_equal(h.naudit, 0);
    struct dg_error err = {0};
    const char *bad[] = {"-w\n", "-w relative/path\n", "-w /x -p rwz\n", "-a always\n", "-a sometimes,exit\n",
                         "\n\n-w /etc/docker garbage\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(host_audit_parse(bad[i], strlen(bad[i]), "bad.rules", &h, &err), DG_ERR_PARSE);
        assert_non_null(strstr(err.msg, "bad.rules:"));
    }
    assert_int_equal(host_audit_parse("\n\n-w /etc/docker garbage\n", 24, "bad.rules", &h, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "bad.rules:3:"));
    host_free(&h);
}

static void test_mountinfo(void **state)
{
    (void)state;
    const char *mi = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                     "31 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"
                     "32 22 8:18 / /srv/with\\040space rw - xfs /dev/sdb2 rw\n"
                     "33 22 8:19 / /var/lib/dockerx rw - xfs /dev/sdb3 rw\n";
    char *m = host_mount_point_of(mi, strlen(mi), "/var/lib/docker/overlay2");
    assert_string_equal(m, "/var/lib/docker");
    free(m);
    m = host_mount_point_of(mi, strlen(mi), "/var/lib/dock");
    assert_string_equal(m, "/");
    free(m);
    m = host_mount_point_of(mi, strlen(mi), "/srv/with space/docker");
    assert_string_equal(m, "/srv/with space");
    free(m);
    assert_null(host_mount_point_of("garbage\n", 8, "/var/lib/docker"));
}

static void test_hardened_fixture(void **state)
{
    (void)state;
    char *root = fixture("hardened");
    struct daemon_spec d;
    struct host h;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    assert_int_equal(host_collect(root, &d, &h, &err), 0);
    assert_int_equal(h.data_root_separate, 1);
    assert_string_equal(h.bin_dockerd, "/usr/bin/dockerd");
    assert_string_equal(h.bin_containerd, "/usr/bin/containerd");
    assert_null(h.bin_shim_v1);
    struct dg_report rep;
    run_host(&h, &rep);
    const char *clean[] = {"DG-H001", "DG-H002", "DG-H003", "DG-H004", "DG-H005", "DG-H006", "DG-H007", "DG-H008",
                           "DG-H009", "DG-H010", "DG-H011", "DG-H012", "DG-H014", "DG-H017", "DG-H018", "DG-H020"};
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        if (count(&rep, clean[i])) fprintf(stderr, "unexpected %s: %s\n", clean[i], first(&rep, clean[i])->message);
        assert_int_equal(count(&rep, clean[i]), 0);
    }
    /* Swarm ports bound to 10.0.0.2 only; a wildcard port 22 and an
     * established connection on 7946 do not count. */
    assert_int_equal(h.swarm_ports_any, 0);
    assert_int_equal(count(&rep, "DG-H021"), 0);
    assert_int_equal(status(&rep, "DG-H021")->checked, 1);
    /* Binaries that are not installed and files that do not exist: skipped, never passed. */
    assert_true(status(&rep, "DG-H016")->skipped > 0);
    assert_int_equal(status(&rep, "DG-H016")->checked, 0);
    assert_true(status(&rep, "DG-H013")->skipped > 0);
    assert_true(status(&rep, "DG-H051")->skipped > 0);
    /* Without the API the version is unknown. */
    assert_true(status(&rep, "DG-H019")->skipped > 0);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);
    free(root);
}

static void test_default_fixture(void **state)
{
    (void)state;
    char *root = fixture("default");
    json_error_t je;
    json_t *version = json_loads("{\"Version\": \"20.10.17\"}", 0, &je);
    struct daemon_spec d;
    struct host h;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, version, &d, &err), 0);
    assert_int_equal(host_collect(root, &d, &h, &err), 0);
    struct dg_report rep;
    run_host(&h, &rep);
    assert_int_equal(count(&rep, "DG-H001"), 1);
    assert_int_equal(count(&rep, "DG-H002"), 1);
    const struct dg_finding *f = first(&rep, "DG-H002");
    assert_non_null(strstr(f->message, "alice, bob, runner"));
    /* Look-alike watches do not count. */
    assert_int_equal(count(&rep, "DG-H003"), 1);
    assert_non_null(strstr(first(&rep, "DG-H003")->message, "/usr/sbin/dockerd"));
    assert_int_equal(count(&rep, "DG-H004"), 1);   /* -a never first */
    assert_int_equal(count(&rep, "DG-H005"), 1);
    assert_int_equal(count(&rep, "DG-H006"), 1);
    assert_int_equal(count(&rep, "DG-H010"), 1);   /* -p r */
    assert_int_equal(first(&rep, "DG-H010")->line, 5);
    assert_int_equal(count(&rep, "DG-H020"), 1);
    assert_int_equal(count(&rep, "DG-H021"), 1);
    assert_non_null(strstr(first(&rep, "DG-H021")->message, "0.0.0.0:2377"));
    /* 20.10.17 lacks the fixes of CVE-2022-36109 (20.10.18), CVE-2023-28841
     * (20.10.24) and CVE-2024-29018 (no 20.10 fix); it has CVE-2021-41091's. */
    assert_int_equal(count(&rep, "DG-H019"), 3);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);
    json_decref(version);
    free(root);
}

static void test_rootless(void **state)
{
    (void)state;
    char *root = fixture("rootless");
    struct daemon_spec d;
    struct host h;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    /* The user's daemon.json, not /etc/docker's. */
    assert_string_equal(d.config_path, "/home/alice/.config/docker/daemon.json");
    assert_int_equal(d.icc, 0);
    assert_int_equal(d.uid, 1000);
    assert_int_equal(d.rootless, 1);
    assert_int_equal(host_collect(root, &d, &h, &err), 0);
    assert_true(h.rootless);
    assert_string_equal(h.docker_sock, "/run/user/1000/docker.sock");
    struct dg_report rep;
    run_host(&h, &rep);
    /* Ownership by root is not expected of a rootless daemon's files. */
    assert_int_equal(count(&rep, "DG-H047"), 0);
    assert_true(status(&rep, "DG-H047")->skipped > 0);
    dg_report_free(&rep);
    dg_report_init(&rep, "audit");
    struct rule_ctx ctx = {0};
    ctx.report = &rep;
    rules_run(DG_MODEL_DAEMON, &d, &ctx);
    assert_int_equal(count(&rep, "DG-D001"), 0);
    assert_int_equal(count(&rep, "DG-D002"), 0);
    assert_int_equal(count(&rep, "DG-D017"), 0);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);
    free(root);
}

/* ---- owner/mode table in a temporary root ----------------------------- */

static char *tmp_root(void)
{
    char *dir = dg_xstrdup("/tmp/dghostXXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void put(const char *root, const char *rel, const char *text, unsigned mode)
{
    char *p = dg_xasprintf("%s%s", root, rel);
    for (char *s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(p, mode), 0);
    free(p);
}

static void own(const char *root, const char *rel, unsigned uid, unsigned gid)
{
    char *p = dg_xasprintf("%s%s", root, rel);
    assert_int_equal(lchown(p, uid, gid), 0);
    free(p);
}

static void rm_rf(const char *dir)
{
    char *cmd = dg_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void audit_tmp(const char *root, struct dg_report *rep, struct host *h, struct daemon_spec *d)
{
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, d, &err), 0);
    assert_int_equal(host_collect(root, d, h, &err), 0);
    run_host(h, rep);
}

static void test_mode_bitmask(void **state)
{
    (void)state;
    /* More restrictive passes. */
    assert_int_equal(host_mode_excess(0600, 0644), 0);
    assert_int_equal(host_mode_excess(0400, 0444), 0);
    assert_int_equal(host_mode_excess(0711, 0755), 0);
    /* Decimal comparison would pass 622 <= 644 and 555 <= 660; bitwise it does not. */
    assert_int_equal(host_mode_excess(0622, 0644), 0022);
    assert_int_equal(host_mode_excess(0555, 0660), 0115);
    assert_int_equal(host_mode_excess(04644, 0644), 04000);
    assert_int_equal(host_mode_excess(0440, 0400), 0040);
}

static void test_file_table(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        /* chown needs root; the ownership half is then not testable here. */
        skip();
    }
    char *root = tmp_root();
    put(root, "/etc/group", "root:x:0:\ndocker:x:4242:\n", 0644);
    put(root, "/etc/passwd", "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n", 0644);
    /* 0622 is "less than 644" as a decimal number but world-writable. */
    put(root, "/etc/docker/daemon.json", "{\"tlscacert\": \"/etc/docker/ca.pem\", \"tlskey\": \"/etc/docker/key.pem\"}",
        0622);
    put(root, "/etc/docker/ca.pem", "x", 0400);
    put(root, "/etc/docker/key.pem", "x", 0440);
    put(root, "/etc/docker/certs.d/reg.example:5000/ca.crt", "x", 0444);
    put(root, "/etc/docker/certs.d/reg.example:5000/client.key", "x", 0644);
    put(root, "/etc/default/docker", "", 0600);
    put(root, "/lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd\n", 0644);
    own(root, "/etc/default/docker", 1000, 1000);
    char *dir = dg_xasprintf("%s/etc/docker", root);
    chmod(dir, 0775);
    free(dir);
    /* The socket: 0660 root:docker is compliant. */
    char *rundir = dg_xasprintf("%s/var/run", root);
    char *vardir = dg_xasprintf("%s/var", root);
    mkdir(vardir, 0755);
    free(vardir);
    mkdir(rundir, 0755);
    char *sock = dg_xasprintf("%s/docker.sock", rundir);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    assert_true(strlen(sock) < sizeof sa.sun_path);
    strcpy(sa.sun_path, sock);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd);
    assert_int_equal(chmod(sock, 0660), 0);
    assert_int_equal(lchown(sock, 0, 4242), 0);

    struct dg_report rep;
    struct host h;
    struct daemon_spec d;
    audit_tmp(root, &rep, &h, &d);
    assert_int_equal(count(&rep, "DG-H048"), 1);          /* daemon.json 0622 */
    assert_non_null(strstr(first(&rep, "DG-H048")->message, "0022"));
    assert_int_equal(count(&rep, "DG-H047"), 0);
    assert_int_equal(count(&rep, "DG-H036"), 1);          /* /etc/docker 0775 */
    assert_int_equal(count(&rep, "DG-H040"), 0);          /* CA 0400 is stricter than 0444 */
    assert_int_equal(count(&rep, "DG-H044"), 1);          /* key 0440 */
    assert_int_equal(count(&rep, "DG-H038"), 1);          /* client.key 0644 in certs.d */
    assert_int_equal(count(&rep, "DG-H037"), 0);
    assert_int_equal(count(&rep, "DG-H049"), 1);          /* owned by alice */
    assert_non_null(strstr(first(&rep, "DG-H049")->message, "alice:"));
    assert_int_equal(count(&rep, "DG-H050"), 0);
    assert_int_equal(count(&rep, "DG-H045"), 0);
    assert_int_equal(count(&rep, "DG-H046"), 0);
    assert_int_equal(count(&rep, "DG-H031"), 0);
    assert_int_equal(count(&rep, "DG-H032"), 0);
    /* Nothing configured: the TLS server certificate rule skips. */
    assert_true(status(&rep, "DG-H042")->skipped > 0);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);

    /* Flip: socket world-accessible and owned by another group. */
    assert_int_equal(chmod(sock, 0666), 0);
    assert_int_equal(lchown(sock, 0, 1000), 0);
    audit_tmp(root, &rep, &h, &d);
    assert_int_equal(count(&rep, "DG-H045"), 1);
    assert_int_equal(count(&rep, "DG-H046"), 1);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);

    /* A directory where the socket should be is not judged as a socket. */
    assert_int_equal(unlink(sock), 0);
    assert_int_equal(mkdir(sock, 0755), 0);
    audit_tmp(root, &rep, &h, &d);
    assert_int_equal(count(&rep, "DG-H046"), 0);
    assert_true(status(&rep, "DG-H046")->skipped > 0);
    dg_report_free(&rep);
    host_free(&h);
    ds_free(&d);
    free(sock);
    free(rundir);
    rm_rf(root);
    free(root);
}

static void test_data_root_symlink(void **state)
{
    (void)state;
    /* /var/lib/docker -> /srv/docker, and /srv is its own mount. */
    char *root = tmp_root();
    put(root, "/srv/docker/.keep", "", 0644);
    put(root, "/proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n31 22 8:17 / /srv rw - xfs /dev/sdb1 rw\n",
        0644);
    put(root, "/var/lib/.keep", "", 0644);
    char *link = dg_xasprintf("%s/var/lib/docker", root);
    assert_int_equal(symlink("/srv/docker", link), 0);
    struct host h;
    struct dg_error err = {0};
    assert_int_equal(host_collect(root, NULL, &h, &err), 0);
    assert_int_equal(h.data_root_separate, 1);
    assert_string_equal(h.data_root_mount, "/srv");
    host_free(&h);
    free(link);
    rm_rf(root);
    free(root);
}

static void test_symlinks_stay_in_root(void **state)
{
    (void)state;
    char *root = tmp_root();
    put(root, "/real/daemon.json", "{\"icc\": false}", 0644);
    char *etc = dg_xasprintf("%s/etc", root), *dd = dg_xasprintf("%s/etc/docker", root);
    mkdir(etc, 0755);
    mkdir(dd, 0755);
    char *link = dg_xasprintf("%s/etc/docker/daemon.json", root);
    /* Absolute target: must mean <root>/real/..., not the auditor's /real. */
    assert_int_equal(symlink("/real/daemon.json", link), 0);
    char *loop = dg_xasprintf("%s/etc/loop", root);
    assert_int_equal(symlink("/etc/loop", loop), 0);
    char *r = host_resolve(root, "/etc/docker/daemon.json");
    char *want = dg_xasprintf("%s/real/daemon.json", root);
    assert_string_equal(r, want);
    free(r);
    assert_null(host_resolve(root, "/etc/loop"));
    r = host_resolve(root, "/etc/../../../real/daemon.json");
    assert_string_equal(r, want);
    free(r);
    struct daemon_spec d;
    struct dg_error err = {0};
    assert_int_equal(daemon_spec_collect(root, NULL, NULL, &d, &err), 0);
    assert_int_equal(d.icc, 0);
    ds_free(&d);
    struct host_stat st;
    host_stat_path(root, "/etc/docker/daemon.json", &st);
    assert_int_equal(st.state, 1);
    assert_int_equal(st.type, 'f');
    assert_int_equal(st.mode, 0644);
    host_stat_path(root, "/etc/nothing", &st);
    assert_int_equal(st.state, 0);
    free(want);
    free(loop);
    free(link);
    free(dd);
    free(etc);
    rm_rf(root);
    free(root);
}

static void test_versions(void **state)
{
    (void)state;
    assert_true(host_version_cmp("20.10.24+dfsg1", "20.10.24") == 0);
    assert_true(host_version_cmp("20.10.9", "20.10.10") < 0);
    assert_true(host_version_cmp("v27.1.1", "27.1.0") > 0);
    assert_true(host_version_cmp("19.03.15", "20.10.0") < 0);
    size_t n;
    const struct host_vuln *t = host_vuln_table(&n);
    const struct host_vuln *v41110 = NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].id, "CVE-2024-41110")) v41110 = &t[i];
    assert_non_null(v41110);
    assert_true(host_version_affected("27.1.0", v41110));
    assert_false(host_version_affected("27.1.1", v41110));
    assert_false(host_version_affected("25.0.6", v41110));
    assert_true(host_version_affected("25.0.5", v41110));
    assert_true(host_version_affected("24.0.9", v41110));   /* no fix on 24.0 */
    assert_false(host_version_affected("27.2.0", v41110));
    assert_false(host_version_affected("18.09.9", v41110)); /* before the regression */
    assert_false(host_version_affected("garbage", v41110));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_exact_paths),
        cmocka_unit_test(test_audit_order_and_errors),
        cmocka_unit_test(test_mountinfo),
        cmocka_unit_test(test_hardened_fixture),
        cmocka_unit_test(test_default_fixture),
        cmocka_unit_test(test_rootless),
        cmocka_unit_test(test_mode_bitmask),
        cmocka_unit_test(test_file_table),
        cmocka_unit_test(test_data_root_symlink),
        cmocka_unit_test(test_symlinks_stay_in_root),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
