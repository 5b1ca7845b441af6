/* Unit tests: docker run line scanning and mapping into container_spec. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "runline/runline.h"

struct got {
    struct container_spec spec[4];
    int line[4];
    int n;
};

/* Keeps copies of what matters by moving the spec out (the scanner frees
 * what is left: an initialised empty spec). */
static int keep(void *ud, struct container_spec *spec, int line)
{
    struct got *g = ud;
    if (g->n < 4) {
        g->spec[g->n] = *spec;
        g->line[g->n++] = line;
        cs_init(spec);
    }
    return 0;
}

static int scan(const char *text, struct got *g)
{
    memset(g, 0, sizeof *g);
    struct dg_error err = {0};
    return runline_scan("t.sh", text, strlen(text), keep, g, &err);
}

static void got_free(struct got *g)
{
    for (int i = 0; i < g->n; i++) cs_free(&g->spec[i]);
}

static void test_flags(void **st)
{
    (void)st;
    struct got g;
    assert_int_equal(scan("sudo docker -H tcp://x:2375 --log-level debug container run -itd --privileged=false "
                          "--read-only -u 0:0 -m 512m --cpus=1.5 -c 512 --pids-limit 50 --restart on-failure:5 "
                          "--cap-add=NET_ADMIN --cap-drop ALL --security-opt no-new-privileges --net host "
                          "--pid=host --ipc host --uts host --userns host --no-healthcheck -e A=1 -e B "
                          "-e C=$SECRET --ulimit nofile=10:20 --sysctl kernel.x=1 --device /dev/sda "
                          "--name web -l a=b --init --oom-kill-disable --cgroup-parent /x "
                          "nginx:1 sh -c 'echo hi'\n",
                          &g),
                     1);
    struct container_spec *c = &g.spec[0];
    assert_string_equal(c->image, "nginx:1");
    assert_false(c->privileged);
    assert_true(c->read_only);
    assert_string_equal(c->user, "0:0");
    assert_int_equal(c->memory, 512 * 1024 * 1024);
    assert_int_equal(c->nano_cpus, 1500000000);
    assert_int_equal(c->cpu_shares, 512);
    assert_int_equal(c->pids_limit, 50);
    assert_string_equal(c->restart_name, "on-failure");
    assert_int_equal(c->restart_max, 5);
    assert_string_equal(c->cap_add.v[0].s, "NET_ADMIN");
    assert_string_equal(c->cap_drop.v[0].s, "ALL");
    assert_string_equal(c->network_mode, "host");
    assert_string_equal(c->pid_mode, "host");
    assert_string_equal(c->ipc_mode, "host");
    assert_string_equal(c->uts_mode, "host");
    assert_string_equal(c->userns_mode, "host");
    assert_int_equal(c->healthcheck, -1);
    assert_int_equal(c->env.n, 3);
    assert_null(c->env.v[1].value);
    assert_true(c->env.v[2].value_is_ref);
    assert_false(c->env.v[0].value_is_ref);
    assert_string_equal(c->ulimits.v[0].key, "nofile");
    assert_string_equal(c->sysctls.v[0].value, "1");
    assert_string_equal(c->devices.v[0].s, "/dev/sda");
    assert_string_equal(c->name, "web");
    assert_true(c->init && c->oom_kill_disable);
    assert_string_equal(c->cgroup_parent, "/x");
    cs_normalize(c);
    assert_true(c->no_new_privileges);
    got_free(&g);
}

