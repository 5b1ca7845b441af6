/* Unit tests: container rules (DG-C001–C099) on specs from docker run lines
 * (test_rules_container.c covers compose services and API specs in detail),
 * plus a compose and a hand-built cross-check; every rule hits and misses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"
#include "core/rule.h"
#include "runline/runline.h"

struct hits {
    struct dg_report r;
};

static int run_rules(void *ud, struct container_spec *spec, int line)
{
    (void)line;
    cs_normalize(spec);
    struct rule_ctx ctx = {.report = ud, .file = "t.sh", .subject = "docker run", .root = "/"};
    rules_run(DG_MODEL_CONTAINER, spec, &ctx);
    return 0;
}

static size_t count(const struct dg_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->findings[i].rule->id, id)) n++;
    return n;
}

/* Findings of one rule for one docker run line. */
static size_t run_count(const char *line, const char *id)
{
    struct dg_report r;
    struct dg_error err = {0};
    dg_report_init(&r, "lint");
    assert_int_equal(runline_scan("t.sh", line, strlen(line), run_rules, &r, &err), 1);
    size_t n = count(&r, id);
    dg_report_free(&r);
    return n;
}

static size_t compose_count(const char *yaml, const char *id)
{
    struct compose_project p;
    struct dg_error err = {0};
    assert_int_equal(compose_load_text("compose.yaml", yaml, strlen(yaml), &p, &err), 0);
    struct dg_report r;
    dg_report_init(&r, "lint");
    for (size_t i = 0; i < p.nservices; i++) run_rules(&r, &p.services[i].spec, 0);
    size_t n = count(&r, id);
    dg_report_free(&r);
    compose_project_free(&p);
    return n;
}

#define HIT(line, id) assert_int_equal(run_count(line, id), 1)
#define MISS(line, id) assert_int_equal(run_count(line, id), 0)

static void test_privileges(void **st)
{
    (void)st;
    HIT("docker run --privileged a:1", "DG-C001");
    MISS("docker run --privileged=false a:1", "DG-C001");
    HIT("docker run -u root a:1", "DG-C002");
    HIT("docker run -u 0:0 a:1", "DG-C002");
    MISS("docker run -u 1000:0 a:1", "DG-C002");
    MISS("docker run a:1", "DG-C002"); /* unknown: skipped */
    HIT("docker run a:1", "DG-C018");
    MISS("docker run --security-opt no-new-privileges:true a:1", "DG-C018");
    HIT("docker run --security-opt seccomp=unconfined a:1", "DG-C019");
    MISS("docker run --security-opt seccomp=/p.json a:1", "DG-C019");
    HIT("docker run --security-opt apparmor:unconfined a:1", "DG-C020");
    MISS("docker run --security-opt apparmor=docker-default a:1", "DG-C020");
    HIT("docker run --security-opt label=disable a:1", "DG-C021");
    HIT("docker run --security-opt label:disable a:1", "DG-C021");
    MISS("docker run --security-opt label=level:s0 a:1", "DG-C021");
    HIT("docker run --cap-add CHOWN a:1", "DG-C022");
    MISS("docker run --cap-add SYS_ADMIN a:1", "DG-C022");
    HIT("docker run --cap-add cap_sys_admin a:1", "DG-C023");
    HIT("docker run --cap-add=ALL a:1", "DG-C023");
    MISS("docker run --cap-add CHOWN a:1", "DG-C023");
    HIT("docker run a:1", "DG-C024");
    MISS("docker run --cap-drop=all a:1", "DG-C024");
}

static void test_mounts(void **st)
{
    (void)st;
    HIT("docker run -v /:/host:ro a:1", "DG-C003");
    HIT("docker run -v /etc/ssl:/s:ro a:1", "DG-C003");
    HIT("docker run --mount type=bind,src=/proc,dst=/p a:1", "DG-C003");
    MISS("docker run -v /etcetera:/e a:1", "DG-C003");
    MISS("docker run -v /dev/shm:/dev/shm a:1", "DG-C003");
    MISS("docker run -v etc:/etc a:1", "DG-C003");
    HIT("docker run -v /var/run/docker.sock:/var/run/docker.sock:ro a:1", "DG-C004");
    HIT("docker run --mount type=bind,source=/run/containerd/containerd.sock,target=/c a:1", "DG-C004");
    HIT("docker run -v /home/u/.local/podman.sock:/p a:1", "DG-C004");
    MISS("docker run -v /srv/dockerfiles:/d a:1", "DG-C004");
    MISS("docker run -v /var/run/docker.sock:/s a:1", "DG-C003");
    HIT("docker run -v /srv/data:/d a:1", "DG-C005");
    MISS("docker run -v /srv/data:/d:ro a:1", "DG-C005");
    MISS("docker run -v data:/d a:1", "DG-C005");
    HIT("docker run -v /srv:/d:rshared a:1", "DG-C027");
    HIT("docker run --mount type=bind,src=/srv,dst=/d,bind-propagation=shared a:1", "DG-C027");
    MISS("docker run -v /srv:/d:rslave a:1", "DG-C027");
}

