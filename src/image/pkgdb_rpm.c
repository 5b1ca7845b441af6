/* rpm package databases: the SQLite database of rpm 4.16 and later
 * (rpmdb.sqlite: table Packages(hnum, blob)) and the Berkeley DB hash file
 * of older releases (Packages), both holding one rpm header blob per
 * installed package. Everything is read from memory: the SQLite file is
 * handed to SQLite's in-memory VFS, never written anywhere.
 *
 * A header blob is: il and dl (big-endian int32), il index entries of four
 * big-endian int32 (tag, type, offset, count), then dl bytes of data. Only
 * the tags an inventory needs are read; every offset is checked against the
 * data area. */
#include "image/pkgdb.h"
#include "core/lazy_sqlite.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    RPMTAG_NAME = 1000,
    RPMTAG_VERSION = 1001,
    RPMTAG_RELEASE = 1002,
    RPMTAG_EPOCH = 1003,
    RPMTAG_ARCH = 1022,
    RPMTAG_SOURCERPM = 1044,
};
enum { RPM_INT32 = 4, RPM_STRING = 6, RPM_STRING_ARRAY = 8, RPM_I18NSTRING = 9 };

/* rpm's own import limits: no header has more tags or data than these. */
#define RPM_MAX_TAGS 0xffff
#define RPM_MAX_DATA (256u << 20)

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A NUL-terminated string at off inside data, else NULL. */
static const char *data_str(const unsigned char *data, uint32_t dl, uint32_t off)
{
    if (off >= dl) return NULL;
    const unsigned char *end = memchr(data + off, '\0', dl - off);
    return end ? (const char *)data + off : NULL;
}

static char *field_dup(const char *s)
{
    size_t n = strlen(s);
    return dg_xstrndup(s, n > PKG_MAX_FIELD ? PKG_MAX_FIELD : n);
}

/* "bash-5.2.15-2.fc39.src.rpm" -> name "bash", version "5.2.15-2.fc39". */
static void split_sourcerpm(const char *srpm, char **name, char **version)
{
    size_t n = strlen(srpm);
    if (dg_str_has_suffix(srpm, ".src.rpm"))
        n -= 8;
    else if (dg_str_has_suffix(srpm, ".nosrc.rpm"))
        n -= 10;
    else
        return;
    const char *rel = NULL, *ver = NULL;
    for (size_t i = n; i-- > 0;)
        if (srpm[i] == '-') {
            if (!rel)
                rel = srpm + i;
            else {
                ver = srpm + i;
                break;
            }
        }
    if (!ver || ver == srpm) return;
    *name = dg_xstrndup(srpm, (size_t)(ver - srpm));
    *version = dg_xstrndup(ver + 1, (size_t)(srpm + n - ver - 1));
}

