/* scan: the image-archive pass behind `dockguard scan`. Reads the archive
 * once (archive.c) while content consumers look at each file's first bytes
 * (content classifier, secrets scanner, package databases), then for each
 * image: integrity (rules_trust.c), config (rules_image.c), the final
 * filesystem (fs.c → rules_fs.c, rules_secrets.c). */
#ifndef DG_IMAGE_SCAN_H
#define DG_IMAGE_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include "image/archive.h"
#include "image/archive_manifest.h"
#include "image/pkgdb.h"
#include "model/packages.h"

struct dg_report;
struct dg_config;
struct dg_error;

/* Bytes of one file handed to the secrets scanner, and files it skips. */
#define SCAN_SECRETS_MAX (1u << 20)
#define SCAN_SECRETS_PER_LAYER 1000

struct scan_options {
    const char *image;     /* --image NAME: only images that match; NULL = all */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
    struct iarchive_limits limits;
};
void scan_options_init(struct scan_options *o);

/* A package database or os-release file seen in a layer while streaming. */
struct scan_pkgdb {
    const struct fs_layer *layer;
    uint32_t entry;              /* tar position of the file in its layer */
    enum pkgdb_kind kind;
    struct pkg_inventory inv;    /* what it lists (os for os-release) */
    char *error;                 /* why it could not be read, owned; NULL when fine */
};

/* The inventory of one checked image: the databases of its FINAL
 * filesystem (a database replaced by a later layer is the later one). */
struct scan_inventory {
    char *image;                 /* image reference */
    struct pkg_inventory inv;
    struct dg_strv errors;       /* databases that could not be read */
};

struct scan {
    struct scan_options opts;
    char *name;                      /* archive path or "daemon:NAME", for findings */
    struct iarchive_contents contents;
    struct iarchive_index index;
    bool read_ok;
    struct scan_pkgdb *pkgdbs;
    size_t npkgdbs, cap_pkgdbs;
    struct scan_inventory *inventories;   /* one per image checked by scan_check */
    size_t ninventories;
};

void scan_init(struct scan *s, const struct scan_options *o);
void scan_free(struct scan *s);

/* Reads an archive file, "-" (stdin) or an OCI layout folder; or a byte
 * stream. Returns 0, or a negative DG_ERR_* with err set (exit 2). */
int scan_read_path(struct scan *s, const char *path, struct dg_error *err);
int scan_read_stream(struct scan *s, const char *name, iarchive_source_fn src, void *ud, uint64_t total,
                     struct dg_error *err);

/* Runs every check on every selected image, emitting findings into r.
 * Returns 0, or DG_ERR_NOTFOUND when --image matched nothing. */
int scan_check(struct scan *s, struct dg_report *r, const struct dg_config *cfg, struct dg_error *err);

/* Scans buf (the first len bytes of e) for secrets; matches go to layer. */
void scan_secrets_file(struct fs_layer *layer, struct fs_entry *e, const char *buf, size_t len);

/* What the trust rules look at: the archive (image == NULL) or one image. */
struct scan_trust {
    const struct iarchive_contents *contents;
    const struct iarchive_index *index;
    const struct iarchive_image *image;
    const char *name;
};

/* Builds the fs view of one image (layers in order, borrowed from s).
 * Caller frees with scan_fs_free. */
void scan_fs_image(struct scan *s, const struct iarchive_image *img, struct fs_image *fs);
void scan_fs_free(struct fs_image *fs);

#endif
