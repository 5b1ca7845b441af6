/* Integrity rules for image archives (DG-T001–T049): what the streaming
 * pass measured (digests, diff_ids, sizes, entry names) against what the
 * manifests and config claim. Subject: struct scan_trust — the archive as a
 * whole (image == NULL) or one image of it. */
#include "core/rule.h"
#include "image/scan.h"
#include "rules/tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOPOS ((struct dg_pos){NULL, 0, 0})

static const char *short_digest(const char *d, char buf[24])
{
    if (!d || !*d) return "(none)";
    snprintf(buf, 24, "%.19s", d);
    return buf;
}

/* "layer 2/5 (blobs/sha256/ab…)" */
static void layer_name(const struct iarchive_image *img, size_t i, char *buf, size_t n)
{
    char *esc = fs_path_escape(img->layers[i].path);
    snprintf(buf, n, "layer %zu/%zu (%s)", i + 1, img->nlayers, esc);
    free(esc);
}

/* Escaped member or entry name, shortened for one-line output. */
static char *show_name(const char *raw)
{
    char *esc = fs_path_escape(raw);
    size_t n = strlen(esc);
    if (n <= 160) return esc;
    char *s = dg_xasprintf("%.120s... (%zu bytes)", esc, n);
    free(esc);
    return s;
}

static void check_digest(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    char a[24], b[24], ln[512];
    if (!t->image) {
        /* Content-addressed members that are not used by any image still
         * must match their names. */
        for (size_t i = 0; i < t->contents->n; i++) {
            const struct iarchive_blob *bl = &t->contents->blobs[i];
            if (bl->referenced || bl->kind == AB_LINK || !dg_str_has_prefix(bl->path, "blobs/sha256/")) continue;
            if (strncmp(bl->digest + 7, bl->path + 13, 64) != 0 || strlen(bl->path + 13) != 64) {
                char *esc = fs_path_escape(bl->path);
                rule_emit(ctx, NOPOS, bl->digest, "%s: content hashes to %s, not the digest its name claims", esc,
                          short_digest(bl->digest, a));
                free(esc);
            }
        }
        return;
    }
    const struct iarchive_image *img = t->image;
    if (img->config && img->config_digest && strcmp(img->config->digest, img->config_digest) != 0)
        rule_emit(ctx, NOPOS, img->config->digest,
                  "config %s hashes to %s but the manifest names %s: the configuration was altered", img->config_path,
                  short_digest(img->config->digest, a), short_digest(img->config_digest, b));
    if (img->config && img->config_size >= 0 && (uint64_t)img->config_size != img->config->size)
        rule_emit(ctx, NOPOS, NULL, "config %s is %llu bytes but the manifest says %lld", img->config_path,
                  (unsigned long long)img->config->size, (long long)img->config_size);
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_layer_ref *l = &img->layers[i];
        if (!l->blob) continue;
        layer_name(img, i, ln, sizeof ln);
        if (l->digest && strcmp(l->blob->digest, l->digest) != 0)
            rule_emit(ctx, NOPOS, l->blob->digest, "%s hashes to %s but the manifest names %s: the layer was altered", ln,
                      short_digest(l->blob->digest, a), short_digest(l->digest, b));
        else if (l->size >= 0 && (uint64_t)l->size != l->blob->size)
            rule_emit(ctx, NOPOS, NULL, "%s is %llu bytes but the manifest says %lld", ln,
                      (unsigned long long)l->blob->size, (long long)l->size);
    }
}

static void check_diff_id(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    const struct iarchive_image *img = t->image;
    if (!img) return;
    char a[24], b[24], ln[512];
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_layer_ref *l = &img->layers[i];
        if (!l->blob || !l->diff_id || l->blob->kind != AB_LAYER || !l->blob->diff_id[0]) continue;
        if (strcmp(l->blob->diff_id, l->diff_id) != 0) {
            layer_name(img, i, ln, sizeof ln);
            rule_emit(ctx, NOPOS, l->blob->diff_id,
                      "%s: uncompressed content hashes to %s but the config's rootfs.diff_ids names %s", ln,
                      short_digest(l->blob->diff_id, a), short_digest(l->diff_id, b));
        }
    }
}

static void check_missing(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    const struct iarchive_image *img = t->image;
    if (!img) return;
    if (img->config_path && !img->config)
        rule_emit(ctx, NOPOS, NULL, "config %s is missing from the archive", img->config_path);
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_layer_ref *l = &img->layers[i];
        if (l->blob || !l->path[0]) continue;
        char *esc = fs_path_escape(l->path);
        rule_emit(ctx, NOPOS, NULL, "layer %zu/%zu (%s) is missing from the archive", i + 1, img->nlayers, esc);
        free(esc);
    }
}

