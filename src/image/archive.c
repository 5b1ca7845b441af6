/* The one-pass archive reader. See archive.h for the design; the parts:
 *
 *   member source ──► outer_cb: SHA-256 of the member (blob digest)
 *                        │ (compressed layer)          │ (plain tar layer)
 *                        ▼                             │
 *                raw reader (filter_all, format_raw)   │
 *                        ▼                             │
 *                  raw_cb: SHA-256 (diff_id)           │
 *                        ▼                             ▼
 *                   tar reader ──► entries ──► fs_layer + content hooks
 *
 * Every byte passes through each callback exactly once: the tar reader has
 * no skip callback, so skipped file data is still read (and hashed), and
 * what is left after the tar's end marker is drained into the hashes. A
 * plain tar layer's blob digest is its diff_id, so it is hashed once. */
#include "image/archive.h"
#include "core/error.h"

#include "core/lazy_archive.h"
#include "core/lazy_crypto.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTER_BLOCK (1u << 20)
#define CONTENT_KEEP (4u << 20)   /* content buffers above this are freed after use */
#define LINK_DEPTH 8
#define FOLDER_DEPTH 16

void iarchive_limits_default(struct iarchive_limits *l)
{
    l->json_max = 4u << 20;
    l->json_total_max = 8u << 20;
    l->outer_entries_max = 100000;
    l->layer_entries_max = 250000;
    l->total_entries_max = 350000;
    l->names_total_max = 24u << 20;
    l->uncompressed_max = 64ull << 30;
    l->ratio_max = 200;
    l->ratio_floor = 64ull << 20;
    l->path_max = 4096;
    l->depth_max = 256;
}

/* ---- reader state --------------------------------------------------- */

struct member_src {
    /* 1 with a block, 0 at the end, -1 on error (message in err). */
    int (*block)(void *ud, const void **buf, size_t *len, struct dg_error *err);
    void *ud;
};

struct rd {
    const struct iarchive_limits *lim;
    const struct iarchive_hooks *hooks;
    struct iarchive_contents *out;
    struct dg_error *err;
    const char *name;
    uint64_t total;
    uint64_t done;              /* outer bytes, for progress */
    uint64_t last_progress;
    char *cbuf;                 /* content buffer, grown on demand */
    size_t ccap;
    char *pathbuf;              /* path_max + 2 */
    int fatal;                  /* a bound was exceeded or the source failed: stop */
};

static void progress(struct rd *r, size_t n)
{
    r->done += n;
    r->out->bytes_read = r->done;
    if (r->hooks && r->hooks->progress && r->done - r->last_progress >= (8u << 20)) {
        r->last_progress = r->done;
        r->hooks->progress(r->hooks->ud, r->done, r->total);
    }
}

static void hex_digest(EVP_MD_CTX *md, char out[72])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex(md, d, &n);
    memcpy(out, "sha256:", 7);
    for (unsigned i = 0; i < n && i < 32; i++) snprintf(out + 7 + 2 * i, 3, "%02x", d[i]);
}

static struct iarchive_blob *add_blob(struct iarchive_contents *c, const char *path)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->blobs = dg_xrealloc(c->blobs, c->cap * sizeof *c->blobs);
    }
    struct iarchive_blob *b = &c->blobs[c->n++];
    memset(b, 0, sizeof *b);
    b->path = dg_xstrdup(path);
    return b;
}

/* Records why a member could not be read as what it claims (first reason). */
static void blob_error(struct iarchive_blob *b, const char *what, const char *detail)
{
    if (b->error) return;
    b->error = dg_xasprintf("%s: %s", what, detail ? detail : "unknown error");
}

/* ---- per-layer duplicate detection ---------------------------------- */

struct pathset {
    const char **slots;
    size_t cap, n;
};

static uint32_t strhash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* Returns true when path was already present. */
static bool pathset_add(struct pathset *ps, const char *path)
{
    if ((ps->n + 1) * 2 > ps->cap) {
        size_t ncap = ps->cap ? ps->cap * 2 : 256;
        const char **ns = dg_xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < ps->cap; i++) {
            if (!ps->slots[i]) continue;
            size_t j = strhash(ps->slots[i]) & (ncap - 1);
            while (ns[j]) j = (j + 1) & (ncap - 1);
            ns[j] = ps->slots[i];
        }
        free(ps->slots);
        ps->slots = ns;
        ps->cap = ncap;
    }
    size_t j = strhash(path) & (ps->cap - 1);
    while (ps->slots[j]) {
        if (strcmp(ps->slots[j], path) == 0) return true;
        j = (j + 1) & (ps->cap - 1);
    }
    ps->slots[j] = path;
    ps->n++;
    return false;
}

