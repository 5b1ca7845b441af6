/* rpm database readers: header blobs built here tag by tag, SQLite
 * databases made with SQLite itself (including a write-ahead-log one and a
 * hostile view), and hand-made Berkeley DB hash pages, inline, overflow
 * and broken. Databases written by rpm itself are covered end to end in
 * tests/e2e/scan_packages.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "image/pkgdb.h"

/* ---- header blobs ------------------------------------------------------ */

struct tag {
    uint32_t tag, type;
    const char *s; /* string value, or NULL for an int32 */
    uint32_t i;
};

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

/* Lays out a header blob as rpm does: il, dl, the index, the data. */
static unsigned char *blob_make(const struct tag *t, size_t n, size_t *len)
{
    size_t dl = 0;
    for (size_t i = 0; i < n; i++) dl += t[i].s ? strlen(t[i].s) + 1 : 8;
    *len = 8 + 16 * n + dl;
    unsigned char *b = calloc(1, *len), *data = b + 8 + 16 * n;
    put32(b, (uint32_t)n);
    put32(b + 4, (uint32_t)dl);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char *e = b + 8 + 16 * i;
        put32(e, t[i].tag);
        put32(e + 4, t[i].type);
        put32(e + 8, (uint32_t)off);
        put32(e + 12, 1);
        if (t[i].s) {
            memcpy(data + off, t[i].s, strlen(t[i].s) + 1);
            off += strlen(t[i].s) + 1;
        } else {
            put32(data + off, t[i].i);
            off += 8;
        }
    }
    return b;
}

static const struct tag OPENSSL[] = {
    {63, 7, "region", 0}, /* the immutable region tag, ignored */
    {1000, 6, "openssl-libs", 0},
    {1001, 6, "3.0.7", 0},
    {1002, 6, "25.el9_3", 0},
    {1003, 4, NULL, 1},
    {1022, 6, "x86_64", 0},
    {1044, 6, "openssl-3.0.7-25.el9_3.src.rpm", 0},
};

static void test_header(void **st)
{
    (void)st;
    size_t n;
    unsigned char *b = blob_make(OPENSSL, 7, &n);
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    assert_int_equal(pkgdb_rpm_header_parse(b, n, "h", &inv, &err), 0);
    assert_int_equal(inv.n, 1);
    assert_string_equal(inv.pkgs[0].name, "openssl-libs");
    assert_string_equal(inv.pkgs[0].version, "1:3.0.7-25.el9_3");
    assert_string_equal(inv.pkgs[0].arch, "x86_64");
    assert_string_equal(inv.pkgs[0].source, "openssl");
    assert_string_equal(inv.pkgs[0].source_version, "3.0.7-25.el9_3");
    assert_int_equal(inv.pkgs[0].type, PKG_RPM);

    /* Every shorter prefix is truncated: an error, never a read past it. */
    for (size_t k = 0; k < n; k++) {
        struct pkg_inventory t = {0};
        assert_true(pkgdb_rpm_header_parse(b, k, "h", &t, &err) < 0);
        assert_int_equal(t.n, 0);
    }
    /* An offset past the data area. */
    put32(b + 8 + 16 * 1 + 8, 0x7fffffff);
    assert_true(pkgdb_rpm_header_parse(b, n, "h", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "outside"));
    /* Absurd counts. */
    put32(b, 0x10000);
    assert_true(pkgdb_rpm_header_parse(b, n, "h", &inv, &err) < 0);
    assert_int_equal(inv.n, 1);
    free(b);

    /* A name with no NUL before the end of the data. */
    const struct tag noterm[] = {{1000, 6, "x", 0}, {1001, 6, "1", 0}};
    b = blob_make(noterm, 2, &n);
    b[n - 1] = 'z';
    assert_true(pkgdb_rpm_header_parse(b, n, "h", &inv, &err) < 0);
    free(b);

    /* gpg-pubkey pseudo-packages are not packages; no epoch, no source. */
    const struct tag key[] = {{1000, 6, "gpg-pubkey", 0}, {1001, 6, "fd431d51", 0}, {1002, 6, "4ae0493b", 0}};
    b = blob_make(key, 3, &n);
    assert_int_equal(pkgdb_rpm_header_parse(b, n, "h", &inv, &err), 0);
    assert_int_equal(inv.n, 1);
    free(b);
    const struct tag plain[] = {{1000, 6, "tzdata", 0}, {1001, 6, "2024a", 0}, {1002, 6, "1.el9", 0},
                                {1003, 4, NULL, 0},      {1022, 6, "noarch", 0}, {1044, 6, "tzdata-2024a-1.el9.src.rpm", 0}};
    b = blob_make(plain, 6, &n);
    assert_int_equal(pkgdb_rpm_header_parse(b, n, "h", &inv, &err), 0);
    assert_string_equal(inv.pkgs[1].version, "2024a-1.el9");
    assert_null(inv.pkgs[1].source);
    free(b);
    /* No version: an error naming the place. */
    const struct tag nover[] = {{1000, 6, "x", 0}};
    b = blob_make(nover, 1, &n);
    assert_true(pkgdb_rpm_header_parse(b, n, "db: package 7", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "db: package 7"));
    free(b);
    pkg_inventory_free(&inv);
}