static void test_namespaces_resources(void **st)
{
    (void)st;
    HIT("docker run --net=host a:1", "DG-C006");
    MISS("docker run --network bridge a:1", "DG-C006");
    HIT("docker run --pid host a:1", "DG-C007");
    MISS("docker run --pid container:x a:1", "DG-C007");
    HIT("docker run --ipc=host a:1", "DG-C008");
    HIT("docker run --uts=host a:1", "DG-C009");
    HIT("docker run --userns=host a:1", "DG-C010");
    MISS("docker run a:1", "DG-C010");
    HIT("docker run a:1", "DG-C011");
    MISS("docker run -m 1g a:1", "DG-C011");
    HIT("docker run a:1", "DG-C012");
    MISS("docker run --cpus 0.5 a:1", "DG-C012");
    HIT("docker run -c 512 a:1", "DG-C012"); /* shares are a weight, not a limit */
    HIT("docker run --pids-limit -1 a:1", "DG-C013");
    MISS("docker run --pids-limit 100 a:1", "DG-C013");
    HIT("docker run a:1", "DG-C014");
    MISS("docker run --read-only a:1", "DG-C014");
    HIT("docker run --oom-kill-disable a:1", "DG-C032");
    MISS("docker run --oom-kill-disable -m 1g a:1", "DG-C032");
    HIT("docker run --ulimit nofile=10:20 a:1", "DG-C028");
    MISS("docker run a:1", "DG-C028");
    HIT("docker run --cgroup-parent /x a:1", "DG-C029");
    MISS("docker run a:1", "DG-C029");
    HIT("docker run --sysctl kernel.core_pattern=x a:1", "DG-C033");
    HIT("docker run --sysctl net.ipv4.ip_forward=1 a:1", "DG-C033");
    MISS("docker run --sysctl net.core.somaxconn=1024 a:1", "DG-C033");
    MISS("docker run --sysctl kernel.shmmax=1 a:1", "DG-C033");
    HIT("docker run --device /dev/sda a:1", "DG-C026");
    MISS("docker run a:1", "DG-C026");
}

static void test_ports_lifecycle(void **st)
{
    (void)st;
    HIT("docker run -p 8080:80 a:1", "DG-C015");
    HIT("docker run -p 0.0.0.0:8080:80 a:1", "DG-C015");
    HIT("docker run -p [::]:8080:80 a:1", "DG-C015");
    MISS("docker run -p 127.0.0.1:8080:80 a:1", "DG-C015");
    MISS("docker run -p [::1]:8080:80 a:1", "DG-C015");
    HIT("docker run -p 127.0.0.1:80:80 a:1", "DG-C016");
    MISS("docker run -p 127.0.0.1:8080:80 a:1", "DG-C016");
    MISS("docker run -p 80 a:1", "DG-C016");
    HIT("docker run -P a:1", "DG-C017");
    MISS("docker run -p 80 a:1", "DG-C017");
    HIT("docker run --restart always a:1", "DG-C025");
    HIT("docker run --restart=unless-stopped a:1", "DG-C025");
    HIT("docker run --restart on-failure a:1", "DG-C025");
    HIT("docker run --restart on-failure:10 a:1", "DG-C025");
    MISS("docker run --restart on-failure:5 a:1", "DG-C025");
    MISS("docker run --restart no a:1", "DG-C025");
    HIT("docker run --no-healthcheck a:1", "DG-C031");
    MISS("docker run --health-cmd true a:1", "DG-C031");
}

