/* fs: the filesystem of an image, as its layers ship it and as a container
 * sees it. Layers are recorded entry by entry while an archive is streamed
 * (metadata only, never content); fs_build() then applies them in order
 * with whiteouts (`.wh.NAME`) and opaque folders (`.wh..wh..opq`) to decide,
 * for every entry of every layer, whether it is in the final filesystem or
 * which later layer hid it. Content facts that rules need (private key
 * header, credential shapes, secret matches) are gathered during the pass
 * because content is not kept. Checked by rules_fs.c and rules_secrets.c. */
#ifndef DG_IMAGE_FS_H
#define DG_IMAGE_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fs_type {
    FS_REG = 0,
    FS_DIR,
    FS_SYMLINK,
    FS_HARDLINK,
    FS_CHR,
    FS_BLK,
    FS_FIFO,
    FS_SOCK,
    FS_WHITEOUT,   /* `.wh.NAME`: removes NAME of lower layers; path is NAME's path */
    FS_OPAQUE      /* `.wh..wh..opq`: hides lower layers' content of the folder; path is the folder */
};

/* Facts about a file's content, found while streaming it. */
enum fs_content_flag {
    FS_C_PRIVATE_KEY   = 1u << 0,  /* starts with a PEM "-----BEGIN ... PRIVATE KEY-----" */
    FS_C_NPM_TOKEN     = 1u << 1,  /* .npmrc with an _authToken / _auth / _password value */
    FS_C_DOCKER_AUTH   = 1u << 2,  /* docker config.json whose "auths" entries hold "auth" */
    FS_C_KUBE_CRED     = 1u << 3,  /* kubeconfig with a token, password or client key */
    FS_C_AWS_SECRET    = 1u << 4,  /* aws credentials with aws_secret_access_key */
    FS_C_NETRC_PASS    = 1u << 5,  /* netrc with a password */
    FS_C_NONEMPTY_TEXT = 1u << 6,  /* has at least one non-blank, non-comment line */
    FS_C_BINARY        = 1u << 7,  /* NUL byte in the first block */
    FS_C_SHADOW_EMPTY  = 1u << 8,  /* /etc/shadow with an account whose password field is empty */
    FS_C_PYPI_PASS     = 1u << 9   /* .pypirc with a password */
};

struct fs_entry {
    const char *path;     /* normalised: no leading "/" or "./", no "..", "" never used */
    const char *link;     /* symlink target (as written) or hardlink target (normalised); NULL */
    uint64_t size;
    uint32_t mode;        /* permission bits incl. setuid/setgid/sticky (07777) */
    uint32_t uid, gid;
    uint32_t index;       /* position in the layer's tar */
    uint16_t content;     /* enum fs_content_flag bits */
    /* Filled by fs_build for the image it builds: */
    int16_t hidden_by;    /* -1: visible (or a merged folder); else the first later layer that
                           * removed or replaced it */
    uint8_t type;         /* enum fs_type */
    bool final;           /* this entry is what the final filesystem shows at path */
};

/* A secret found in a file's content (secrets_scan_text). */
struct fs_secret {
    const char *path;     /* entry path (arena string) */
    const char *kind;     /* static, from core/secrets.h */
    const char *id;       /* static */
    char *evidence;       /* redacted excerpt, owned */
    int line;
    uint32_t entry;       /* index of the entry in its layer */
};

/* One layer as streamed: its entries in tar order and what was found in
 * its content. Shared between images of one archive that use the blob. */
struct fs_layer {
    struct fs_entry *entries;
    size_t n, cap;
    struct fs_secret *secrets;
    size_t nsecrets, cap_secrets;
    /* Anomalies found while reading (paths that escape, link tricks...):
     * reported by the trust rules. */
    struct fs_anomaly *anomalies;
    size_t nanomalies, cap_anomalies;
    size_t dropped_anomalies;   /* beyond the recording bound */
};