static void check_unreferenced(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    if (t->image) return;
    /* Without a readable manifest nothing is referenced; DG-T005 says why. */
    if (t->index->n == 0 && t->index->problems.n) return;
    for (size_t i = 0; i < t->contents->n; i++) {
        const struct iarchive_blob *b = &t->contents->blobs[i];
        if (b->referenced || b->kind == AB_LINK) continue;
        char *esc = fs_path_escape(b->path);
        rule_emit(ctx, NOPOS, NULL, "%s (%llu bytes) is not referenced by any image manifest", esc,
                  (unsigned long long)b->size);
        free(esc);
    }
}

static void check_unreadable(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    if (!t->image) {
        for (size_t i = 0; i < t->index->problems.n; i++) rule_emit(ctx, NOPOS, NULL, "%s", t->index->problems.v[i]);
        return;
    }
    const struct iarchive_image *img = t->image;
    for (size_t i = 0; i < img->problems.n; i++) rule_emit(ctx, NOPOS, NULL, "%s", img->problems.v[i]);
    char ln[512];
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_blob *b = img->layers[i].blob;
        if (!b) continue;
        layer_name(img, i, ln, sizeof ln);
        if (b->error) rule_emit(ctx, NOPOS, NULL, "%s: %s", ln, b->error);
        else if (b->kind != AB_LAYER) rule_emit(ctx, NOPOS, NULL, "%s is not a tar layer", ln);
    }
}

static void check_layer_count(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    const struct iarchive_image *img = t->image;
    if (!img || img->ndiff_ids < 0) return;
    if ((size_t)img->ndiff_ids != img->nlayers)
        rule_emit(ctx, NOPOS, NULL, "the manifest lists %zu layers but the config's rootfs.diff_ids lists %ld",
                  img->nlayers, img->ndiff_ids);
}

/* Layer anomalies of one kind, each once per image. */
static void anomalies(struct rule_ctx *ctx, const void *subject, enum fs_anomaly_kind kind, const char *what)
{
    const struct scan_trust *t = subject;
    const struct iarchive_image *img = t->image;
    if (!img) return;
    char ln[512];
    for (size_t i = 0; i < img->nlayers; i++) {
        const struct iarchive_blob *b = img->layers[i].blob;
        if (!b || !b->layer) continue;
        const struct fs_layer *L = b->layer;
        layer_name(img, i, ln, sizeof ln);
        for (size_t k = 0; k < L->nanomalies; k++) {
            const struct fs_anomaly *a = &L->anomalies[k];
            if (a->kind != kind) continue;
            char *esc = show_name(a->path);
            char *det = a->detail ? show_name(a->detail) : NULL;
            rule_emit(ctx, NOPOS, esc, "%s: entry '%s' %s%s%s%s", ln, esc, what, det ? " (" : "", det ? det : "",
                      det ? ")" : "");
            free(esc);
            free(det);
        }
        if (L->dropped_anomalies && kind == FS_A_BAD_NAME)
            rule_emit(ctx, NOPOS, NULL, "%s: %zu more suspicious entries not listed", ln, L->dropped_anomalies);
    }
}

static void check_escape(struct rule_ctx *ctx, const void *s)
{
    anomalies(ctx, s, FS_A_ESCAPE, "climbs out of the image root with '..'; it was ignored");
}
static void check_absolute(struct rule_ctx *ctx, const void *s)
{
    anomalies(ctx, s, FS_A_ABSOLUTE, "has an absolute name; read relative to the image root");
}
static void check_link_escape(struct rule_ctx *ctx, const void *s)
{
    anomalies(ctx, s, FS_A_LINK_ESCAPE, "is a hardlink whose target leaves the image root");
}
static void check_duplicate(struct rule_ctx *ctx, const void *s)
{
    anomalies(ctx, s, FS_A_DUPLICATE, "appears more than once in the layer; the last copy wins");
}
static void check_bad_name(struct rule_ctx *ctx, const void *s)
{
    anomalies(ctx, s, FS_A_BAD_NAME, "has an unusable name; it was ignored");
}

static void check_outer_escape(struct rule_ctx *ctx, const void *subject)
{
    const struct scan_trust *t = subject;
    if (t->image) return;
    for (size_t i = 0; i < t->contents->outer_anomalies.n; i++)
        rule_emit(ctx, NOPOS, NULL, "archive member %s", t->contents->outer_anomalies.v[i]);
}