/* ---- layer streaming ------------------------------------------------ */

struct lstream {
    struct rd *r;
    struct member_src *m;
    EVP_MD_CTX *blob_md;
    EVP_MD_CTX *diff_md;
    const void *peek;
    size_t peek_len;
    bool peek_done, eof;
    struct archive *raw;        /* decompressor; NULL for a plain tar */
    uint64_t compressed, uncompressed;
    bool src_failed;            /* the member source failed: the outer archive is broken */
    bool bomb;                  /* a decompression bound was hit */
    const char *bomb_why;
    struct dg_error srcerr;
};

static la_ssize_t outer_cb(struct archive *a, void *ud, const void **buf)
{
    struct lstream *s = ud;
    const void *b = NULL;
    size_t n = 0;
    if (!s->peek_done) {
        s->peek_done = true;
        b = s->peek;
        n = s->peek_len;
    }
    if (!n) {
        if (s->eof || s->src_failed) return 0;
        int rc = s->m->block(s->m->ud, &b, &n, &s->srcerr);
        if (rc < 0) {
            s->src_failed = true;
            if (a) archive_set_error(a, EIO, "%s", s->srcerr.msg);
            return -1;
        }
        if (rc == 0) {
            s->eof = true;
            return 0;
        }
        progress(s->r, n);
    }
    EVP_DigestUpdate(s->blob_md, b, n);
    s->compressed += n;
    if (!s->raw) {
        s->uncompressed += n;
        if (s->r->out->total_uncompressed + s->uncompressed > s->r->lim->uncompressed_max) {
            s->bomb = true;
            s->bomb_why = "layers expand beyond the uncompressed bound";
            if (a) archive_set_error(a, EFBIG, "layers hold more than %llu bytes",
                                     (unsigned long long)s->r->lim->uncompressed_max);
            return -1;
        }
    }
    *buf = b;
    return (la_ssize_t)n;
}

static la_ssize_t raw_cb(struct archive *a, void *ud, const void **buf)
{
    struct lstream *s = ud;
    const void *b;
    size_t n;
    la_int64_t off;
    int rc = archive_read_data_block(s->raw, &b, &n, &off);
    if (rc == ARCHIVE_EOF) return 0;
    if (rc < ARCHIVE_WARN) {
        archive_set_error(a, EIO, "%s", archive_error_string(s->raw) ? archive_error_string(s->raw) : "decompression failed");
        return -1;
    }
    EVP_DigestUpdate(s->diff_md, b, n);
    s->uncompressed += n;
    const struct iarchive_limits *lim = s->r->lim;
    if (s->r->out->total_uncompressed + s->uncompressed > lim->uncompressed_max) {
        s->bomb = true;
        s->bomb_why = "layers expand beyond the uncompressed bound";
        archive_set_error(a, EFBIG, "layers hold more than %llu bytes", (unsigned long long)lim->uncompressed_max);
        return -1;
    }
    if (s->uncompressed > lim->ratio_floor && s->uncompressed / (s->compressed ? s->compressed : 1) > lim->ratio_max) {
        s->bomb = true;
        s->bomb_why = "decompression bomb: the layer expands more than the ratio bound";
        archive_set_error(a, EFBIG, "decompresses more than %llu times its size", (unsigned long long)lim->ratio_max);
        return -1;
    }
    *buf = b;
    return (la_ssize_t)n;
}

static const char *magic_compression(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return "gzip";
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return "zstd";
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h') return "bzip2";
    if (n >= 6 && p[0] == 0xfd && p[1] == '7' && p[2] == 'z' && p[3] == 'X' && p[4] == 'Z' && p[5] == 0) return "xz";
    if (n >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d && p[3] == 0x18) return "lz4";
    return NULL;
}

static enum fs_type entry_type(struct archive_entry *ae)
{
    switch (archive_entry_filetype(ae)) {
    case AE_IFDIR: return FS_DIR;
    case AE_IFLNK: return FS_SYMLINK;
    case AE_IFCHR: return FS_CHR;
    case AE_IFBLK: return FS_BLK;
    case AE_IFIFO: return FS_FIFO;
    case AE_IFSOCK: return FS_SOCK;
    default: return FS_REG;
    }
}