/* ---- SQLite -------------------------------------------------------------- */

/* Serialises a database made by the statements in sql, with rows of
 * header blobs. wal marks the copy as a write-ahead-log database. */
static unsigned char *sqlite_make(const char *sql, int rows, int wal, size_t *len)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    if (rows) assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO Packages(blob) VALUES (?)", -1, &st, NULL), SQLITE_OK);
    for (int i = 0; i < rows; i++) {
        size_t n;
        unsigned char *b = blob_make(OPENSSL, 7, &n);
        sqlite3_bind_blob(st, 1, b, (int)n, free);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_int64 n = 0;
    unsigned char *ser = sqlite3_serialize(db, "main", &n, 0);
    assert_non_null(ser);
    unsigned char *out = malloc((size_t)n);
    memcpy(out, ser, (size_t)n);
    sqlite3_free(ser);
    sqlite3_close(db);
    if (wal) out[18] = out[19] = 2;
    *len = (size_t)n;
    return out;
}

#define RPM_SCHEMA "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"

static void test_sqlite(void **st)
{
    (void)st;
    size_t n;
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    unsigned char *db = sqlite_make(RPM_SCHEMA, 3, 1, &n);
    assert_int_equal(pkgdb_rpm_sqlite_parse((char *)db, n, "rpmdb.sqlite", &inv, &err), 0);
    assert_int_equal(inv.n, 3);
    assert_string_equal(inv.pkgs[2].name, "openssl-libs");
    /* The caller's buffer is read, never changed. */
    assert_int_equal(db[18], 2);
    free(db);
    pkg_inventory_free(&inv);

    /* A view named Packages is refused: nothing in the file gets to run. */
    db = sqlite_make("CREATE TABLE t(x); CREATE VIEW Packages AS SELECT 1 AS hnum, x AS blob FROM t;", 0, 0, &n);
    assert_true(pkgdb_rpm_sqlite_parse((char *)db, n, "rpmdb.sqlite", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "no Packages table"));
    free(db);
    /* A row that is not a header stops with its row number. */
    db = sqlite_make(RPM_SCHEMA "INSERT INTO Packages(blob) VALUES (x'0000');", 0, 0, &n);
    assert_true(pkgdb_rpm_sqlite_parse((char *)db, n, "rpmdb.sqlite", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "rpmdb.sqlite: package 1"));
    /* Corrupt pages: an error, not a crash. */
    for (size_t off = 100; off < n; off += 97) db[off] ^= 0x5a;
    assert_true(pkgdb_rpm_sqlite_parse((char *)db, n, "rpmdb.sqlite", &inv, &err) < 0);
    free(db);
    assert_true(pkgdb_rpm_sqlite_parse("SQLite format 3", 16, "x", &inv, &err) < 0);
    assert_true(pkgdb_rpm_sqlite_parse("not a database at all, really not", 33, "x", &inv, &err) < 0);
    assert_int_equal(inv.n, 0);
}

/* ---- Berkeley DB hash ------------------------------------------------------ */

#define PS 512

static void le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
    p[3] = (unsigned char)(v >> 24);
}
static void le16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8);
}

/* Page 0: hash metadata; page 1: one key/value pair (key 0 with rpm's
 * counter first when counter is set); pages 2..: the value's overflow chain
 * when offpage. */
