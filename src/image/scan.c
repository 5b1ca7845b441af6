/* The scan pass: wires content consumers into the archive reader, then
 * judges each image with the trust, image, fs and secret rules. */
#include "image/scan.h"
#include "core/config.h"
#include "core/error.h"
#include "core/rule.h"
#include "model/image_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every regular file gets this much read: enough to see a PEM header and
 * to tell text from binary. */
#define SCAN_PROBE 512

void scan_options_init(struct scan_options *o)
{
    memset(o, 0, sizeof *o);
    iarchive_limits_default(&o->limits);
}

void scan_init(struct scan *s, const struct scan_options *o)
{
    memset(s, 0, sizeof *s);
    if (o) s->opts = *o;
    else scan_options_init(&s->opts);
}

void scan_free(struct scan *s)
{
    for (size_t i = 0; i < s->npkgdbs; i++) {
        pkg_inventory_free(&s->pkgdbs[i].inv);
        free(s->pkgdbs[i].error);
    }
    free(s->pkgdbs);
    for (size_t i = 0; i < s->ninventories; i++) {
        free(s->inventories[i].image);
        pkg_inventory_free(&s->inventories[i].inv);
        dg_strv_free(&s->inventories[i].errors);
    }
    free(s->inventories);
    iarchive_index_free(&s->index);
    iarchive_contents_free(&s->contents);
    free(s->name);
    memset(s, 0, sizeof *s);
}

/* ---- content consumers ---------------------------------------------- */

/* Files whose content cannot hold a readable secret, or that are shipped
 * by every distribution and only cost time: skipped by the secrets scanner. */
static bool secrets_skip(const char *path)
{
    static const char *const ext[] = {
        ".so", ".a", ".o", ".pyc", ".pyo", ".class", ".jar", ".war", ".png", ".jpg", ".jpeg", ".gif",
        ".ico", ".svg", ".woff", ".woff2", ".ttf", ".otf", ".gz", ".bz2", ".xz", ".zst", ".zip", ".tar",
        ".tgz", ".mo", ".pdf", ".wasm", ".db", ".sqlite", ".mp3", ".mp4", NULL};
    const char *b = dg_path_base(path);
    for (size_t i = 0; ext[i]; i++)
        if (dg_str_has_suffix(b, ext[i])) return true;
    if (strstr(b, ".so.")) return true;
    static const char *const dirs[] = {"usr/share/doc/", "usr/share/man/", "usr/share/locale/", "usr/share/i18n/",
                                       "usr/share/zoneinfo/", "usr/share/info/", "usr/share/common-licenses/",
                                       "var/lib/dpkg/info/", "usr/share/mime/", "usr/share/terminfo/",
                                       "lib/terminfo/", "usr/lib/locale/", NULL};
    for (size_t i = 0; dirs[i]; i++)
        if (dg_str_has_prefix(path, dirs[i])) return true;
    return false;
}

static size_t hook_want(void *ud, const char *path, uint64_t size)
{
    (void)ud;
    enum pkgdb_kind k = pkgdb_kind_of(path);
    /* Only the size of these matters: one byte makes the record. */
    if (k == PKGDB_RPM_WAL || k == PKGDB_RPM_NDB) return 1;
    if (k != PKGDB_NONE) return PKGDB_MAX_BYTES;
    if (fs_content_wanted(path)) return SCAN_SECRETS_MAX;
    if (!secrets_skip(path)) return SCAN_SECRETS_MAX;
    (void)size;
    return SCAN_PROBE;
}

static bool hook_more(void *ud, const char *path, const char *buf, size_t len)
{
    (void)ud;
    /* Binaries are done after the probe unless their name says credential. */
    return fs_content_wanted(path) || pkgdb_kind_of(path) != PKGDB_NONE || !memchr(buf, '\0', len);
}

/* Parses a package database or os-release file into a per-layer record;
 * which records count is decided per image once its filesystem is built. */
