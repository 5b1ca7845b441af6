/* Image discovery after the streaming pass: manifest.json (docker save),
 * index.json and OCI image manifests, the expected digests they name, and
 * the config blob → image_spec. Documents that cannot be read are recorded
 * as problems for the trust rules rather than aborting the scan: an archive
 * whose manifest was tampered with is exactly what must be reported. */
#include "image/archive_manifest.h"
#include "core/error.h"
#include "model/image_spec.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_IMAGES 1024
#define MAX_LAYERS FS_MAX_LAYERS
#define MAX_INDEX_DEPTH 4

static bool is_hex64(const char *s, size_t n)
{
    if (n != 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

/* The digest a member's path itself claims: blobs/sha256/<hex> or <hex>.json. */
static char *digest_from_path(const char *p)
{
    if (dg_str_has_prefix(p, "blobs/sha256/") && is_hex64(p + 13, strlen(p + 13)))
        return dg_xasprintf("sha256:%s", p + 13);
    size_t n = strlen(p);
    if (n == 69 && dg_str_has_suffix(p, ".json") && is_hex64(p, 64)) return dg_xasprintf("sha256:%.64s", p);
    return NULL;
}

static bool valid_digest(const char *d)
{
    return d && strncmp(d, "sha256:", 7) == 0 && is_hex64(d + 7, strlen(d + 7));
}

static void problem(struct dg_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct dg_strv *sv, const char *fmt, ...)
{
    struct dg_buf b;
    dg_buf_init(&b, 4096);
    va_list ap;
    va_start(ap, fmt);
    dg_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    dg_strv_push_owned(sv, dg_buf_steal(&b));
}

static json_t *load_json(const struct iarchive_blob *b, struct dg_strv *problems)
{
    if (b->kind != AB_JSON) {
        char *esc = fs_path_escape(b->path);
        problem(problems, "%s: %s", esc, b->error ? b->error : "not a JSON document");
        free(esc);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(b->json, b->json_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        char *esc = fs_path_escape(b->path);
        problem(problems, "%s:%d: %s", esc, je.line, je.text);
        free(esc);
    }
    return j;
}

static struct iarchive_image *add_image(struct iarchive_index *x)
{
    x->images = dg_xrealloc(x->images, (x->n + 1) * sizeof *x->images);
    struct iarchive_image *img = &x->images[x->n++];
    memset(img, 0, sizeof *img);
    img->config_size = -1;
    img->ndiff_ids = -1;
    return img;
}

static struct iarchive_layer_ref *add_layer(struct iarchive_image *img)
{
    img->layers = dg_xrealloc(img->layers, (img->nlayers + 1) * sizeof *img->layers);
    struct iarchive_layer_ref *l = &img->layers[img->nlayers++];
    memset(l, 0, sizeof *l);
    l->size = -1;
    return l;
}

static char *norm_member(const char *p)
{
    char *out = dg_xmalloc(strlen(p) + 2);
    bool abs;
    if (fs_path_normalize(p, out, &abs) <= 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Reads the config: diff_ids into the layer refs, history lines. */
static void read_config(struct iarchive_contents *c, struct iarchive_image *img)
{
    if (!img->config) return;
    img->config->referenced = true;
    json_t *j = load_json(img->config, &img->problems);
    if (!j) return;
    json_t *diffs = json_object_get(json_object_get(j, "rootfs"), "diff_ids");
    if (!json_is_array(diffs)) {
        char *esc = fs_path_escape(img->config->path);
        problem(&img->problems, "%s: config has no rootfs.diff_ids", esc);
        free(esc);
        json_decref(j);
        return;
    }
    img->ndiff_ids = (long)json_array_size(diffs);
    for (size_t i = 0; i < img->nlayers && i < json_array_size(diffs); i++) {
        const char *d = json_string_value(json_array_get(diffs, i));
        if (d) img->layers[i].diff_id = dg_xstrdup(d);
    }
    json_t *hist = json_object_get(j, "history");
    size_t li = 0;
    for (size_t i = 0; json_is_array(hist) && i < json_array_size(hist) && li < img->nlayers; i++) {
        json_t *h = json_array_get(hist, i);
        if (json_is_true(json_object_get(h, "empty_layer"))) continue;
        const char *cb = json_string_value(json_object_get(h, "created_by"));
        if (cb) img->layers[li].created_by = dg_xstrdup(cb);
        li++;
    }
    (void)c;
    json_decref(j);
}

static void set_ref(struct iarchive_image *img)
{
    if (img->tags.n) img->ref = dg_xstrdup(img->tags.v[0]);
    else if (img->config_digest && strlen(img->config_digest) > 19)
        img->ref = dg_xasprintf("%.19s", img->config_digest);
    else if (img->config && img->config->digest[0])
        img->ref = dg_xasprintf("%.19s", img->config->digest);
    else
        img->ref = dg_xstrdup("image");
}

static void resolve_config(struct iarchive_contents *c, struct iarchive_image *img, const char *path,
                           const char *digest, int64_t size)
{
    img->config_path = dg_xstrdup(path);
    img->config_digest = digest ? dg_xstrdup(digest) : digest_from_path(path);
    img->config_size = size;
    img->config = iarchive_find(c, path);
}

/* docker save: manifest.json = [{Config, RepoTags, Layers}]. */
static int read_docker_manifest(struct iarchive_contents *c, struct iarchive_blob *mb, struct iarchive_index *x)
{
    mb->referenced = true;
    json_t *j = load_json(mb, &x->problems);
    if (!j) return 0;
    if (!json_is_array(j)) {
        problem(&x->problems, "manifest.json: not a list of images");
        json_decref(j);
        return 0;
    }
    for (size_t i = 0; i < json_array_size(j) && x->n < MAX_IMAGES; i++) {
        json_t *e = json_array_get(j, i);
        const char *cfg = json_string_value(json_object_get(e, "Config"));
        json_t *layers = json_object_get(e, "Layers");
        if (!cfg || !json_is_array(layers)) {
            problem(&x->problems, "manifest.json: image %zu has no Config or Layers", i + 1);
            continue;
        }
        struct iarchive_image *img = add_image(x);
        img->manifest_path = dg_xstrdup("manifest.json");
        json_t *tags = json_object_get(e, "RepoTags");
        for (size_t t = 0; json_is_array(tags) && t < json_array_size(tags) && t < 256; t++) {
            const char *s = json_string_value(json_array_get(tags, t));
            if (s) dg_strv_push(&img->tags, s);
        }
        char *cp = norm_member(cfg);
        if (!cp) {
            problem(&img->problems, "manifest.json: config path '%s' leaves the archive", cfg);
        } else {
            resolve_config(c, img, cp, NULL, -1);
            free(cp);
        }
        for (size_t l = 0; l < json_array_size(layers) && l < MAX_LAYERS; l++) {
            const char *lp = json_string_value(json_array_get(layers, l));
            struct iarchive_layer_ref *ref = add_layer(img);
            char *np = lp ? norm_member(lp) : NULL;
            if (!np) {
                problem(&img->problems, "manifest.json: layer %zu path is missing or leaves the archive", l + 1);
                ref->path = dg_xstrdup(lp ? lp : "");
                continue;
            }
            ref->path = np;
            ref->digest = digest_from_path(np);
            ref->blob = iarchive_find(c, np);
            if (ref->blob) ref->blob->referenced = true;
        }
        read_config(c, img);
        set_ref(img);
    }
    json_decref(j);
    return 0;
}

static const char *ann(json_t *desc, const char *key)
{
    return json_string_value(json_object_get(json_object_get(desc, "annotations"), key));
}

static bool is_index_type(const char *mt)
{
    return mt && (strcmp(mt, "application/vnd.oci.image.index.v1+json") == 0 ||
                  strcmp(mt, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

/* An OCI image manifest blob → one image (when `x` is given) and marks the
 * blobs it names as referenced. */
static void read_oci_manifest(struct iarchive_contents *c, json_t *desc, struct iarchive_index *x, bool add,
                              const char *name_hint, bool nested)
{
    const char *digest = json_string_value(json_object_get(desc, "digest"));
    if (!valid_digest(digest)) {
        problem(&x->problems, "index.json: manifest descriptor without a valid digest");
        return;
    }
    struct iarchive_blob *mb = iarchive_find_digest(c, digest);
    if (!mb) {
        /* A multi-platform index commonly lists platforms whose blobs were
         * not saved; only a missing top-level manifest is a problem. */
        if (!nested && add) {
            struct iarchive_image *img = add_image(x);
            img->manifest_path = dg_xasprintf("blobs/sha256/%s", digest + 7);
            problem(&img->problems, "%s: image manifest is missing from the archive", img->manifest_path);
            img->ref = dg_xstrdup(name_hint ? name_hint : digest);
            if (name_hint) dg_strv_push(&img->tags, name_hint);
        }
        return;
    }
    mb->referenced = true;
    struct dg_strv *probs = &x->problems;
    json_t *j = load_json(mb, probs);
    if (!j) return;
    if (is_index_type(json_string_value(json_object_get(j, "mediaType"))) || json_is_array(json_object_get(j, "manifests"))) {
        json_decref(j);
        return; /* handled by the index walker */
    }
    json_t *cfg = json_object_get(j, "config");
    json_t *layers = json_object_get(j, "layers");
    const char *cd = json_string_value(json_object_get(cfg, "digest"));
    if (!valid_digest(cd) || !json_is_array(layers)) {
        char *esc = fs_path_escape(mb->path);
        problem(probs, "%s: image manifest has no valid config or layers", esc);
        free(esc);
        json_decref(j);
        return;
    }
    struct iarchive_image tmp;
    struct iarchive_image *img = &tmp;
    if (add) img = add_image(x);
    else {
        memset(&tmp, 0, sizeof tmp);
        tmp.config_size = -1;
    }
    img->manifest_path = dg_xstrdup(mb->path);
    if (name_hint) dg_strv_push(&img->tags, name_hint);
    char *cp = dg_xasprintf("blobs/sha256/%s", cd + 7);
    json_t *cs = json_object_get(cfg, "size");
    resolve_config(c, img, cp, cd, json_is_integer(cs) ? json_integer_value(cs) : -1);
    free(cp);
    if (img->config) img->config->referenced = true;
    else if (!add) {
        struct iarchive_blob *cb = iarchive_find_digest(c, cd);
        if (cb) cb->referenced = true;
    }
    for (size_t l = 0; l < json_array_size(layers) && l < MAX_LAYERS; l++) {
        json_t *ld = json_array_get(layers, l);
        const char *d = json_string_value(json_object_get(ld, "digest"));
        struct iarchive_layer_ref *ref = add_layer(img);
        if (!valid_digest(d)) {
            ref->path = dg_xstrdup("");
            problem(&img->problems, "%s: layer %zu has no valid digest", mb->path, l + 1);
            continue;
        }
        ref->path = dg_xasprintf("blobs/sha256/%s", d + 7);
        ref->digest = dg_xstrdup(d);
        json_t *sz = json_object_get(ld, "size");
        ref->size = json_is_integer(sz) ? json_integer_value(sz) : -1;
        ref->blob = iarchive_find(c, ref->path);
        if (!ref->blob) ref->blob = iarchive_find_digest(c, d);
        if (ref->blob) ref->blob->referenced = true;
    }
    if (add) {
        read_config(c, img);
        set_ref(img);
    } else {
        /* Only marking references: release the temporary image. */
        dg_strv_free(&tmp.tags);
        free(tmp.manifest_path);
        free(tmp.config_path);
        free(tmp.config_digest);
        for (size_t l = 0; l < tmp.nlayers; l++) {
            free(tmp.layers[l].path);
            free(tmp.layers[l].digest);
        }
        free(tmp.layers);
        dg_strv_free(&tmp.problems);
    }
    json_decref(j);
}

static void walk_index(struct iarchive_contents *c, json_t *idx, const char *where, struct iarchive_index *x, bool add,
                       int depth)
{
    json_t *ms = json_object_get(idx, "manifests");
    if (!json_is_array(ms)) {
        problem(&x->problems, "%s: no manifests list", where);
        return;
    }
    for (size_t i = 0; i < json_array_size(ms) && x->n < MAX_IMAGES; i++) {
        json_t *d = json_array_get(ms, i);
        const char *mt = json_string_value(json_object_get(d, "mediaType"));
        const char *name = ann(d, "io.containerd.image.name");
        if (!name) name = ann(d, "org.opencontainers.image.ref.name");
        const char *digest = json_string_value(json_object_get(d, "digest"));
        if (is_index_type(mt)) {
            if (depth >= MAX_INDEX_DEPTH) {
                problem(&x->problems, "%s: indexes nested deeper than %d levels", where, MAX_INDEX_DEPTH);
                continue;
            }
            struct iarchive_blob *ib = valid_digest(digest) ? iarchive_find_digest(c, digest) : NULL;
            if (!ib) {
                if (depth == 0 && add) problem(&x->problems, "%s: nested index %s is missing", where, digest ? digest : "?");
                continue;
            }
            ib->referenced = true;
            json_t *j = load_json(ib, &x->problems);
            if (!j) continue;
            /* Children of a nested index carry no name; give them the parent's. */
            json_t *kids = json_object_get(j, "manifests");
            for (size_t k = 0; json_is_array(kids) && k < json_array_size(kids); k++) {
                json_t *kd = json_array_get(kids, k);
                const char *kmt = json_string_value(json_object_get(kd, "mediaType"));
                if (is_index_type(kmt)) continue;
                const char *kdig = json_string_value(json_object_get(kd, "digest"));
                /* Attestation manifests are not images. */
                const char *rt = ann(kd, "vnd.docker.reference.type");
                if (rt && strcmp(rt, "attestation-manifest") == 0) {
                    struct iarchive_blob *ab = valid_digest(kdig) ? iarchive_find_digest(c, kdig) : NULL;
                    if (ab) read_oci_manifest(c, kd, x, false, NULL, true);
                    continue;
                }
                read_oci_manifest(c, kd, x, add, name, true);
            }
            json_decref(j);
        } else {
            read_oci_manifest(c, d, x, add, name, false);
        }
    }
}

int iarchive_resolve(struct iarchive_contents *c, const char *name, struct iarchive_index *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    struct iarchive_blob *manifest = iarchive_find(c, "manifest.json");
    struct iarchive_blob *index = iarchive_find(c, "index.json");
    struct iarchive_blob *layout = iarchive_find(c, "oci-layout");
    if (!manifest && !index)
        return dg_error_set(err, DG_ERR_PARSE, "%s: not an image archive: no manifest.json or index.json", name);
    if (layout) layout->referenced = true;
    struct iarchive_blob *repos = iarchive_find(c, "repositories");
    if (repos) repos->referenced = true;
    if (manifest) {
        out->layout = index ? "docker-save+oci" : "docker-save";
        read_docker_manifest(c, manifest, out);
        if (index) {
            index->referenced = true;
            json_t *j = load_json(index, &out->problems);
            if (j) {
                walk_index(c, j, "index.json", out, false, 0);
                json_decref(j);
            }
        }
    } else {
        out->layout = "oci";
        index->referenced = true;
        json_t *j = load_json(index, &out->problems);
        if (j) {
            walk_index(c, j, "index.json", out, true, 0);
            json_decref(j);
        }
    }
    /* Classic layout: the legacy per-layer metadata (<id>/json, <id>/VERSION)
     * belongs to a referenced layer folder. */
    for (size_t i = 0; i < c->n; i++) {
        struct iarchive_blob *b = &c->blobs[i];
        if (b->referenced) continue;
        const char *slash = strrchr(b->path, '/');
        if (!slash || (strcmp(slash, "/json") != 0 && strcmp(slash, "/VERSION") != 0)) continue;
        size_t dl = (size_t)(slash - b->path);
        for (size_t k = 0; k < c->n; k++) {
            struct iarchive_blob *o = &c->blobs[k];
            if (o->referenced && strncmp(o->path, b->path, dl) == 0 && o->path[dl] == '/') {
                b->referenced = true;
                break;
            }
        }
    }
    return 0;
}

void iarchive_index_free(struct iarchive_index *x)
{
    for (size_t i = 0; i < x->n; i++) {
        struct iarchive_image *img = &x->images[i];
        free(img->ref);
        dg_strv_free(&img->tags);
        free(img->manifest_path);
        free(img->config_path);
        free(img->config_digest);
        for (size_t l = 0; l < img->nlayers; l++) {
            free(img->layers[l].path);
            free(img->layers[l].digest);
            free(img->layers[l].diff_id);
            free(img->layers[l].created_by);
        }
        free(img->layers);
        dg_strv_free(&img->problems);
    }
    free(x->images);
    dg_strv_free(&x->problems);
    memset(x, 0, sizeof *x);
}

bool iarchive_image_matches(const struct iarchive_image *img, const char *name)
{
    for (size_t i = 0; i < img->tags.n; i++) {
        const char *t = img->tags.v[i];
        if (strcmp(t, name) == 0) return true;
        size_t n = strlen(name);
        if (strncmp(t, name, n) == 0 && strcmp(t + n, ":latest") == 0) return true;
        /* "docker.io/library/busybox:1" is also "busybox:1". */
        const char *short_t = dg_str_has_prefix(t, "docker.io/library/") ? t + 18
                              : dg_str_has_prefix(t, "docker.io/")       ? t + 10
                                                                         : NULL;
        if (short_t && (strcmp(short_t, name) == 0 || (strncmp(short_t, name, n) == 0 && strcmp(short_t + n, ":latest") == 0)))
            return true;
    }
    if (img->ref && strcmp(img->ref, name) == 0) return true;
    const char *d = img->config_digest ? img->config_digest : (img->config ? img->config->digest : NULL);
    if (d && strlen(name) >= 6) {
        const char *hex = dg_str_has_prefix(name, "sha256:") ? name + 7 : name;
        if (strlen(hex) >= 6 && strncmp(d + 7, hex, strlen(hex)) == 0) return true;
    }
    return false;
}

static void strv_from_json(struct dg_strv *sv, json_t *a)
{
    if (json_is_string(a)) {
        dg_strv_push(sv, json_string_value(a));
        return;
    }
    for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (s) dg_strv_push(sv, s);
    }
}

int iarchive_image_spec(const struct iarchive_image *img, const char *file, struct image_spec *spec,
                       struct dg_error *err)
{
    is_init(spec);
    spec->ref = dg_xstrdup(img->ref ? img->ref : "image");
    if (!img->config || img->config->kind != AB_JSON)
        return dg_error_set(err, DG_ERR_PARSE, "%s: config of %s is missing or unreadable", file, spec->ref);
    json_error_t je;
    json_t *j = json_loadb(img->config->json, img->config->json_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) return dg_error_at(err, DG_ERR_PARSE, img->config->path, je.line, "%s", je.text);
    struct dg_pos pos = {file, 0, 0};
    spec->id = dg_xstrdup(img->config->digest);
    const char *s;
    if ((s = json_string_value(json_object_get(j, "os")))) spec->os = dg_xstrdup(s);
    if ((s = json_string_value(json_object_get(j, "architecture")))) spec->arch = dg_xstrdup(s);
    if ((s = json_string_value(json_object_get(j, "created")))) spec->created = dg_xstrdup(s);
    json_t *cfg = json_object_get(j, "config");
    if (!json_is_object(cfg)) cfg = json_object_get(j, "container_config");
    if (json_is_object(cfg)) {
        if ((s = json_string_value(json_object_get(cfg, "User")))) {
            spec->user = dg_xstrdup(s);
            spec->user_set = s[0] != '\0';
            spec->user_pos = pos;
        }
        json_t *env = json_object_get(cfg, "Env");
        for (size_t i = 0; json_is_array(env) && i < json_array_size(env); i++) {
            const char *kv = json_string_value(json_array_get(env, i));
            if (!kv) continue;
            const char *eq = strchr(kv, '=');
            char *k = eq ? dg_xstrndup(kv, (size_t)(eq - kv)) : dg_xstrdup(kv);
            cs_kvs_push(&spec->env, k, eq ? eq + 1 : NULL, pos);
            free(k);
        }
        json_t *labels = json_object_get(cfg, "Labels");
        const char *key;
        json_t *v;
        if (json_is_object(labels))
            json_object_foreach(labels, key, v) cs_kvs_push(&spec->labels, key, json_string_value(v), pos);
        json_t *ports = json_object_get(cfg, "ExposedPorts");
        if (json_is_object(ports)) {
            json_object_foreach(ports, key, v) {
                char *end;
                unsigned long p = strtoul(key, &end, 10);
                if (end == key || p > 65535) continue;
                struct is_port *ip = is_add_port(spec);
                ip->port = (unsigned)p;
                ip->proto = dg_xstrdup(*end == '/' ? end + 1 : "tcp");
                ip->pos = pos;
            }
        }
        strv_from_json(&spec->entrypoint, json_object_get(cfg, "Entrypoint"));
        strv_from_json(&spec->cmd, json_object_get(cfg, "Cmd"));
        if (spec->entrypoint.n >= 2 && strcmp(spec->entrypoint.v[1], "-c") == 0 &&
            (strcmp(spec->entrypoint.v[0], "/bin/sh") == 0 || strcmp(spec->entrypoint.v[0], "/bin/bash") == 0))
            spec->entrypoint_shell = true;
        if ((s = json_string_value(json_object_get(cfg, "WorkingDir"))) && *s) spec->workdir = dg_xstrdup(s);
        json_t *vols = json_object_get(cfg, "Volumes");
        if (json_is_object(vols)) json_object_foreach(vols, key, v) dg_strv_push(&spec->volumes, key);
        json_t *hc = json_object_get(cfg, "Healthcheck");
        json_t *test = json_object_get(hc, "Test");
        if (json_is_array(test) && json_array_size(test) > 0) {
            const char *t0 = json_string_value(json_array_get(test, 0));
            if (t0 && strcmp(t0, "NONE") == 0) {
                spec->health = IS_HEALTH_NONE;
            } else if (t0) {
                spec->health = IS_HEALTH_CMD;
                struct dg_buf b;
                dg_buf_init(&b, 8192);
                for (size_t i = 1; i < json_array_size(test); i++) {
                    const char *a = json_string_value(json_array_get(test, i));
                    if (a) dg_buf_printf(&b, "%s%s", i > 1 ? " " : "", a);
                }
                spec->health_test = b.data ? dg_buf_steal(&b) : dg_xstrdup("");
            }
            spec->health_pos = pos;
        }
    }
    json_t *hist = json_object_get(j, "history");
    for (size_t i = 0; json_is_array(hist) && i < json_array_size(hist); i++) {
        json_t *h = json_array_get(hist, i);
        struct is_history *ih = is_add_history(spec);
        s = json_string_value(json_object_get(h, "created_by"));
        ih->created_by = dg_xstrdup(s ? s : "");
        ih->empty_layer = json_is_true(json_object_get(h, "empty_layer"));
        ih->pos = pos;
    }
    json_decref(j);
    return 0;
}
