/* archive: reads an image archive in one streaming pass — a `docker save`
 * tarball (classic or OCI-in-save layout), an OCI image layout (folder or
 * tar), from a file, stdin or any byte stream — without extracting
 * anything to disk and without holding a layer in memory.
 *
 * Every member is hashed (SHA-256) as it streams by. Small JSON members
 * (manifests, indexes, configs) are kept; layer blobs are walked through a
 * nested libarchive reader fed by the outer member's bytes, so one pass
 * decompresses, hashes both the blob (compressed bytes) and the diff_id
 * (uncompressed tar bytes) and records every inner entry into an fs_layer.
 * Members may come in any order; blobs are keyed by path and digest and
 * matched to manifests after the pass (archive_manifest.c). */
#ifndef DG_IMAGE_ARCHIVE_H
#define DG_IMAGE_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/util.h"
#include "image/fs.h"

struct dg_error;

/* Bounds that keep a hostile archive finite. Exceeding one is an error. */
struct iarchive_limits {
    size_t json_max;             /* one JSON member kept in memory */
    size_t json_total_max;       /* all JSON members together */
    size_t outer_entries_max;    /* members of the outer archive */
    size_t layer_entries_max;    /* entries of one layer */
    size_t total_entries_max;    /* entries of all layers */
    size_t names_total_max;      /* bytes of entry names (and link targets) of all layers */
    uint64_t uncompressed_max;   /* total uncompressed layer bytes */
    uint64_t ratio_max;          /* uncompressed/compressed for one layer ... */
    uint64_t ratio_floor;        /* ... once it is past this many bytes */
    size_t path_max;             /* bytes in an entry name */
    size_t depth_max;            /* components in an entry name */
};
void iarchive_limits_default(struct iarchive_limits *l);

enum iarchive_blob_kind {
    AB_OTHER = 0,   /* hashed only */
    AB_JSON,        /* kept in memory (json/json_len) */
    AB_LAYER,       /* walked as a tar into layer */
    AB_LINK         /* a symlink or hardlink member pointing at another member */
};

struct iarchive_blob {
    char *path;                /* normalised member path: "blobs/sha256/ab…", "<id>/layer.tar" */
    char *link;                /* AB_LINK: normalised target member path */
    uint64_t size;             /* bytes of the member */
    char digest[72];           /* "sha256:<hex>" of the member's bytes */
    char diff_id[72];          /* AB_LAYER: "sha256:<hex>" of the uncompressed tar; "" if unknown */
    enum iarchive_blob_kind kind;
    const char *compression;   /* AB_LAYER: "none", "gzip", "zstd", "bzip2", "xz", ... (static) */
    char *json;                /* AB_JSON: NUL-terminated content, owned */
    size_t json_len;
    struct fs_layer *layer;    /* AB_LAYER, owned */
    uint64_t uncompressed;     /* AB_LAYER: tar bytes */
    char *error;               /* why the member could not be read as what it claims, owned */
    bool referenced;           /* set by the manifest resolver */
};

struct iarchive_contents {
    struct iarchive_blob *blobs;
    size_t n, cap;
    struct fs_arena arena;         /* entry paths of all layers */
    size_t total_entries;
    uint64_t total_uncompressed;
    uint64_t bytes_read;           /* outer bytes consumed */
    size_t json_total;
    struct dg_strv outer_anomalies; /* outer member names that escape the root, escaped for output */
    bool is_folder;                 /* read from an OCI layout folder */
};

/* What the caller wants to see of layer content. want() is asked for every
 * regular file of every layer with its normalised path and size and returns
 * how many leading bytes to hand to content() (0 = none). */
struct iarchive_hooks {
    size_t (*want)(void *ud, const char *path, uint64_t size);
    void (*content)(void *ud, struct fs_layer *layer, struct fs_entry *e, const char *buf, size_t len);
    /* Optional: after the first block (up to 4 KiB) of a longer read, says
     * whether the rest is still wanted (false for binaries, say). */
    bool (*more)(void *ud, const char *path, const char *buf, size_t len);
    /* Called now and then with bytes consumed and the total (0 = unknown). */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *ud;
};

/* A byte source for iarchive_read_callback: fills *buf and returns its
 * length, 0 at the end, or -1 on error (with a message in err). */
typedef ssize_t (*iarchive_source_fn)(void *ud, const void **buf, struct dg_error *err);

/* Reads an archive file ("-" = stdin) or an OCI layout folder. name is used
 * in messages. Returns 0, or a negative dg error code with err set when the
 * archive cannot be read at all or a bound is exceeded. */
int iarchive_read_path(const char *path, const struct iarchive_limits *lim, const struct iarchive_hooks *hooks,
                      struct iarchive_contents *out, struct dg_error *err);
/* Same from a byte stream (e.g. an Engine API response); total may be 0. */
int iarchive_read_callback(const char *name, iarchive_source_fn src, void *src_ud, uint64_t total,
                          const struct iarchive_limits *lim, const struct iarchive_hooks *hooks,
                          struct iarchive_contents *out, struct dg_error *err);

void iarchive_contents_free(struct iarchive_contents *c);
/* Finds a member by normalised path, following AB_LINK members (bounded). */
struct iarchive_blob *iarchive_find(struct iarchive_contents *c, const char *path);
/* Finds a member by digest ("sha256:<hex>"): blobs/sha256/<hex>, or any member with that digest. */
struct iarchive_blob *iarchive_find_digest(struct iarchive_contents *c, const char *digest);

#endif