static void pkgdb_record(struct scan *s, enum pkgdb_kind kind, struct fs_layer *layer, struct fs_entry *e,
                         const char *buf, size_t len)
{
    if (s->npkgdbs == s->cap_pkgdbs) {
        s->cap_pkgdbs = s->cap_pkgdbs ? s->cap_pkgdbs * 2 : 8;
        s->pkgdbs = dg_xrealloc(s->pkgdbs, s->cap_pkgdbs * sizeof *s->pkgdbs);
    }
    struct scan_pkgdb *d = &s->pkgdbs[s->npkgdbs++];
    memset(d, 0, sizeof *d);
    d->layer = layer;
    d->entry = e->index;
    d->kind = kind;
    struct dg_error err = {0};
    char *file = dg_xasprintf("/%s", e->path);
    int rc = 0;
    if (len < e->size && kind != PKGDB_RPM_WAL && kind != PKGDB_RPM_NDB)
        rc = dg_error_set(&err, DG_ERR_LIMIT, "%s: larger than %u bytes, not read", file, PKGDB_MAX_BYTES);
    else if (kind == PKGDB_DPKG_STATUS || kind == PKGDB_DPKG_STATUSD)
        rc = pkgdb_dpkg_parse(buf, len, file, kind == PKGDB_DPKG_STATUS, &d->inv, &err);
    else if (kind == PKGDB_APK)
        rc = pkgdb_apk_parse(buf, len, file, &d->inv, &err);
    else if (kind == PKGDB_RPM_SQLITE)
        rc = pkgdb_rpm_sqlite_parse(buf, len, file, &d->inv, &err);
    else if (kind == PKGDB_RPM_BDB)
        rc = pkgdb_rpm_bdb_parse(buf, len, file, &d->inv, &err);
    else if (kind == PKGDB_RPM_WAL)
        /* Committed transactions still in the log are not in the database
         * file; the package list could be stale, so say so. */
        rc = e->size ? dg_error_set(&err, DG_ERR_PARSE,
                                    "%s: %llu bytes of write-ahead log not merged; packages may be missing", file,
                                    (unsigned long long)e->size)
                     : 0;
    else if (kind == PKGDB_RPM_NDB)
        rc = dg_error_set(&err, DG_ERR_PARSE, "%s: rpm ndb database format is not read; packages not listed", file);
    else
        rc = osrelease_parse(buf, len, file, &d->inv.os, &err);
    if (rc != 0) {
        d->error = dg_xstrdup(err.msg);
        pkg_inventory_free(&d->inv);
    }
    free(file);
}

static void hook_content(void *ud, struct fs_layer *layer, struct fs_entry *e, const char *buf, size_t len)
{
    enum pkgdb_kind kind = pkgdb_kind_of(e->path);
    if (kind != PKGDB_NONE) {
        pkgdb_record(ud, kind, layer, e, buf, len);
        return;
    }
    e->content = fs_content_classify(e->path, buf, len);
    if (e->content & FS_C_BINARY) return;
    if (len > SCAN_PROBE || len == e->size) {
        if (secrets_skip(e->path) && !fs_content_wanted(e->path)) return;
        scan_secrets_file(layer, e, buf, len);
    }
}

static void hook_progress(void *ud, uint64_t done, uint64_t total)
{
    struct scan *s = ud;
    if (s->opts.progress) s->opts.progress(s->opts.progress_ud, done, total);
}

int scan_read_path(struct scan *s, const char *path, struct dg_error *err)
{
    free(s->name);
    s->name = dg_xstrdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
    struct iarchive_hooks h = {hook_want, hook_content, hook_more, hook_progress, s};
    int rc = iarchive_read_path(path, &s->opts.limits, &h, &s->contents, err);
    if (rc == 0) rc = iarchive_resolve(&s->contents, s->name, &s->index, err);
    s->read_ok = rc == 0;
    return rc;
}

int scan_read_stream(struct scan *s, const char *name, iarchive_source_fn src, void *ud, uint64_t total,
                     struct dg_error *err)
{
    free(s->name);
    s->name = dg_xstrdup(name);
    struct iarchive_hooks h = {hook_want, hook_content, hook_more, hook_progress, s};
    int rc = iarchive_read_callback(name, src, ud, total, &s->opts.limits, &h, &s->contents, err);
    if (rc == 0) rc = iarchive_resolve(&s->contents, s->name, &s->index, err);
    s->read_ok = rc == 0;
    return rc;
}

/* ---- per image ------------------------------------------------------- */

void scan_fs_image(struct scan *s, const struct iarchive_image *img, struct fs_image *fs)
{
    memset(fs, 0, sizeof *fs);
    fs->file = s->name;
    fs->nlayers = img->nlayers;
    fs->layers = dg_xcalloc(img->nlayers ? img->nlayers : 1, sizeof *fs->layers);
    fs->layer_digest = dg_xcalloc(img->nlayers ? img->nlayers : 1, sizeof *fs->layer_digest);
    fs->layer_created_by = dg_xcalloc(img->nlayers ? img->nlayers : 1, sizeof *fs->layer_created_by);
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_layer_ref *l = &img->layers[i];
        fs->layers[i] = l->blob ? l->blob->layer : NULL;
        /* Name the layer by what the manifest calls it, else by its content. */
        fs->layer_digest[i] = l->digest ? l->digest
                              : l->diff_id ? l->diff_id
                              : (l->blob && l->blob->diff_id[0]) ? l->blob->diff_id
                                                                  : NULL;
        fs->layer_created_by[i] = l->created_by;
    }
}

void scan_fs_free(struct fs_image *fs)
{
    fs_image_clear(fs);
    free(fs->layers);
    free(fs->layer_digest);
    free(fs->layer_created_by);
    memset(fs, 0, sizeof *fs);
}

static bool layer_in(const struct fs_image *fs, const struct fs_layer *l)
{
    for (size_t i = 0; i < fs->nlayers; i++)
        if (fs->layers[i] == l) return true;
    return false;
}

/* The file a database record was read from, when it is part of this
 * image's final filesystem; else NULL. */