static const struct rule_def rules[] = {
    {"DG-T001", "Archive blob does not match its digest", DG_SEV_CRITICAL, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "A content-addressed blob (layer, config or manifest) whose bytes do not hash to the digest the manifest or "
     "its own name claims has been altered after the image was built, by tampering or corruption. The engine "
     "would refuse to load it; anything built on it cannot be trusted.",
     "Do not use the archive. Export the image again from a trusted registry or build (`docker save`), and compare "
     "digests with the registry's (`docker buildx imagetools inspect IMAGE`).",
     check_digest},
    {"DG-T002", "Layer content does not match the config's diff_id", DG_SEV_CRITICAL, DG_MODEL_TRUST, NULL, NULL,
     NULL, NULL,
     "The config lists the SHA-256 of every uncompressed layer (rootfs.diff_ids); the image ID is the hash of "
     "that config. A layer whose uncompressed tar hashes differently was changed after the image was built.",
     "Do not use the archive; rebuild or re-pull the image and save it again.", check_diff_id},
    {"DG-T003", "Blob named by the manifest is missing", DG_SEV_HIGH, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "A layer or config that the manifest references is absent, so the archive cannot be loaded as it claims and "
     "what would run cannot be verified.",
     "Save the image again with `docker save IMAGE -o image.tar` and make sure the transfer was complete.",
     check_missing},
    {"DG-T004", "Archive member not referenced by any image", DG_SEV_LOW, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "Members that no manifest uses are ignored by the engine but travel with the image; they can hide data "
     "(or a payload for a modified loader) from reviews that only look at the manifest.",
     "Produce archives with `docker save` or a registry client only; remove stray files before distributing.",
     check_unreferenced},
    {"DG-T005", "Manifest, config or layer cannot be read", DG_SEV_HIGH, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "A manifest, index, config or layer that is not valid JSON or a readable tar (truncated, corrupt, oversized) "
     "cannot be verified; tools disagree on how to read it, which is how malformed archives hide content.",
     "Export the image again; if the archive came from elsewhere, treat it as untrusted.", check_unreadable},
    {"DG-T006", "Manifest and config disagree on the number of layers", DG_SEV_CRITICAL, DG_MODEL_TRUST, NULL, NULL,
     NULL, NULL,
     "The layers the manifest ships and the diff_ids the config commits to must pair up one to one. A mismatch "
     "means layers were added or dropped after the image was built.",
     "Do not use the archive; export the image again from a trusted source.", check_layer_count},
    {"DG-T007", "Layer entry climbs out of the image root", DG_SEV_HIGH, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "A tar entry whose name contains '..' tries to write outside the folder the layer is unpacked into "
     "(path traversal); such layers are crafted, never produced by a build.",
     "Do not load the image; rebuild it from its Dockerfile.", check_escape},
    {"DG-T008", "Layer entry has an absolute name", DG_SEV_MEDIUM, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "Build tools write relative names; an absolute name is read relative to the root by the engine but may be "
     "written to the host by a naive extractor.",
     "Rebuild the image with standard tooling; never unpack layers with a plain `tar -P`.", check_absolute},
    {"DG-T009", "Hardlink target leaves the image root", DG_SEV_HIGH, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "A hardlink to '../…' or an empty target can make an extractor link or overwrite files outside the layer.",
     "Do not load the image; rebuild it from its Dockerfile.", check_link_escape},
    {"DG-T010", "Same path twice in one layer", DG_SEV_MEDIUM, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "When a layer holds two entries with one name, the last one wins on extraction while a reviewer or scanner "
     "that stops at the first sees different content; it is a known way to smuggle files past scanners.",
     "Rebuild the layer with standard tooling.", check_duplicate},
    {"DG-T011", "Layer entry with an unusable name", DG_SEV_MEDIUM, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "Entries with empty, over-long or absurdly deep names cannot be unpacked faithfully and exist to confuse "
     "tools that read the layer.",
     "Rebuild the image with standard tooling.", check_bad_name},
    {"DG-T012", "Archive member climbs out of the archive root", DG_SEV_HIGH, DG_MODEL_TRUST, NULL, NULL, NULL, NULL,
     "An image archive member (or a link between members) named with '..' or an absolute path would be written "
     "outside the target folder by a tool that extracts the archive.",
     "Do not extract or load the archive; export the image again.", check_outer_escape},
};

const struct rule_table rules_trust_table = {rules, sizeof rules / sizeof rules[0]};
