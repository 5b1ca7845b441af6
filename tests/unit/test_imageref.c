/* Unit tests for image reference parsing and the pinning, trust and
 * minimal-image questions shared by the Dockerfile, compose and run rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/config.h"
#include "rules/imageref.h"

static void test_parse_parts(void **state)
{
    (void)state;
    struct imageref r;
    assert_int_equal(imageref_parse("nginx", &r), 0);
    assert_null(r.registry); assert_string_equal(r.path, "nginx"); assert_null(r.tag); assert_null(r.digest);
    imageref_free(&r);

    assert_int_equal(imageref_parse("localhost:5000/acme/app:1.2@sha256:abcd", &r), 0);
    assert_string_equal(r.registry, "localhost:5000");
    assert_string_equal(r.path, "acme/app");
    assert_string_equal(r.name, "app");
    assert_string_equal(r.tag, "1.2");
    assert_string_equal(r.digest, "sha256:abcd");
    imageref_free(&r);

    assert_int_equal(imageref_parse("ghcr.io/org/tool", &r), 0);
    assert_string_equal(r.registry, "ghcr.io");
    assert_null(r.tag);
    imageref_free(&r);

    /* "acme/app" has no dot or port in its first part: a Hub namespace. */
    assert_int_equal(imageref_parse("acme/app:3", &r), 0);
    assert_null(r.registry);
    assert_string_equal(r.path, "acme/app");
    imageref_free(&r);

    assert_int_equal(imageref_parse("${BASE}:${TAG}", &r), 0);
    assert_true(r.has_var);
    imageref_free(&r);

    assert_int_equal(imageref_parse("scratch", &r), 0);
    assert_true(r.scratch);
    imageref_free(&r);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    struct imageref r;
    const char *bad[] = {"", "nginx:", "a//b", "/nginx", "nginx@", "nginx@sha256", "ng inx", "ghcr.io/", "@sha256:1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(imageref_parse(bad[i], &r), -1);
        assert_null(r.path);
    }
    assert_int_equal(imageref_parse(NULL, &r), -1);
}

static void test_pinning(void **state)
{
    (void)state;
    struct { const char *ref; bool unpinned_tag, pinned; } cases[] = {
        {"nginx", true, false},
        {"nginx:latest", true, false},
        {"nginx:1.25", false, false},
        {"nginx@sha256:0123", false, true},
        {"nginx:latest@sha256:0123", false, true},
        {"scratch", false, true},
        {"registry:5000/x", true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct imageref r;
        assert_int_equal(imageref_parse(cases[i].ref, &r), 0);
        assert_int_equal(imageref_is_unpinned_tag(&r), cases[i].unpinned_tag);
        assert_int_equal(imageref_is_pinned(&r), cases[i].pinned);
        imageref_free(&r);
    }
}

static void test_trust(void **state)
{
    (void)state;
    struct dg_config cfg;
    dg_config_init(&cfg);
    dg_strv_push(&cfg.trusted_registries, "registry.example.com");
    dg_strv_push(&cfg.trusted_images, "acme/base");
    struct { const char *ref; bool official, trusted_nocfg, trusted_cfg; } cases[] = {
        {"nginx:1", true, true, true},
        {"library/nginx:1", true, true, true},
        {"docker.io/library/debian", true, true, true},
        {"bitnami/redis", false, false, false},
        {"acme/base:2", false, false, true},
        {"registry.example.com/team/app:1", false, false, true},
        {"evil.example.com/registry.example.com:1", false, false, false},
        {"ghcr.io/nginx", false, false, false},
        {"scratch", false, true, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct imageref r;
        assert_int_equal(imageref_parse(cases[i].ref, &r), 0);
        assert_int_equal(imageref_is_official(&r), cases[i].official);
        assert_int_equal(imageref_is_trusted(&r, NULL), cases[i].trusted_nocfg);
        assert_int_equal(imageref_is_trusted(&r, &cfg), cases[i].trusted_cfg);
        imageref_free(&r);
    }
    dg_config_free(&cfg);
}

static void test_minimal(void **state)
{
    (void)state;
    const char *full[] = {"ubuntu:22.04", "debian:bookworm", "centos:7", "python:3.12", "node", "library/fedora:39",
                          "golang:1.22"};
    const char *small[] = {"debian:bookworm-slim", "python:3.12-alpine", "alpine:3.19", "scratch",
                           "gcr.io/distroless/static", "node:20-slim", "busybox", "ghcr.io/acme/ubuntu",
                           "redhat/ubi9-minimal", "${BASE}"};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
        struct imageref r;
        assert_int_equal(imageref_parse(full[i], &r), 0);
        assert_non_null(imageref_minimal_hint(&r));
        imageref_free(&r);
    }
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        struct imageref r;
        assert_int_equal(imageref_parse(small[i], &r), 0);
        assert_null(imageref_minimal_hint(&r));
        imageref_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_parts), cmocka_unit_test(test_parse_rejects), cmocka_unit_test(test_pinning),
        cmocka_unit_test(test_trust), cmocka_unit_test(test_minimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