static unsigned char *bdb_make(const unsigned char *val, size_t vlen, int offpage, size_t *len)
{
    size_t chunk = PS - 26, nov = offpage ? (vlen + chunk - 1) / chunk : 0;
    *len = (size_t)PS * (2 + nov);
    unsigned char *f = calloc(1, *len);
    le32(f + 12, 0x061561);
    le32(f + 20, PS);
    f[25] = 8;
    unsigned char *pg = f + PS;
    pg[25] = 13;
    /* Items from the end of the page down: counter key, counter, key, value. */
    uint16_t end = PS;
    uint16_t off[4];
    unsigned char item[16];
    size_t isz[4];
    const unsigned char *ip[4];
    unsigned char k0[5] = {1, 0, 0, 0, 0}, c0[5] = {1, 5, 0, 0, 0}, k1[5] = {1, 1, 0, 0, 0};
    ip[0] = k0, isz[0] = 5, ip[1] = c0, isz[1] = 5, ip[2] = k1, isz[2] = 5;
    unsigned char *inl = NULL;
    if (offpage) {
        memset(item, 0, sizeof item);
        item[0] = 3;
        le32(item + 4, 2);
        le32(item + 8, (uint32_t)vlen);
        ip[3] = item, isz[3] = 12;
    } else {
        assert_true(vlen + 1 + 15 < PS - 26); /* an inline value must fit its page */
        inl = malloc(vlen + 1);
        inl[0] = 1;
        memcpy(inl + 1, val, vlen);
        ip[3] = inl, isz[3] = vlen + 1;
    }
    for (int i = 0; i < 4; i++) {
        end = (uint16_t)(end - isz[i]);
        off[i] = end;
        memcpy(pg + end, ip[i], isz[i]);
        le16(pg + 26 + 2 * i, off[i]);
    }
    le16(pg + 20, 4);
    free(inl);
    for (size_t i = 0; i < nov; i++) {
        unsigned char *o = f + PS * (2 + i);
        size_t n = vlen - i * chunk < chunk ? vlen - i * chunk : chunk;
        o[25] = 7;
        le32(o + 16, i + 1 < nov ? (uint32_t)(3 + i) : 0);
        le16(o + 22, (uint16_t)n);
        memcpy(o + 26, val + i * chunk, n);
    }
    return f;
}

static void test_bdb(void **st)
{
    (void)st;
    size_t vlen, n;
    unsigned char *val = blob_make(OPENSSL, 7, &vlen);
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};

    unsigned char *f = bdb_make(val, vlen, 0, &n);
    assert_int_equal(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err), 0);
    assert_int_equal(inv.n, 1);
    assert_string_equal(inv.pkgs[0].version, "1:3.0.7-25.el9_3");
    free(f);

    /* A header as large as real ones: a chain of three overflow pages. */
    char summary[1200];
    memset(summary, 's', sizeof summary - 1);
    summary[sizeof summary - 1] = '\0';
    struct tag big[8];
    memcpy(big, OPENSSL, sizeof OPENSSL);
    big[7] = (struct tag){1004, 9, summary, 0};
    free(val);
    val = blob_make(big, 8, &vlen);
    f = bdb_make(val, vlen, 1, &n);
    assert_int_equal(n, (size_t)PS * 5);
    assert_int_equal(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err), 0);
    assert_int_equal(inv.n, 2);
    assert_string_equal(inv.pkgs[1].name, "openssl-libs");
    /* An overflow chain that loops back on itself. */
    le32(f + PS * 2 + 16, 2);
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "overflow"));
    /* A chain that leaves the file. */
    le32(f + PS * 2 + 16, 999);
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    free(f);

    /* Broken pages, around a header small enough to sit inline. */
    free(val);
    val = blob_make(OPENSSL, 7, &vlen);
    f = bdb_make(val, vlen, 0, &n);
    unsigned char *pg = f + PS;
    le16(pg + 20, 300); /* more entries than the page can index */
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    le16(pg + 20, 4);
    le16(pg + 26 + 2 * 3, 600); /* an item past the page */
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "page 1"));
    le32(f + 20, 1000); /* not a power of two */
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    le32(f + 12, 0x053162); /* a btree, not a hash */
    assert_true(pkgdb_rpm_bdb_parse((char *)f, n, "Packages", &inv, &err) < 0);
    assert_non_null(strstr(err.msg, "not a Berkeley DB hash"));
    free(f);
    free(val);
    assert_int_equal(inv.n, 2);
    pkg_inventory_free(&inv);
}

static void test_kind(void **st)
{
    (void)st;
    assert_int_equal(pkgdb_kind_of("var/lib/rpm/rpmdb.sqlite"), PKGDB_RPM_SQLITE);
    assert_int_equal(pkgdb_kind_of("usr/lib/sysimage/rpm/rpmdb.sqlite"), PKGDB_RPM_SQLITE);
    assert_int_equal(pkgdb_kind_of("usr/lib/sysimage/rpm/rpmdb.sqlite-wal"), PKGDB_RPM_WAL);
    assert_int_equal(pkgdb_kind_of("var/lib/rpm/Packages"), PKGDB_RPM_BDB);
    assert_int_equal(pkgdb_kind_of("usr/lib/sysimage/rpm/Packages.db"), PKGDB_RPM_NDB);
    assert_int_equal(pkgdb_kind_of("var/lib/rpm/Name"), PKGDB_NONE);
    assert_int_equal(pkgdb_kind_of("opt/var/lib/rpm/Packages"), PKGDB_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_bdb),
        cmocka_unit_test(test_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