static void test_ports(void **st)
{
    (void)st;
    struct got g;
    assert_int_equal(scan("docker run -dp 80:80 -p 127.0.0.1:8080:80 -p '[::]:443:443/udp' -p 9000 "
                          "-p 127.0.0.1::53 -p 8000-8010:8000-8010 -P img\n",
                          &g),
                     1);
    struct container_spec *c = &g.spec[0];
    assert_int_equal(c->nports, 6);
    assert_null(c->ports[0].host_ip);
    assert_int_equal(c->ports[0].host_lo, 80);
    assert_string_equal(c->ports[1].host_ip, "127.0.0.1");
    assert_int_equal(c->ports[1].host_lo, 8080);
    assert_string_equal(c->ports[2].host_ip, "::");
    assert_string_equal(c->ports[2].proto, "udp");
    assert_int_equal(c->ports[2].ctr_lo, 443);
    assert_int_equal(c->ports[3].host_lo, 0);
    assert_int_equal(c->ports[3].ctr_lo, 9000);
    assert_int_equal(c->ports[4].host_lo, 0);
    assert_int_equal(c->ports[5].host_hi, 8010);
    assert_true(c->publish_all);
    assert_string_equal(c->image, "img");
    got_free(&g);
}

static void test_mounts(void **st)
{
    (void)st;
    struct got g;
    assert_int_equal(scan("podman create -v /etc:/e:ro,rshared -v data:/d -v /anon "
                          "--mount type=bind,source=/var/run/docker.sock,target=/s,readonly "
                          "--mount type=volume,src=v,dst=/v --mount type=bind,src=/a,dst=/b,bind-propagation=shared "
                          "alpine\n",
                          &g),
                     1);
    struct container_spec *c = &g.spec[0];
    assert_int_equal(c->nmounts, 6);
    assert_int_equal(c->mounts[0].type, CS_MOUNT_BIND);
    assert_true(c->mounts[0].read_only);
    assert_string_equal(c->mounts[0].propagation, "rshared");
    assert_int_equal(c->mounts[1].type, CS_MOUNT_VOLUME);
    assert_false(c->mounts[1].read_only);
    assert_null(c->mounts[2].source);
    assert_string_equal(c->mounts[3].source, "/var/run/docker.sock");
    assert_true(c->mounts[3].read_only);
    assert_int_equal(c->mounts[4].type, CS_MOUNT_VOLUME);
    assert_string_equal(c->mounts[5].propagation, "shared");
    got_free(&g);
}

static void test_finding_commands(void **st)
{
    (void)st;
    struct got g;
    /* continuations, positions, Makefile references, several commands, prose */
    const char *t = "# docker run in a comment is ignored\nDon't run this\n"
                    "echo done; docker \\\n"
                    "  run \\\n"
                    "  --user \"$(id -u)\" $(IMAGE)\n"
                    "docker ps && docker create --name x busybox\n"
                    "docker build -t x . ; docker run --help\n"
                    "  - run: docker run -v ${PWD}:/w alpine:3\n";
    assert_int_equal(scan(t, &g), 3);
    assert_string_equal(g.spec[0].image, "$(IMAGE)");
    assert_string_equal(g.spec[0].user, "$(id -u)");
    assert_int_equal(g.line[0], 3);
    assert_int_equal(g.spec[0].pos[CS_USER].line, 5);
    assert_int_equal(g.spec[0].pos[CS_USER].col, 3);
    assert_string_equal(g.spec[1].image, "busybox");
    assert_int_equal(g.spec[1].pos[CS_IMAGE].line, 6);
    assert_string_equal(g.spec[2].image, "alpine:3");
    assert_string_equal(g.spec[2].mounts[0].source, "${PWD}");
    got_free(&g);
}

static void test_errors_and_wanted(void **st)
{
    (void)st;
    struct got g;
    struct dg_error err = {0};
    const char *bad = "ls\ndocker run -e 'A=b alpine\n";
    assert_true(runline_scan("t.sh", bad, strlen(bad), keep, &g, &err) < 0);
    assert_non_null(strstr(err.msg, "t.sh:2"));
    assert_true(runline_wanted("x\ndocker container run a\n", 24));
    assert_true(runline_wanted("podman create a", 15));
    assert_false(runline_wanted("docker ps\nrun tests\n", 20));
    assert_false(runline_wanted("echo hello\n", 11));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags), cmocka_unit_test(test_ports), cmocka_unit_test(test_mounts),
        cmocka_unit_test(test_finding_commands), cmocka_unit_test(test_errors_and_wanted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