#define FIRST_BLOCK 4096

static int read_content(struct rd *r, struct archive *tar, const char *path, size_t want, size_t *got)
{
    if (want > r->ccap) {
        free(r->cbuf);
        r->cbuf = dg_xmalloc(want + 1);
        r->ccap = want;
    }
    size_t n = 0;
    size_t stop = want > FIRST_BLOCK && r->hooks->more ? FIRST_BLOCK : want;
    while (n < want) {
        la_ssize_t k = archive_read_data(tar, r->cbuf + n, stop - n);
        if (k < 0) return -1;
        if (k == 0) break;
        n += (size_t)k;
        if (n == stop && stop < want) {
            if (!r->hooks->more(r->hooks->ud, path, r->cbuf, n)) break;
            stop = want;
        }
    }
    r->cbuf[n] = '\0';
    *got = n;
    return 0;
}

/* Records one inner entry. Returns 0, or -1 when the pass must stop
 * (bound exceeded: r->err set) or the layer is unreadable (blob error). */
static int layer_entry(struct lstream *s, struct archive *tar, struct archive_entry *ae, struct fs_layer *L,
                       struct pathset *seen, struct iarchive_blob *blob)
{
    struct rd *r = s->r;
    const struct iarchive_limits *lim = r->lim;
    const char *raw = archive_entry_pathname(ae);
    if (!raw || !*raw) {
        fs_layer_add_anomaly(L, FS_A_BAD_NAME, "", "entry without a name");
        return 0;
    }
    size_t rawlen = strlen(raw);
    if (rawlen > lim->path_max) {
        fs_layer_add_anomaly(L, FS_A_BAD_NAME, raw, "name longer than the path bound");
        return 0;
    }
    bool absolute;
    int plen = fs_path_normalize(raw, r->pathbuf, &absolute);
    if (plen < 0) {
        fs_layer_add_anomaly(L, FS_A_ESCAPE, raw, NULL);
        return 0;
    }
    if (plen == 0) return 0; /* the root folder itself */
    if (absolute) fs_layer_add_anomaly(L, FS_A_ABSOLUTE, raw, NULL);
    size_t depth = 1;
    for (int i = 0; i < plen; i++) depth += r->pathbuf[i] == '/';
    if (depth > lim->depth_max) {
        fs_layer_add_anomaly(L, FS_A_BAD_NAME, raw, "folder depth beyond the bound");
        return 0;
    }
    if (L->n >= lim->layer_entries_max) {
        dg_error_set(r->err, DG_ERR_LIMIT, "%s: %s: layer has more than %zu entries", r->name, blob->path,
                     lim->layer_entries_max);
        r->fatal = 1;
        return -1;
    }
    if (r->out->total_entries >= lim->total_entries_max) {
        dg_error_set(r->err, DG_ERR_LIMIT, "%s: layers hold more than %zu entries in all", r->name,
                     lim->total_entries_max);
        r->fatal = 1;
        return -1;
    }
    if (r->out->arena.used_total + rawlen > lim->names_total_max) {
        dg_error_set(r->err, DG_ERR_LIMIT, "%s: entry names of the layers exceed %zu bytes in all", r->name,
                     lim->names_total_max);
        r->fatal = 1;
        return -1;
    }
    /* Whiteouts name what they delete. */
    char *pb = r->pathbuf;
    char *base = strrchr(pb, '/');
    base = base ? base + 1 : pb;
    enum fs_type type = entry_type(ae);
    const char *hl = archive_entry_hardlink(ae);
    if (strncmp(base, ".wh.", 4) == 0) {
        if (strcmp(base, ".wh..wh..opq") == 0) {
            type = FS_OPAQUE;
            if (base == pb) return 0; /* opaque root: nothing below it can be named */
            base[-1] = '\0';
        } else {
            if (!base[4]) {
                fs_layer_add_anomaly(L, FS_A_BAD_NAME, raw, "whiteout without a name");
                return 0;
            }
            type = FS_WHITEOUT;
            memmove(base, base + 4, strlen(base + 4) + 1);
        }
        plen = (int)strlen(pb);
    }
    struct fs_entry *e = fs_layer_add(L);
    r->out->total_entries++;
    e->path = fs_arena_strdup(&r->out->arena, pb, (size_t)plen);
    e->type = (uint8_t)type;
    e->mode = (uint32_t)(archive_entry_mode(ae) & 07777);
    e->uid = (uint32_t)archive_entry_uid(ae);
    e->gid = (uint32_t)archive_entry_gid(ae);
    la_int64_t sz = archive_entry_size(ae);
    e->size = sz > 0 ? (uint64_t)sz : 0;
    if (type == FS_SYMLINK) {
        const char *t = archive_entry_symlink(ae);
        if (t) e->link = fs_arena_strdup(&r->out->arena, t, strnlen(t, lim->path_max));
    } else if (hl && type != FS_WHITEOUT && type != FS_OPAQUE) {
        e->type = FS_HARDLINK;
        bool abs2;
        size_t hn = strlen(hl);
        if (hn > lim->path_max) {
            fs_layer_add_anomaly(L, FS_A_LINK_ESCAPE, raw, "hardlink target longer than the path bound");
        } else {
            char *tb = dg_xmalloc(hn + 2);
            int tl = fs_path_normalize(hl, tb, &abs2);
            if (tl <= 0) fs_layer_add_anomaly(L, FS_A_LINK_ESCAPE, raw, hl);
            else e->link = fs_arena_strdup(&r->out->arena, tb, (size_t)tl);
            free(tb);
        }
    }
    if (type != FS_WHITEOUT && type != FS_OPAQUE && pathset_add(seen, e->path))
        fs_layer_add_anomaly(L, FS_A_DUPLICATE, raw, NULL);
    if (e->type == FS_REG && e->size > 0 && r->hooks && r->hooks->want) {
        size_t want = r->hooks->want(r->hooks->ud, e->path, e->size);
        if (want > e->size) want = (size_t)e->size;
        if (want) {
            size_t got = 0;
            if (read_content(r, tar, e->path, want, &got) != 0) {
                blob_error(blob, "layer entry data unreadable", archive_error_string(tar));
                return -1;
            }
            if (r->hooks->content) r->hooks->content(r->hooks->ud, L, e, r->cbuf, got);
            if (r->ccap > CONTENT_KEEP) {
                free(r->cbuf);
                r->cbuf = NULL;
                r->ccap = 0;
            }
        }
    }
    return 0;
}