enum fs_anomaly_kind {
    FS_A_ESCAPE = 0,      /* ".." component: entry ignored */
    FS_A_ABSOLUTE,        /* absolute name: read relative to the root, as the engine does */
    FS_A_LINK_ESCAPE,     /* hardlink target outside the layer root */
    FS_A_DUPLICATE,       /* the same path twice in one layer: the last copy wins */
    FS_A_BAD_NAME         /* missing, too long or too deep name: entry ignored */
};

struct fs_anomaly {
    uint8_t kind;         /* enum fs_anomaly_kind */
    char *path;           /* as written in the tar (raw bytes), owned */
    char *detail;         /* link target etc., owned, may be NULL */
};

/* Layers an image may have (the engine allows 127; OCI images a few hundred). */
#define FS_MAX_LAYERS 1000

/* An image's view: its layers in order (borrowed), plus identification. */
struct fs_image {
    struct fs_layer **layers;    /* borrowed; index = layer position, bottom first */
    char **layer_digest;         /* "sha256:..." per layer (borrowed) */
    char **layer_created_by;     /* history line per layer or NULL (borrowed) */
    size_t nlayers;
    const char *file;            /* archive path, for findings */
    /* Built by fs_build: final entries sorted by path. */
    struct fs_entry **final;
    size_t nfinal;
};

/* String arena for entry paths: many small strings, one free. */
struct fs_arena {
    struct fs_arena_chunk *head;
    size_t used_total;
};
const char *fs_arena_strdup(struct fs_arena *a, const char *s, size_t n);
void fs_arena_free(struct fs_arena *a);

void fs_layer_free(struct fs_layer *l);
struct fs_entry *fs_layer_add(struct fs_layer *l);
void fs_layer_add_anomaly(struct fs_layer *l, enum fs_anomaly_kind kind, const char *path, const char *detail);

/* Normalises a tar member name: strips "./" and leading "/", collapses "//",
 * drops "." components and a trailing "/". Returns the length written to out
 * (which holds at least strlen(name)+1 bytes; 0 for the root itself), or -1
 * when a ".." component would leave the root. Absolute names are
 * normalised and flagged in *absolute. */
int fs_path_normalize(const char *name, char *out, bool *absolute);

/* Applies the layers of img in order and marks every entry: final /
 * hidden_by. Fills img->final. Returns 0, or -1 when a bound is exceeded
 * (too many paths). Calling it again rebuilds (entries are shared between
 * images, so build one image at a time and run its rules before the next). */
int fs_build(struct fs_image *img);
void fs_image_clear(struct fs_image *img); /* frees what fs_build made */

/* Final entry at path (normalised, no leading "/"), or NULL. */
const struct fs_entry *fs_lookup(const struct fs_image *img, const char *path);

/* "layer 3/7 (sha256:0123456789ab)" into buf. */
const char *fs_layer_label(const struct fs_image *img, size_t layer, char *buf, size_t n);

/* Where entry e of layer li is, for messages: "in layer 2/3 (sha256:…)", or
 * "still shipped in layer 2/3 (…), hidden by layer 3/3 (…)" after fs_build. */
void fs_where(const struct fs_image *img, size_t li, const struct fs_entry *e, char *buf, size_t n);

/* The entry of layer l whose tar position is index, or NULL. */
const struct fs_entry *fs_layer_find(const struct fs_layer *l, uint32_t index);

/* Escapes a path for output: control characters and bytes that are not
 * valid UTF-8 become \xNN. Returns an allocated string. */
char *fs_path_escape(const char *path);

/* Content facts of a file from its first bytes (buf[0..len), which may be a
 * prefix of the file). path is normalised. */
uint32_t fs_content_classify(const char *path, const char *buf, size_t len);
/* True when the file's content is worth reading for fs_content_classify
 * beyond the first block (credential files by name). */
bool fs_content_wanted(const char *path);

#endif
