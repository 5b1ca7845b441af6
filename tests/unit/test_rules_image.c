/* Unit tests for the image-config rules (DG-I…) over image specs as the
 * Engine API and archives produce them, and as a Dockerfile's final stage
 * produces them (history heuristics must then stay silent). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/rule.h"
#include "model/build.h"
#include "model/image_spec.h"
#include "core/secrets.h"
#include "rules/pkgcmd.h"

static struct dg_pos P(int line)
{
    return (struct dg_pos){NULL, line, 0};
}

/* Runs one rule over a spec; returns the number of findings of that rule
 * and stores the first message in msg (when msg is not NULL). */
static size_t run(const char *id, const struct image_spec *s, char *msg, size_t msglen)
{
    struct dg_report rep;
    dg_report_init(&rep, "scan");
    struct rule_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.report = &rep;
    ctx.file = "image";
    const struct rule_def *r = rules_find(id);
    assert_non_null(r);
    assert_int_equal(r->model, DG_MODEL_IMAGE);
    rules_run_one(r, s, &ctx);
    size_t n = 0;
    for (size_t i = 0; i < rep.n; i++) {
        if (rep.findings[i].rule != r) continue;
        if (n == 0 && msg) snprintf(msg, msglen, "%s", rep.findings[i].message);
        n++;
    }
    dg_report_free(&rep);
    return n;
}

static void test_root_user(void **state)
{
    (void)state;
    const char *root[] = {NULL, "", "root", "0", "0:0", "root:root", "root:1000"};
    const char *nonroot[] = {"app", "1000", "1000:1000", "nobody", "app:root"};
    for (size_t i = 0; i < sizeof root / sizeof root[0]; i++) {
        struct image_spec s;
        is_init(&s);
        if (root[i]) { s.user = strdup(root[i]); s.user_set = true; s.user_pos = P(4); }
        assert_int_equal(run("DG-I001", &s, NULL, 0), 1);
        is_free(&s);
    }
    for (size_t i = 0; i < sizeof nonroot / sizeof nonroot[0]; i++) {
        struct image_spec s;
        is_init(&s);
        s.user = strdup(nonroot[i]);
        s.user_set = true;
        assert_int_equal(run("DG-I001", &s, NULL, 0), 0);
        is_free(&s);
    }
}

static void test_healthcheck(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    char msg[256];
    assert_int_equal(run("DG-I002", &s, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "no HEALTHCHECK"));
    s.health = IS_HEALTH_NONE;
    assert_int_equal(run("DG-I002", &s, msg, sizeof msg), 1);
    assert_non_null(strstr(msg, "NONE"));
    s.health = IS_HEALTH_CMD;
    assert_int_equal(run("DG-I002", &s, NULL, 0), 0);
    is_free(&s);
}

static void test_env_secret(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    cs_kvs_push(&s.env, "PATH", "/usr/bin", P(0));
    cs_kvs_push(&s.env, "DB_PASSWORD", "changeme", P(0));
    cs_kvs_push(&s.env, "API_TOKEN", "${API_TOKEN}", P(0));
    assert_int_equal(run("DG-I003", &s, NULL, 0), 0);
    cs_kvs_push(&s.env, "DB_PASSWORD", "hunter2-prod", P(0));
    cs_kvs_push(&s.env, "SOME_ID", "AKIAIOSFODNN7EXAMPLQ", P(0));
    assert_int_equal(run("DG-I003", &s, NULL, 0), 2);
    /* From a Dockerfile, DG-B010 reports the ENV line instead. */
    struct build b;
    memset(&b, 0, sizeof b);
    s.build = &b;
    assert_int_equal(run("DG-I003", &s, NULL, 0), 0);
    is_free(&s);
}

static void test_port22(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    struct is_port *p = is_add_port(&s);
    p->port = 8080;
    p->proto = strdup("tcp");
    p = is_add_port(&s);
    p->port = 22;
    p->proto = strdup("udp");
    assert_int_equal(run("DG-I004", &s, NULL, 0), 0);
    p = is_add_port(&s);
    p->port = 22;
    p->proto = strdup("tcp");
    assert_int_equal(run("DG-I004", &s, NULL, 0), 1);
    is_free(&s);
}

static void add_history(struct image_spec *s, const char *created_by)
{
    struct is_history *h = is_add_history(s);
    h->created_by = strdup(created_by);
}