static void drain(struct lstream *s)
{
    const void *b;
    if (s->raw && !s->bomb) {
        for (;;) {
            la_ssize_t n = raw_cb(s->raw, s, &b);
            if (n <= 0) break;
        }
    }
    if (s->bomb) return;
    for (;;) {
        la_ssize_t n = outer_cb(NULL, s, &b);
        if (n <= 0) break;
    }
}

/* Walks a layer blob. first/first_len is the member's first block (already
 * read, not yet hashed). blob_md hashes the member. */
static int stream_layer(struct rd *r, struct iarchive_blob *blob, EVP_MD_CTX *blob_md, struct member_src *m,
                        const void *first, size_t first_len, const char *compression)
{
    struct lstream s = {.r = r, .m = m, .blob_md = blob_md, .peek = first, .peek_len = first_len};
    struct fs_layer *L = dg_xcalloc(1, sizeof *L);
    struct pathset seen = {0};
    struct archive *tar = NULL;
    int rc = 0;
    bool diff_ok = true;
    blob->kind = AB_LAYER;
    blob->layer = L;
    blob->compression = compression ? compression : "none";
    if (compression) {
        s.diff_md = EVP_MD_CTX_new();
        EVP_DigestInit_ex(s.diff_md, EVP_sha256(), NULL);
        s.raw = archive_read_new();
        archive_read_support_filter_all(s.raw);
        archive_read_support_format_raw(s.raw);
        struct archive_entry *re;
        if (archive_read_open(s.raw, &s, NULL, outer_cb, NULL) != ARCHIVE_OK ||
            archive_read_next_header(s.raw, &re) != ARCHIVE_OK) {
            blob_error(blob, "layer cannot be decompressed", archive_error_string(s.raw));
            diff_ok = false;
            goto done;
        }
    }
    tar = archive_read_new();
    archive_read_support_format_tar(tar);
    if (archive_read_open(tar, &s, NULL, s.raw ? raw_cb : outer_cb, NULL) != ARCHIVE_OK) {
        blob_error(blob, "layer is not a tar archive", archive_error_string(tar));
        goto done;
    }
    for (;;) {
        struct archive_entry *ae;
        int hr = archive_read_next_header(tar, &ae);
        if (hr == ARCHIVE_EOF) break;
        if (hr < ARCHIVE_WARN) {
            const char *es = archive_error_string(tar);
            blob_error(blob, L->n ? "layer is truncated or corrupt" : "layer is not a tar archive", es);
            break;
        }
        if (layer_entry(&s, tar, ae, L, &seen, blob) != 0) break;
        if (s.src_failed || s.bomb) break;
    }
done:
    if (tar) archive_read_free(tar);
    if (!r->fatal && !s.src_failed) drain(&s);
    if (s.src_failed) {
        *r->err = s.srcerr;
        r->fatal = 1;
        rc = -1;
    } else if (s.bomb) {
        dg_error_set(r->err, DG_ERR_LIMIT, "%s: %s: %s", r->name, blob->path, s.bomb_why);
        r->fatal = 1;
        rc = -1;
    } else if (r->fatal) {
        rc = -1;
    }
    if (s.raw) {
        if (diff_ok && !blob->error) hex_digest(s.diff_md, blob->diff_id);
        EVP_MD_CTX_free(s.diff_md);
        archive_read_free(s.raw);
    }
    blob->uncompressed = s.uncompressed;
    r->out->total_uncompressed += s.uncompressed;
    free(seen.slots);
    /* Entry lists grow by doubling; give back the slack of a finished layer. */
    if (L->n && L->n < L->cap) {
        L->entries = dg_xrealloc(L->entries, L->n * sizeof *L->entries);
        L->cap = L->n;
    }
    return rc;
}

