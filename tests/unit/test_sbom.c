/* SBOM writers: package URLs per ecosystem with percent-encoding, and the
 * documents parsed back with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/sbom.h"

static void test_purls(void **st)
{
    (void)st;
    struct os_info alpine = {"alpine", "3.19.1", NULL, NULL};
    struct pkg a = {"libcrypto3", "3.1.4-r5", "x86_64", "openssl", NULL, PKG_APK};
    char *u = sbom_purl(&a, &alpine);
    assert_string_equal(u, "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19");
    free(u);
    struct os_info rhel = {"rhel", NULL, NULL, NULL};
    struct pkg r = {"openssl-libs", "1:3.0.7-24.el9", "x86_64", NULL, NULL, PKG_RPM};
    u = sbom_purl(&r, &rhel);
    /* The purl rpm type carries the epoch as a qualifier. */
    assert_string_equal(u, "pkg:rpm/rhel/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1");
    free(u);
    struct os_info rocky = {"rocky", "9.3", NULL, NULL};
    struct pkg t = {"tzdata", "2024a-1.el9", "noarch", "tz", "2024a-1.el9", PKG_RPM};
    u = sbom_purl(&t, &rocky);
    assert_string_equal(u, "pkg:rpm/rocky/tzdata@2024a-1.el9?arch=noarch&distro=rocky-9.3&upstream=tz");
    free(u);
    struct os_info none = {0};
    struct pkg d = {"g++", "12.2.0-14+deb12u1", NULL, NULL, NULL, PKG_DEB};
    u = sbom_purl(&d, &none);
    assert_string_equal(u, "pkg:deb/debian/g%2B%2B@12.2.0-14%2Bdeb12u1");
    free(u);
}

static json_t *roundtrip(int spdx, const struct pkg_inventory *inv)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    struct dg_error err = {0};
    assert_int_equal(spdx ? sbom_write_spdx(f, "img:1", inv, &err) : sbom_write_cyclonedx(f, "img:1", inv, &err), 0);
    fclose(f);
    json_error_t je;
    json_t *doc = json_loadb(mem, len, 0, &je);
    free(mem);
    assert_non_null(doc);
    return doc;
}

static void test_documents(void **st)
{
    (void)st;
    struct pkg p = {"musl", "1.2.4-r4", "x86_64", NULL, NULL, PKG_APK};
    struct pkg_inventory inv = {{"alpine", "3.19.1", NULL, "Alpine Linux v3.19"}, &p, 1, 1};
    json_t *c = roundtrip(0, &inv);
    assert_string_equal(json_string_value(json_object_get(c, "specVersion")), "1.5");
    json_t *comps = json_object_get(c, "components");
    assert_int_equal(json_array_size(comps), 2);   /* OS + musl */
    assert_string_equal(json_string_value(json_object_get(json_array_get(comps, 1), "purl")),
                        "pkg:apk/alpine/musl@1.2.4-r4?arch=x86_64&distro=alpine-3.19");
    json_decref(c);
    json_t *s = roundtrip(1, &inv);
    assert_string_equal(json_string_value(json_object_get(s, "spdxVersion")), "SPDX-2.3");
    json_t *pk = json_object_get(s, "packages");
    assert_int_equal(json_array_size(pk), 2);   /* image + musl */
    assert_string_equal(json_string_value(json_object_get(json_array_get(pk, 1), "versionInfo")), "1.2.4-r4");
    json_decref(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_purls), cmocka_unit_test(test_documents)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