int pkgdb_rpm_header_parse(const unsigned char *blob, size_t len, const char *where, struct pkg_inventory *inv,
                           struct dg_error *err)
{
    if (len < 8) return dg_error_set(err, DG_ERR_PARSE, "%s: rpm header shorter than 8 bytes", where);
    uint32_t il = be32(blob), dl = be32(blob + 4);
    if (il == 0 || il > RPM_MAX_TAGS || dl > RPM_MAX_DATA)
        return dg_error_set(err, DG_ERR_PARSE, "%s: rpm header with %u tags and %u data bytes is not valid", where,
                            il, dl);
    if ((uint64_t)il * 16 + dl + 8 > len)
        return dg_error_set(err, DG_ERR_PARSE, "%s: rpm header truncated (%zu bytes, needs %llu)", where, len,
                            (unsigned long long)il * 16 + dl + 8);
    const unsigned char *idx = blob + 8, *data = blob + 8 + (size_t)il * 16;
    const char *name = NULL, *version = NULL, *release = NULL, *arch = NULL, *srpm = NULL;
    uint32_t epoch = 0;
    int has_epoch = 0;
    for (uint32_t i = 0; i < il; i++) {
        const unsigned char *e = idx + (size_t)i * 16;
        uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);
        const char **slot = tag == RPMTAG_NAME        ? &name
                            : tag == RPMTAG_VERSION   ? &version
                            : tag == RPMTAG_RELEASE   ? &release
                            : tag == RPMTAG_ARCH      ? &arch
                            : tag == RPMTAG_SOURCERPM ? &srpm
                                                      : NULL;
        if (slot) {
            if (type != RPM_STRING && type != RPM_I18NSTRING && type != RPM_STRING_ARRAY) continue;
            if (count == 0) continue;
            const char *s = data_str(data, dl, off);
            if (!s)
                return dg_error_set(err, DG_ERR_PARSE, "%s: rpm tag %u points outside the header data", where, tag);
            *slot = s;
        } else if (tag == RPMTAG_EPOCH && type == RPM_INT32 && count >= 1) {
            if (off > dl || dl - off < 4)
                return dg_error_set(err, DG_ERR_PARSE, "%s: rpm tag %u points outside the header data", where, tag);
            epoch = be32(data + off);
            has_epoch = 1;
        }
    }
    if (!name || !*name || !version || !*version)
        return dg_error_set(err, DG_ERR_PARSE, "%s: rpm header without a name or version", where);
    /* Public keys imported with rpm --import are pseudo-packages. */
    if (strcmp(name, "gpg-pubkey") == 0) return 0;
    if (inv->n >= PKG_MAX_PACKAGES)
        return dg_error_set(err, DG_ERR_LIMIT, "%s: more than %u packages", where, PKG_MAX_PACKAGES);
    struct pkg *p = pkg_inventory_add(inv);
    p->type = PKG_RPM;
    p->name = field_dup(name);
    /* The EVR form that rpm, OSV and vendor advisories compare. */
    char *vr = release && *release ? dg_xasprintf("%s-%s", version, release) : dg_xstrdup(version);
    if (strlen(vr) > PKG_MAX_FIELD) vr[PKG_MAX_FIELD] = '\0';
    if (has_epoch && epoch) {
        p->version = dg_xasprintf("%u:%s", epoch, vr);
        free(vr);
    } else
        p->version = vr;
    if (arch && *arch) p->arch = field_dup(arch);
    if (srpm && *srpm) {
        char *sn = NULL, *sv = NULL;
        split_sourcerpm(srpm, &sn, &sv);
        if (sn && strcmp(sn, p->name) != 0) {
            p->source = sn;
            p->source_version = sv;
        } else {
            free(sn);
            free(sv);
        }
    }
    return 0;
}

/* ---- SQLite ---------------------------------------------------------- */

/* A hostile database cannot make a query run forever: stop after this many
 * virtual machine steps (counted in units of 1000). */
#define RPM_SQLITE_MAX_STEPS 200000

static int progress_stop(void *ud)
{
    unsigned *n = ud;
    return ++*n > RPM_SQLITE_MAX_STEPS;
}

int pkgdb_rpm_sqlite_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv,
                           struct dg_error *err)
{
    if (len > PKGDB_MAX_BYTES)
        return dg_error_set(err, DG_ERR_LIMIT, "%s: database larger than %u bytes", file, PKGDB_MAX_BYTES);
    if (len < 100 || memcmp(buf, "SQLite format 3", 16) != 0)
        return dg_error_set(err, DG_ERR_PARSE, "%s: not an SQLite database", file);
    /* The other package databases' warnings name their file; so does this. */
    struct dg_error lerr = {0};
    int lrc = lazylib_sqlite(&lerr);
    if (lrc) return dg_error_set(err, lrc, "%s: %s", file, lerr.msg);
    /* SQLite's in-memory VFS cannot open a write-ahead-log database; the
     * copy is marked as a rollback-journal one (header bytes 18 and 19). */
    unsigned char *copy = sqlite3_malloc64(len);
    if (!copy) return dg_error_set(err, DG_ERR_LIMIT, "%s: out of memory", file);
    memcpy(copy, buf, len);
    if (copy[18] == 2) copy[18] = 1;
    if (copy[19] == 2) copy[19] = 1;