static void test_env_image(void **st)
{
    (void)st;
    HIT("docker run -e DB_PASSWORD=hunter2 a:1", "DG-C030");
    HIT("docker run -e X=AKIAABCDEFGHIJKLMNOP a:1", "DG-C030");
    MISS("docker run -e DB_PASSWORD a:1", "DG-C030");
    MISS("docker run -e DB_PASSWORD=$DB_PASSWORD a:1", "DG-C030");
    MISS("docker run -e \"DB_PASSWORD=${PW}\" a:1", "DG-C030");
    MISS("docker run -e DB_PASSWORD_FILE=/run/secrets/pw a:1", "DG-C030");
    MISS("docker run -e DB_PASSWORD=changeme a:1", "DG-C030");
    MISS("docker run -e LOG_LEVEL=debug a:1", "DG-C030");
    HIT("docker run nginx", "DG-C034");
    HIT("docker run nginx:latest", "DG-C034");
    MISS("docker run nginx:1.25", "DG-C034");
    MISS("docker run $IMAGE", "DG-C034");
    HIT("docker run evil/miner:1", "DG-C035");
    MISS("docker run nginx:1.25", "DG-C035");
    HIT("docker run nginx:1.25", "DG-C036");
    MISS("docker run nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "DG-C036");
}

static void test_compose_and_hand_built(void **st)
{
    (void)st;
    const char *bad = "services:\n"
                      "  web:\n"
                      "    image: nginx:latest\n"
                      "    privileged: true\n"
                      "    user: root\n"
                      "    network_mode: host\n"
                      "    ports: [\"80:80\", \"127.0.0.1:8080:8080\"]\n"
                      "    volumes: [\"/var/run/docker.sock:/var/run/docker.sock\", \"/etc:/h/etc:ro\"]\n"
                      "    cap_add: [SYS_ADMIN]\n"
                      "    restart: always\n"
                      "    environment:\n"
                      "      API_TOKEN: abcdef123456\n"
                      "      OTHER_TOKEN: ${TOKEN}\n";
    assert_int_equal(compose_count(bad, "DG-C001"), 1);
    assert_int_equal(compose_count(bad, "DG-C002"), 1);
    assert_int_equal(compose_count(bad, "DG-C003"), 1);
    assert_int_equal(compose_count(bad, "DG-C004"), 1);
    assert_int_equal(compose_count(bad, "DG-C006"), 1);
    assert_int_equal(compose_count(bad, "DG-C015"), 1);
    assert_int_equal(compose_count(bad, "DG-C016"), 1);
    assert_int_equal(compose_count(bad, "DG-C023"), 1);
    assert_int_equal(compose_count(bad, "DG-C025"), 1);
    assert_int_equal(compose_count(bad, "DG-C030"), 1);
    assert_int_equal(compose_count(bad, "DG-C034"), 1);
    const char *good = "services:\n"
                       "  web:\n"
                       "    image: nginx:1.25\n"
                       "    user: \"1000\"\n"
                       "    read_only: true\n"
                       "    cap_drop: [ALL]\n"
                       "    security_opt: [\"no-new-privileges:true\"]\n"
                       "    mem_limit: 256m\n"
                       "    cpus: 0.5\n"
                       "    pids_limit: 100\n"
                       "    ports: [\"127.0.0.1:8080:8080\"]\n"
                       "    restart: on-failure:3\n";
    static const char *const ids[] = {"DG-C001", "DG-C002", "DG-C011", "DG-C012", "DG-C013", "DG-C014",
                                      "DG-C015", "DG-C018", "DG-C024", "DG-C025", "DG-C034"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) assert_int_equal(compose_count(good, ids[i]), 0);

    /* a hand-built spec as the engine or the authz plugin would give it */
    struct container_spec c;
    cs_init(&c);
    c.image = strdup("nginx:1.25");
    c.privileged = true;
    struct cs_mount *m = cs_add_mount(&c);
    m->type = CS_MOUNT_BIND;
    m->source = strdup("/run/docker.sock");
    m->target = strdup("/d");
    cs_normalize(&c);
    struct dg_report r;
    dg_report_init(&r, "audit");
    run_rules(&r, &c, 0);
    assert_int_equal(count(&r, "DG-C001"), 1);
    assert_int_equal(count(&r, "DG-C004"), 1);
    assert_int_equal(count(&r, "DG-C018"), 0); /* privileged already says it */
    dg_report_free(&r);
    cs_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_privileges),       cmocka_unit_test(test_mounts),
        cmocka_unit_test(test_namespaces_resources), cmocka_unit_test(test_ports_lifecycle),
        cmocka_unit_test(test_env_image),        cmocka_unit_test(test_compose_and_hand_built),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
