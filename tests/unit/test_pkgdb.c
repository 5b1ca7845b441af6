/* Package database and os-release parsers: a slice of a real dpkg status
 * file, hand-written apk records, os-release, and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "image/pkgdb.h"

static char *fixture(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/pkgdb/%s", getenv("DG_FIXTURES") ? getenv("DG_FIXTURES") : "tests/fixtures", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static const struct pkg *find(const struct pkg_inventory *inv, const char *name)
{
    for (size_t i = 0; i < inv->n; i++)
        if (strcmp(inv->pkgs[i].name, name) == 0) return &inv->pkgs[i];
    return NULL;
}

static void test_dpkg_status(void **st)
{
    (void)st;
    size_t len;
    char *buf = fixture("dpkg_status", &len);
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    assert_int_equal(pkgdb_dpkg_parse(buf, len, "status", true, &inv, &err), 0);
    assert_int_equal(inv.n, 5);   /* the deinstalled paragraph is left out */
    assert_null(find(&inv, "removed-pkg"));
    const struct pkg *p = find(&inv, "zlib1g");
    assert_non_null(p);
    assert_string_equal(p->version, "1:1.2.13.dfsg-1");
    assert_string_equal(p->arch, "amd64");
    assert_string_equal(p->source, "zlib");
    assert_null(p->source_version);
    p = find(&inv, "bash");
    assert_string_equal(p->version, "5.2.15-2+b8");
    assert_string_equal(p->source, "bash");
    assert_string_equal(p->source_version, "5.2.15-2");
    p = find(&inv, "coreutils");
    assert_null(p->source);
    assert_int_equal(p->type, PKG_DEB);
    pkg_inventory_free(&inv);
    free(buf);
}

static void test_dpkg_statusd_and_errors(void **st)
{
    (void)st;
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    const char *d = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n";
    assert_int_equal(pkgdb_dpkg_parse(d, strlen(d), "status.d/tzdata", false, &inv, &err), 0);
    assert_int_equal(inv.n, 1);
    /* Without Status, the status file keeps nothing. */
    assert_int_equal(pkgdb_dpkg_parse(d, strlen(d), "status", true, &inv, &err), 0);
    assert_int_equal(inv.n, 1);
    const char *bad = "Package: a\nStatus: install ok installed\nno colon here\n";
    assert_int_equal(pkgdb_dpkg_parse(bad, strlen(bad), "status", true, &inv, &err), DG_ERR_PARSE);
    assert_string_equal(err.msg, "status:3: line is neither a field nor a continuation");
    const char *nover = "Package: a\nStatus: install ok installed\n\n";
    assert_int_equal(pkgdb_dpkg_parse(nover, strlen(nover), "status", true, &inv, &err), DG_ERR_PARSE);
    assert_non_null(strstr(err.msg, "status:1: package paragraph without Version"));
    const char *twice = "Package: a\nPackage: b\n";
    assert_int_equal(pkgdb_dpkg_parse(twice, strlen(twice), "s", false, &inv, &err), DG_ERR_PARSE);
    pkg_inventory_free(&inv);
}

static void test_apk(void **st)
{
    (void)st;
    size_t len;
    char *buf = fixture("apk_installed", &len);
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    assert_int_equal(pkgdb_apk_parse(buf, len, "installed", &inv, &err), 0);
    assert_int_equal(inv.n, 3);
    assert_string_equal(inv.pkgs[0].name, "musl");
    assert_null(inv.pkgs[0].source);   /* origin is itself */
    assert_string_equal(inv.pkgs[1].version, "3.1.4-r5");
    assert_string_equal(inv.pkgs[1].source, "openssl");
    assert_string_equal(inv.pkgs[2].arch, "x86_64");
    assert_int_equal(inv.pkgs[2].type, PKG_APK);
    const char *bad = "P:x\nV:1\nbroken\n";
    assert_int_equal(pkgdb_apk_parse(bad, strlen(bad), "installed", &inv, &err), DG_ERR_PARSE);
    assert_string_equal(err.msg, "installed:3: expected a 'X:value' line");
    const char *nov = "P:x\nA:y\n";
    assert_int_equal(pkgdb_apk_parse(nov, strlen(nov), "installed", &inv, &err), DG_ERR_PARSE);
    pkg_inventory_free(&inv);
    free(buf);
}

static void test_osrelease(void **st)
{
    (void)st;
    struct os_info os = {0};
    struct dg_error err = {0};
    const char *t = "# c\nNAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n";
    assert_int_equal(osrelease_parse(t, strlen(t), "os-release", &os, &err), 0);
    assert_string_equal(os.id, "alpine");
    assert_string_equal(os.version_id, "3.19.1");
    assert_string_equal(os.pretty, "Alpine Linux v3.19");
    assert_null(os.codename);
    os_info_free(&os);
    const char *bad = "ID=\"debian\nX=1\n";
    assert_int_equal(osrelease_parse(bad, strlen(bad), "os-release", &os, &err), DG_ERR_PARSE);
    assert_string_equal(err.msg, "os-release:1: unterminated quoted value");
    os_info_free(&os);
}

static void test_kind(void **st)
{
    (void)st;
    assert_int_equal(pkgdb_kind_of("var/lib/dpkg/status"), PKGDB_DPKG_STATUS);
    assert_int_equal(pkgdb_kind_of("var/lib/dpkg/status.d/tzdata"), PKGDB_DPKG_STATUSD);
    assert_int_equal(pkgdb_kind_of("var/lib/dpkg/status.d/tzdata.md5sums"), PKGDB_NONE);
    assert_int_equal(pkgdb_kind_of("var/lib/dpkg/status-old"), PKGDB_NONE);
    assert_int_equal(pkgdb_kind_of("lib/apk/db/installed"), PKGDB_APK);
    assert_int_equal(pkgdb_kind_of("usr/lib/os-release"), PKGDB_OSRELEASE);
    assert_int_equal(pkgdb_kind_of("app/etc/os-release"), PKGDB_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpkg_status), cmocka_unit_test(test_dpkg_statusd_and_errors),
        cmocka_unit_test(test_apk), cmocka_unit_test(test_osrelease), cmocka_unit_test(test_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