/* ---- members -------------------------------------------------------- */

static bool is_blob_path(const char *p)
{
    return dg_str_has_prefix(p, "blobs/");
}

static bool layer_name(const char *p)
{
    return dg_str_has_suffix(p, "layer.tar") || dg_str_has_suffix(p, ".tar") || dg_str_has_suffix(p, ".tar.gz") ||
           dg_str_has_suffix(p, ".tar.zst") || dg_str_has_suffix(p, ".tgz");
}

static int process_member(struct rd *r, const char *path, uint64_t size, struct member_src *m)
{
    struct iarchive_contents *c = r->out;
    struct iarchive_blob *b = add_blob(c, path);
    size_t bi = c->n - 1;
    b->size = size;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    const void *first = NULL;
    size_t first_len = 0;
    int rc = m->block(m->ud, &first, &first_len, r->err);
    if (rc < 0) {
        EVP_MD_CTX_free(md);
        r->fatal = 1;
        return -1;
    }
    if (rc > 0) progress(r, first_len);
    const unsigned char *p = first;
    size_t i = 0;
    while (i < first_len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) i++;
    const char *comp = magic_compression(p, first_len);
    bool jsonish = !comp && i < first_len && (p[i] == '{' || p[i] == '[');
    bool tarish = first_len >= 262 && memcmp(p + 257, "ustar", 5) == 0;
    if (!jsonish && first_len && (comp || tarish || is_blob_path(path) || layer_name(path))) {
        rc = stream_layer(r, b, md, m, first, first_len, comp);
        b = &c->blobs[bi];
        hex_digest(md, b->digest);
        if (b->kind == AB_LAYER && !comp && !b->error) memcpy(b->diff_id, b->digest, sizeof b->diff_id);
        EVP_MD_CTX_free(md);
        return rc;
    }
    struct dg_buf jb;
    bool keep = jsonish;
    if (keep) dg_buf_init(&jb, r->lim->json_max);
    const void *blk = first;
    size_t n = first_len;
    while (rc > 0) {
        EVP_DigestUpdate(md, blk, n);
        if (keep && dg_buf_append(&jb, blk, n) != 0) {
            keep = false;
            dg_buf_free(&jb);
            char lim[32];
            snprintf(lim, sizeof lim, "more than %zu bytes", r->lim->json_max);
            blob_error(b, "JSON document too large", lim);
        }
        rc = m->block(m->ud, &blk, &n, r->err);
        if (rc > 0) progress(r, n);
    }
    hex_digest(md, b->digest);
    EVP_MD_CTX_free(md);
    if (rc < 0) {
        if (keep) dg_buf_free(&jb);
        r->fatal = 1;
        return -1;
    }
    if (keep) {
        if (c->json_total + jb.len > r->lim->json_total_max) {
            dg_buf_free(&jb);
            return dg_error_set(r->err, DG_ERR_LIMIT, "%s: JSON members exceed %zu bytes in all", r->name,
                                r->lim->json_total_max);
        }
        c->json_total += jb.len;
        b->kind = AB_JSON;
        b->json_len = jb.len;
        b->json = jb.data ? dg_buf_steal(&jb) : dg_xstrdup("");
    }
    return 0;
}