static const struct fs_entry *pkgdb_final_entry(const struct fs_image *fs, const struct scan_pkgdb *d)
{
    if (!layer_in(fs, d->layer)) return NULL;
    const struct fs_entry *e = fs_layer_find(d->layer, d->entry);
    return e && e->final ? e : NULL;
}

static void os_take(struct os_info *dst, struct os_info *src)
{
    os_info_free(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}

/* The inventory of an image: the databases that are in its final
 * filesystem. etc/os-release wins over usr/lib/os-release. */
static void scan_inventory_image(struct scan *s, const struct iarchive_image *img, const struct fs_image *fs)
{
    s->inventories = dg_xrealloc(s->inventories, (s->ninventories + 1) * sizeof *s->inventories);
    struct scan_inventory *out = &s->inventories[s->ninventories++];
    memset(out, 0, sizeof *out);
    out->image = dg_xstrdup(img->ref ? img->ref : s->name);
    bool os_from_etc = false;
    /* After rpm's move to SQLite an old Berkeley DB file may stay behind;
     * the SQLite database is the live one. */
    bool rpm_sqlite = false;
    for (size_t i = 0; i < s->npkgdbs && !rpm_sqlite; i++)
        rpm_sqlite = s->pkgdbs[i].kind == PKGDB_RPM_SQLITE && pkgdb_final_entry(fs, &s->pkgdbs[i]);
    for (size_t i = 0; i < s->npkgdbs; i++) {
        struct scan_pkgdb *d = &s->pkgdbs[i];
        const struct fs_entry *e = pkgdb_final_entry(fs, d);
        if (!e) continue;
        if (rpm_sqlite && (d->kind == PKGDB_RPM_BDB || d->kind == PKGDB_RPM_NDB)) continue;
        if (d->error) {
            dg_strv_push(&out->errors, d->error);
            continue;
        }
        if (d->kind == PKGDB_OSRELEASE) {
            bool etc = dg_str_has_prefix(e->path, "etc/");
            if (etc || !os_from_etc) {
                /* Copied: a layer's record may serve several images. */
                struct os_info o = {d->inv.os.id ? dg_xstrdup(d->inv.os.id) : NULL,
                                    d->inv.os.version_id ? dg_xstrdup(d->inv.os.version_id) : NULL,
                                    d->inv.os.codename ? dg_xstrdup(d->inv.os.codename) : NULL,
                                    d->inv.os.pretty ? dg_xstrdup(d->inv.os.pretty) : NULL};
                os_take(&out->inv.os, &o);
                os_from_etc = os_from_etc || etc;
            }
            continue;
        }
        for (size_t k = 0; k < d->inv.n; k++) {
            const struct pkg *p = &d->inv.pkgs[k];
            struct pkg *q = pkg_inventory_add(&out->inv);
            q->type = p->type;
            q->name = dg_xstrdup(p->name);
            q->version = dg_xstrdup(p->version);
            q->arch = p->arch ? dg_xstrdup(p->arch) : NULL;
            q->source = p->source ? dg_xstrdup(p->source) : NULL;
            q->source_version = p->source_version ? dg_xstrdup(p->source_version) : NULL;
        }
    }
}

static void check_image(struct scan *s, const struct iarchive_image *img, struct dg_report *r,
                        const struct dg_config *cfg)
{
    struct rule_ctx ctx = {.report = r, .config = cfg, .file = s->name, .subject = img->ref};
    struct scan_trust t = {&s->contents, &s->index, img, s->name};
    rules_run(DG_MODEL_TRUST, &t, &ctx);

    struct image_spec spec;
    struct dg_error err = {0};
    if (iarchive_image_spec(img, s->name, &spec, &err) == 0) rules_run(DG_MODEL_IMAGE, &spec, &ctx);
    is_free(&spec);

    struct fs_image fs;
    scan_fs_image(s, img, &fs);
    if (fs_build(&fs) == 0) {
        rules_run(DG_MODEL_FS, &fs, &ctx);
        scan_inventory_image(s, img, &fs);
    }
    scan_fs_free(&fs);
}

int scan_check(struct scan *s, struct dg_report *r, const struct dg_config *cfg, struct dg_error *err)
{
    dg_strv_push(&r->inputs, s->name);
    struct rule_ctx ctx = {.report = r, .config = cfg, .file = s->name, .subject = s->name};
    struct scan_trust whole = {&s->contents, &s->index, NULL, s->name};
    rules_run(DG_MODEL_TRUST, &whole, &ctx);
    size_t matched = 0;
    for (size_t i = 0; i < s->index.n; i++) {
        const struct iarchive_image *img = &s->index.images[i];
        if (s->opts.image && !iarchive_image_matches(img, s->opts.image)) continue;
        matched++;
        check_image(s, img, r, cfg);
    }
    if (s->opts.image && !matched)
        return dg_error_set(err, DG_ERR_NOTFOUND, "%s: no image matches '%s'", s->name, s->opts.image);
    return 0;
}