    sqlite3 *db = NULL;
    int rc = 0;
    sqlite3_stmt *st = NULL;
    unsigned steps = 0;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_free(copy);
        rc = dg_error_set(err, DG_ERR_LIMIT, "%s: cannot open an in-memory database", file);
        goto out;
    }
    /* Nothing in the file may run code or reach outside it. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_progress_handler(db, 1000, progress_stop, &steps);
    if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
        rc = dg_error_set(err, DG_ERR_PARSE, "%s: not a readable SQLite database: %s", file, sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_exec(db, "PRAGMA cell_size_check=ON", NULL, NULL, NULL);
    /* Packages must be a real table, not a view over something else. */
    if (sqlite3_prepare_v2(db, "SELECT type FROM main.sqlite_schema WHERE name='Packages'", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_text(st, 0) ||
        strcmp((const char *)sqlite3_column_text(st, 0), "table") != 0) {
        rc = dg_error_set(err, DG_ERR_PARSE, "%s: no Packages table: %s", file, sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM main.Packages ORDER BY hnum", -1, &st, NULL) != SQLITE_OK) {
        rc = dg_error_set(err, DG_ERR_PARSE, "%s: cannot read the Packages table: %s", file, sqlite3_errmsg(db));
        goto out;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *blob = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        char where[64 + 32];
        snprintf(where, sizeof where, "%.64s: package %lld", file, (long long)sqlite3_column_int64(st, 0));
        rc = pkgdb_rpm_header_parse(blob ? blob : (const unsigned char *)"", blob ? (size_t)n : 0, where, inv, err);
        if (rc) goto out;
    }
    if (s != SQLITE_DONE)
        rc = dg_error_set(err, s == SQLITE_INTERRUPT ? DG_ERR_LIMIT : DG_ERR_PARSE, "%s: reading Packages: %s", file,
                          s == SQLITE_INTERRUPT ? "too much work, stopped" : sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

/* ---- Berkeley DB hash ------------------------------------------------ */

/* The hash access method's file layout: a metadata page, then hash pages of
 * key/data pairs; a value too large for its page lives in a chain of
 * overflow pages. Integers are in the byte order of the machine that wrote
 * the file, told by the magic number. */
#define BDB_HASH_MAGIC 0x061561u
#define BDB_PAGE_HDR 26
enum { BDB_P_HASH_UNSORTED = 2, BDB_P_OVERFLOW = 7, BDB_P_HASHMETA = 8, BDB_P_HASH = 13 };
enum { BDB_H_KEYDATA = 1, BDB_H_OFFPAGE = 3 };

struct bdb {
    const unsigned char *buf;
    size_t len;
    uint32_t psize, npages;
    int swap;
};

static uint32_t bdb32(const struct bdb *b, const unsigned char *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return b->swap ? be32(p) : v;
}

static uint16_t bdb16(const struct bdb *b, const unsigned char *p)
{
    return b->swap ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[0] | p[1] << 8);
}

static const unsigned char *bdb_page(const struct bdb *b, uint32_t pgno)
{
    return pgno < b->npages ? b->buf + (size_t)pgno * b->psize : NULL;
}

/* Gathers an overflow chain of total length tlen into out (owned). */
static int bdb_overflow(const struct bdb *b, uint32_t pgno, uint32_t tlen, unsigned char **out, const char *file,
                        struct dg_error *err)
{
    if (tlen > RPM_MAX_DATA || tlen > b->len)
        return dg_error_set(err, DG_ERR_PARSE, "%s: overflow item of %u bytes is larger than the file", file, tlen);
    unsigned char *v = dg_xmalloc(tlen ? tlen : 1);
    uint32_t got = 0, hops = 0;
    while (got < tlen) {
        const unsigned char *pg = bdb_page(b, pgno);
        /* A chain longer than the file has pages is a loop. */
        if (!pg || pg[25] != BDB_P_OVERFLOW || ++hops > b->npages) {
            free(v);
            return dg_error_set(err, DG_ERR_PARSE, "%s: page %u: broken overflow chain", file, pgno);
        }
        uint32_t n = bdb16(b, pg + 22);
        if (n > b->psize - BDB_PAGE_HDR || n > tlen - got) {
            free(v);
            return dg_error_set(err, DG_ERR_PARSE, "%s: page %u: overflow length %u is not valid", file, pgno, n);
        }
        memcpy(v + got, pg + BDB_PAGE_HDR, n);
        got += n;
        pgno = bdb32(b, pg + 16);
        if (n == 0 && got < tlen) {
            free(v);
            return dg_error_set(err, DG_ERR_PARSE, "%s: page %u: empty overflow page", file, pgno);
        }
    }
    *out = v;
    return 0;
}

int pkgdb_rpm_bdb_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv,
                        struct dg_error *err)
{
    if (len > PKGDB_MAX_BYTES)
        return dg_error_set(err, DG_ERR_LIMIT, "%s: database larger than %u bytes", file, PKGDB_MAX_BYTES);
    struct bdb b = {(const unsigned char *)buf, len, 0, 0, 0};
    if (len < 512) return dg_error_set(err, DG_ERR_PARSE, "%s: not a Berkeley DB hash file", file);
    if (bdb32(&b, b.buf + 12) != BDB_HASH_MAGIC) {
        b.swap = 1;
        if (bdb32(&b, b.buf + 12) != BDB_HASH_MAGIC)
            return dg_error_set(err, DG_ERR_PARSE, "%s: not a Berkeley DB hash file", file);
    }
    b.psize = bdb32(&b, b.buf + 20);
    if (b.psize < 512 || b.psize > 65536 || (b.psize & (b.psize - 1)))
        return dg_error_set(err, DG_ERR_PARSE, "%s: page size %u is not valid", file, b.psize);
    if (b.buf[24] != 0) return dg_error_set(err, DG_ERR_PARSE, "%s: encrypted database, not read", file);
    if (b.buf[25] != BDB_P_HASHMETA)
        return dg_error_set(err, DG_ERR_PARSE, "%s: metadata page type %u is not a hash", file, b.buf[25]);
    b.npages = (uint32_t)(len / b.psize);
    for (uint32_t pgno = 1; pgno < b.npages; pgno++) {
        const unsigned char *pg = bdb_page(&b, pgno);
        if (pg[25] != BDB_P_HASH && pg[25] != BDB_P_HASH_UNSORTED) continue;
        uint32_t entries = bdb16(&b, pg + 20);
        if ((size_t)BDB_PAGE_HDR + (size_t)entries * 2 > b.psize)
            return dg_error_set(err, DG_ERR_PARSE, "%s: page %u: %u entries do not fit", file, pgno, entries);
        /* Items are stored from the end of the page down: item i ends where
         * item i-1 starts. Even items are keys, odd ones their values. */
        for (uint32_t i = 0; i + 1 < entries; i += 2) {
            uint32_t koff = bdb16(&b, pg + BDB_PAGE_HDR + 2 * i);
            uint32_t kend = i == 0 ? b.psize : bdb16(&b, pg + BDB_PAGE_HDR + 2 * (i - 1));
            uint32_t doff = bdb16(&b, pg + BDB_PAGE_HDR + 2 * (i + 1));
            uint32_t dend = koff;
            if (kend > b.psize || koff >= kend || doff >= dend)
                return dg_error_set(err, DG_ERR_PARSE, "%s: page %u: item %u out of bounds", file, pgno, i);
            /* Key 0 holds rpm's instance counter, not a package. */
            if (pg[koff] == BDB_H_KEYDATA && kend - koff - 1 == 4 && bdb32(&b, pg + koff + 1) == 0) continue;
            char where[64 + 40];
            snprintf(where, sizeof where, "%.64s: page %u item %u", file, pgno, i + 1);
            int rc;
            if (pg[doff] == BDB_H_KEYDATA) {
                rc = pkgdb_rpm_header_parse(pg + doff + 1, dend - doff - 1, where, inv, err);
            } else if (pg[doff] == BDB_H_OFFPAGE) {
                if (dend - doff < 12)
                    return dg_error_set(err, DG_ERR_PARSE, "%s: short overflow reference", where);
                unsigned char *v = NULL;
                rc = bdb_overflow(&b, bdb32(&b, pg + doff + 4), bdb32(&b, pg + doff + 8), &v, file, err);
                if (rc == 0) rc = pkgdb_rpm_header_parse(v, bdb32(&b, pg + doff + 8), where, inv, err);
                free(v);
            } else {
                return dg_error_set(err, DG_ERR_PARSE, "%s: item type %u not supported", where, pg[doff]);
            }
            if (rc) return rc;
        }
    }
    return 0;
}