/* Resolves a link target written in member `from` to a normalised member
 * path; NULL when it leaves the archive root. */
static char *link_target(const char *from, const char *target, bool symlink)
{
    char *joined;
    if (symlink && target[0] != '/') {
        const char *slash = strrchr(from, '/');
        joined = slash ? dg_xasprintf("%.*s/%s", (int)(slash - from), from, target) : dg_xstrdup(target);
    } else {
        joined = dg_xstrdup(target);
    }
    /* Resolve ".." textually, refusing to climb above the root. */
    char *out = dg_xmalloc(strlen(joined) + 2);
    size_t o = 0;
    const char *p = joined;
    bool bad = false;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        size_t n = strcspn(p, "/");
        if (n == 1 && p[0] == '.') {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (!o) { bad = true; break; }
            while (o && out[o - 1] != '/') o--;
            if (o) o--;
        } else {
            if (o) out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
    }
    out[o] = '\0';
    free(joined);
    if (bad || !o) {
        free(out);
        return NULL;
    }
    return out;
}

static void add_link(struct rd *r, const char *path, const char *target, bool symlink)
{
    char *t = link_target(path, target, symlink);
    if (!t) {
        char *esc = fs_path_escape(path);
        char *tesc = fs_path_escape(target);
        dg_strv_push_owned(&r->out->outer_anomalies, dg_xasprintf("%s -> %s (link leaves the archive)", esc, tesc));
        free(esc);
        free(tesc);
        return;
    }
    struct iarchive_blob *b = add_blob(r->out, path);
    b->kind = AB_LINK;
    b->link = t;
}

/* ---- outer tar ------------------------------------------------------ */

struct outer_src {
    struct archive *a;
    int64_t expect;
    const char *name;
};

static int outer_block(void *ud, const void **buf, size_t *len, struct dg_error *err)
{
    struct outer_src *o = ud;
    la_int64_t off;
    int rc = archive_read_data_block(o->a, buf, len, &off);
    if (rc == ARCHIVE_EOF) return 0;
    if (rc < ARCHIVE_WARN) {
        const char *es = archive_error_string(o->a);
        dg_error_set(err, DG_ERR_PARSE, "%s: %s", o->name, es ? es : "read error");
        return -1;
    }
    if (off != o->expect) {
        dg_error_set(err, DG_ERR_PARSE, "%s: sparse archive member: refusing to guess its content", o->name);
        return -1;
    }
    o->expect += (int64_t)*len;
    return 1;
}

static int read_outer(struct rd *r, struct archive *a)
{
    struct iarchive_contents *c = r->out;
    size_t count = 0;
    for (;;) {
        struct archive_entry *ae;
        int hr = archive_read_next_header(a, &ae);
        if (hr == ARCHIVE_EOF) break;
        if (hr < ARCHIVE_WARN) {
            const char *es = archive_error_string(a);
            if (count == 0) return dg_error_set(r->err, DG_ERR_PARSE, "%s: not an image archive: %s", r->name, es ? es : "unreadable");
            return dg_error_set(r->err, DG_ERR_PARSE, "%s: archive is truncated or corrupt: %s", r->name,
                                es ? es : "unreadable");
        }
        if (++count > r->lim->outer_entries_max)
            return dg_error_set(r->err, DG_ERR_LIMIT, "%s: archive has more than %zu members", r->name,
                                r->lim->outer_entries_max);
        const char *raw = archive_entry_pathname(ae);
        if (!raw || strlen(raw) > r->lim->path_max) continue;
        bool absolute;
        int pl = fs_path_normalize(raw, r->pathbuf, &absolute);
        if (pl < 0 || absolute) {
            char *esc = fs_path_escape(raw);
            dg_strv_push_owned(&c->outer_anomalies, dg_xasprintf("%s (%s)", esc, pl < 0 ? "leaves the archive root" : "absolute name"));
            free(esc);
            if (pl < 0) continue;
        }
        if (pl == 0) continue;
        char *path = dg_xstrdup(r->pathbuf);
        int ft = archive_entry_filetype(ae);
        const char *hl = archive_entry_hardlink(ae);
        if (hl) {
            add_link(r, path, hl, false);
        } else if (ft == AE_IFLNK) {
            const char *t = archive_entry_symlink(ae);
            if (t) add_link(r, path, t, true);
        } else if (ft == AE_IFREG) {
            la_int64_t sz = archive_entry_size(ae);
            struct outer_src os = {a, 0, r->name};
            struct member_src m = {outer_block, &os};
            int rc = process_member(r, path, sz > 0 ? (uint64_t)sz : 0, &m);
            if (rc != 0 || r->fatal) {
                free(path);
                return r->err->code < 0 ? r->err->code : DG_ERR;
            }
        }
        free(path);
    }
    return 0;
}