static void test_history(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    add_history(&s, "/bin/sh -c #(nop) ADD file:3b5a12f4e9d7 in / ");
    add_history(&s, "/bin/sh -c #(nop)  CMD [\"bash\"]");
    add_history(&s, "/bin/sh -c apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*");
    add_history(&s, "RUN /bin/sh -c echo \"apt-get update\" # buildkit");
    add_history(&s, "|2 A=1 B=2 /bin/sh -c set -eux; echo ok");
    assert_int_equal(run("DG-I005", &s, NULL, 0), 0);
    assert_int_equal(run("DG-I006", &s, NULL, 0), 0);
    assert_int_equal(run("DG-I010", &s, NULL, 0), 0);
    add_history(&s, "ADD https://example.com/tool /usr/bin/tool # buildkit");
    add_history(&s, "/bin/sh -c apt-get update");
    add_history(&s, "|1 X=1 /bin/sh -c apk update");
    add_history(&s, "RUN /bin/sh -c curl -fsSL https://x.example/i.sh | sh # buildkit");
    assert_int_equal(run("DG-I005", &s, NULL, 0), 1);
    assert_int_equal(run("DG-I006", &s, NULL, 0), 2);
    assert_int_equal(run("DG-I010", &s, NULL, 0), 1);
    struct build b;
    memset(&b, 0, sizeof b);
    s.build = &b;
    assert_int_equal(run("DG-I005", &s, NULL, 0), 0);
    assert_int_equal(run("DG-I006", &s, NULL, 0), 0);
    assert_int_equal(run("DG-I010", &s, NULL, 0), 0);
    is_free(&s);
}

static void test_history_script(void **state)
{
    (void)state;
    const char *script;
    assert_true(pkgcmd_history_script("/bin/sh -c apt-get update", &script));
    assert_string_equal(script, "apt-get update");
    assert_true(pkgcmd_history_script("|3 A=1 B=2 C=3 /bin/sh -c make", &script));
    assert_string_equal(script, "make");
    assert_false(pkgcmd_history_script("/bin/sh -c #(nop)  ENV A=1", &script));
    assert_false(pkgcmd_history_script("COPY . /app # buildkit", &script));
    assert_true(pkgcmd_history_script("RUN make # buildkit", &script));
}

static void test_entrypoint_shell(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    dg_strv_push(&s.entrypoint, "/bin/sh");
    dg_strv_push(&s.entrypoint, "-c");
    dg_strv_push(&s.entrypoint, "app --serve");
    assert_int_equal(run("DG-I007", &s, NULL, 0), 0);
    s.entrypoint_shell = true;
    assert_int_equal(run("DG-I007", &s, NULL, 0), 1);
    is_free(&s);
}

static void test_env_verification(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    cs_kvs_push(&s.env, "NODE_TLS_REJECT_UNAUTHORIZED", "1", P(0));
    cs_kvs_push(&s.env, "DOCKER_CONTENT_TRUST", "1", P(0));
    assert_int_equal(run("DG-I008", &s, NULL, 0), 0);
    cs_kvs_push(&s.env, "NODE_TLS_REJECT_UNAUTHORIZED", "0", P(0));
    cs_kvs_push(&s.env, "PYTHONHTTPSVERIFY", "0", P(0));
    cs_kvs_push(&s.env, "DOCKER_CONTENT_TRUST", "0", P(0));
    assert_int_equal(run("DG-I008", &s, NULL, 0), 3);
    is_free(&s);
}

static void test_sensitive_volume(void **state)
{
    (void)state;
    struct image_spec s;
    is_init(&s);
    dg_strv_push(&s.volumes, "/data");
    dg_strv_push(&s.volumes, "/var/lib/postgresql/data");
    assert_int_equal(run("DG-I009", &s, NULL, 0), 0);
    dg_strv_push(&s.volumes, "/etc/");
    dg_strv_push(&s.volumes, "/var/run/docker.sock");
    assert_int_equal(run("DG-I009", &s, NULL, 0), 2);
    is_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_user),     cmocka_unit_test(test_healthcheck),
        cmocka_unit_test(test_env_secret),    cmocka_unit_test(test_port22),
        cmocka_unit_test(test_history),       cmocka_unit_test(test_history_script),
        cmocka_unit_test(test_entrypoint_shell), cmocka_unit_test(test_env_verification),
        cmocka_unit_test(test_sensitive_volume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
