/* Matching the members of a read archive to images: docker save's
 * manifest.json (classic and OCI-in-save layouts) and OCI index.json /
 * image manifests, with the expected digests each names; and turning an
 * image's config blob into an image_spec. Integrity facts recorded here
 * are judged by rules_trust.c. */
#ifndef DG_IMAGE_ARCHIVE_MANIFEST_H
#define DG_IMAGE_ARCHIVE_MANIFEST_H

#include <stddef.h>
#include "core/util.h"
#include "image/archive.h"

struct image_spec;
struct dg_error;

struct iarchive_layer_ref {
    char *path;                 /* member path the manifest names */
    char *digest;               /* expected blob digest, or NULL when the layout names none */
    int64_t size;               /* expected blob size from a descriptor, or -1 */
    char *diff_id;              /* expected diff_id from the config, or NULL */
    char *created_by;           /* history line of the layer, or NULL */
    struct iarchive_blob *blob;  /* NULL when the archive lacks it */
};

struct iarchive_image {
    char *ref;                  /* first tag, ref annotation, or short config digest */
    struct dg_strv tags;
    char *manifest_path;        /* "manifest.json" or "blobs/sha256/…" of the OCI manifest */
    char *config_path;
    char *config_digest;        /* expected, or NULL */
    int64_t config_size;        /* expected, or -1 */
    struct iarchive_blob *config;
    struct iarchive_layer_ref *layers;
    size_t nlayers;
    long ndiff_ids;             /* diff_ids the config lists; -1 when the config is unreadable */
    struct dg_strv problems;    /* documents of this image that could not be read: "what: why" */
};

struct iarchive_index {
    struct iarchive_image *images;
    size_t n;
    struct dg_strv problems;    /* archive-level documents that could not be read */
    const char *layout;         /* "docker-save", "docker-save+oci", "oci" */
};

/* Builds the image list. Returns 0, or DG_ERR_PARSE with err set when the
 * archive holds neither manifest.json nor index.json (not an image). */
int iarchive_resolve(struct iarchive_contents *c, const char *name, struct iarchive_index *out, struct dg_error *err);
void iarchive_index_free(struct iarchive_index *x);

/* True when NAME selects img: a tag ("repo:tag", "repo" meaning ":latest"),
 * the ref, or a prefix of the config digest ("sha256:abc…" or "abc…"). */
bool iarchive_image_matches(const struct iarchive_image *img, const char *name);

/* Fills spec from the image's config blob (ref, id, user, env, ports,
 * healthcheck, entrypoint, cmd, labels, history...). Returns 0 or -1 when the
 * config is missing or unreadable. file is the archive path for positions
 * (borrowed: must outlive the spec's use). */
int iarchive_image_spec(const struct iarchive_image *img, const char *file, struct image_spec *spec,
                       struct dg_error *err);

#endif