struct cb_src {
    iarchive_source_fn fn;
    void *ud;
    struct dg_error err;
    bool failed;
    uint64_t bytes;
};

static la_ssize_t cb_read(struct archive *a, void *ud, const void **buf)
{
    struct cb_src *s = ud;
    ssize_t n = s->fn(s->ud, buf, &s->err);
    if (n < 0) {
        s->failed = true;
        archive_set_error(a, EIO, "%s", s->err.msg);
        return -1;
    }
    s->bytes += (uint64_t)n;
    return (la_ssize_t)n;
}

static void rd_init(struct rd *r, const char *name, const struct iarchive_limits *lim,
                    const struct iarchive_hooks *hooks, struct iarchive_contents *out, struct dg_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->lim = lim;
    r->hooks = hooks;
    r->out = out;
    r->err = err;
    r->pathbuf = dg_xmalloc(lim->path_max + 2);
}

static void rd_free(struct rd *r)
{
    free(r->cbuf);
    free(r->pathbuf);
}

static struct archive *outer_new(void)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    return a;
}

int iarchive_read_callback(const char *name, iarchive_source_fn src, void *src_ud, uint64_t total,
                          const struct iarchive_limits *lim, const struct iarchive_hooks *hooks,
                          struct iarchive_contents *out, struct dg_error *err)
{
    int lrc = lazylib_archive(err);
    if (!lrc) lrc = lazylib_crypto(err);
    if (lrc) return lrc;
    struct rd r;
    rd_init(&r, name, lim, hooks, out, err);
    r.total = total;
    struct cb_src s = {.fn = src, .ud = src_ud};
    struct archive *a = outer_new();
    int rc = 0;
    if (archive_read_open(a, &s, NULL, cb_read, NULL) != ARCHIVE_OK) {
        rc = s.failed ? dg_error_set(err, DG_ERR_IO, "%s", s.err.msg)
                      : dg_error_set(err, DG_ERR_PARSE, "%s: not an image archive: %s", name, archive_error_string(a));
    } else {
        rc = read_outer(&r, a);
        if (rc != 0 && s.failed) dg_error_set(err, DG_ERR_IO, "%s", s.err.msg);
    }
    archive_read_free(a);
    rd_free(&r);
    return rc;
}

/* ---- OCI layout folder ---------------------------------------------- */

struct fd_src {
    int fd;
    char *buf;
    const char *path;
};

static int fd_block(void *ud, const void **buf, size_t *len, struct dg_error *err)
{
    struct fd_src *f = ud;
    for (;;) {
        ssize_t n = read(f->fd, f->buf, OUTER_BLOCK);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            dg_error_set(err, DG_ERR_IO, "%s: %s", f->path, strerror(errno));
            return -1;
        }
        *buf = f->buf;
        *len = (size_t)n;
        return n > 0;
    }
}

static int walk_folder(struct rd *r, int dirfd, const char *rel, int depth, char *iobuf, size_t *count)
{
    if (depth > FOLDER_DEPTH)
        return dg_error_set(r->err, DG_ERR_LIMIT, "%s/%s: folders nested deeper than %d levels", r->name, rel, FOLDER_DEPTH);
    int fd = openat(dirfd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return dg_error_set(r->err, DG_ERR_IO, "%s/%s: %s", r->name, rel, strerror(errno));
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return dg_error_set(r->err, DG_ERR_IO, "%s/%s: %s", r->name, rel, strerror(errno));
    }
    struct dg_strv names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if (++*count > r->lim->outer_entries_max) {
            closedir(d);
            dg_strv_free(&names);
            return dg_error_set(r->err, DG_ERR_LIMIT, "%s: layout has more than %zu files", r->name,
                                r->lim->outer_entries_max);
        }
        dg_strv_push(&names, de->d_name);
    }
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *sub = rel[0] ? dg_xasprintf("%s/%s", rel, names.v[i]) : dg_xstrdup(names.v[i]);
        struct stat st;
        if (fstatat(dirfd, sub, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = dg_error_set(r->err, DG_ERR_IO, "%s/%s: %s", r->name, sub, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_folder(r, dirfd, sub, depth + 1, iobuf, count);
        } else if (S_ISLNK(st.st_mode)) {
            char t[4096];
            ssize_t n = readlinkat(dirfd, sub, t, sizeof t - 1);
            if (n > 0) {
                t[n] = '\0';
                add_link(r, sub, t, true);
            }
        } else if (S_ISREG(st.st_mode)) {
            int ffd = openat(dirfd, sub, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (ffd < 0) {
                rc = dg_error_set(r->err, DG_ERR_IO, "%s/%s: %s", r->name, sub, strerror(errno));
            } else {
                struct fd_src fs = {ffd, iobuf, sub};
                struct member_src m = {fd_block, &fs};
                rc = process_member(r, sub, (uint64_t)st.st_size, &m);
                close(ffd);
            }
        }
        free(sub);
    }
    closedir(d);
    dg_strv_free(&names);
    return rc;
}

int iarchive_read_path(const char *path, const struct iarchive_limits *lim, const struct iarchive_hooks *hooks,
                      struct iarchive_contents *out, struct dg_error *err)
{
    int lrc = lazylib_archive(err);
    if (!lrc) lrc = lazylib_crypto(err);
    if (lrc) return lrc;
    struct stat st;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    if (!is_stdin && stat(path, &st) != 0) return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(errno));
    struct rd r;
    rd_init(&r, name, lim, hooks, out, err);
    int rc;
    if (!is_stdin && S_ISDIR(st.st_mode)) {
        out->is_folder = true;
        int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) {
            rd_free(&r);
            return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(errno));
        }
        char *iobuf = dg_xmalloc(OUTER_BLOCK);
        size_t count = 0;
        r.total = 0;
        rc = walk_folder(&r, dfd, "", 0, iobuf, &count);
        free(iobuf);
        close(dfd);
    } else {
        int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            rd_free(&r);
            return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(errno));
        }
        r.total = (!is_stdin && S_ISREG(st.st_mode)) ? (uint64_t)st.st_size : 0;
        struct archive *a = outer_new();
        if (archive_read_open_fd(a, fd, OUTER_BLOCK) != ARCHIVE_OK) {
            const char *es = archive_error_string(a);
            rc = dg_error_set(err, DG_ERR_PARSE, "%s: not an image archive: %s", name, es ? es : "unreadable");
        } else {
            rc = read_outer(&r, a);
        }
        archive_read_free(a);
        if (!is_stdin) close(fd);
    }
    if (hooks && hooks->progress) hooks->progress(hooks->ud, r.done, r.total ? r.total : r.done);
    rd_free(&r);
    return rc;
}

void iarchive_contents_free(struct iarchive_contents *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct iarchive_blob *b = &c->blobs[i];
        free(b->path);
        free(b->link);
        free(b->json);
        free(b->error);
        if (b->layer) {
            fs_layer_free(b->layer);
            free(b->layer);
        }
    }
    free(c->blobs);
    fs_arena_free(&c->arena);
    dg_strv_free(&c->outer_anomalies);
    memset(c, 0, sizeof *c);
}

struct iarchive_blob *iarchive_find(struct iarchive_contents *c, const char *path)
{
    char *cur = dg_xstrdup(path);
    struct iarchive_blob *found = NULL;
    for (int depth = 0; depth <= LINK_DEPTH; depth++) {
        struct iarchive_blob *b = NULL;
        /* The last member with a name wins, as when extracting. */
        for (size_t i = c->n; i-- > 0;)
            if (strcmp(c->blobs[i].path, cur) == 0) { b = &c->blobs[i]; break; }
        if (!b) break;
        if (b->kind != AB_LINK) { found = b; break; }
        b->referenced = true;
        free(cur);
        cur = dg_xstrdup(b->link);
    }
    free(cur);
    return found;
}

struct iarchive_blob *iarchive_find_digest(struct iarchive_contents *c, const char *digest)
{
    if (strncmp(digest, "sha256:", 7) == 0) {
        char *p = dg_xasprintf("blobs/sha256/%s", digest + 7);
        struct iarchive_blob *b = iarchive_find(c, p);
        free(p);
        if (b) return b;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->blobs[i].kind != AB_LINK && strcmp(c->blobs[i].digest, digest) == 0) return &c->blobs[i];
    return NULL;
}
