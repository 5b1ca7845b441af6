/* A bounded YAML tree for compose files: built from libyaml events with
 * limits on size, nesting, node count and alias expansion, every node
 * remembering its file and line. Aliases share the anchored node (the tree
 * is a DAG and is never mutated after parsing), `<<` merge keys are resolved
 * while building, and scalar values are interpolated through a callback.
 * All memory lives in one arena owned by the caller. */
#ifndef DG_COMPOSE_YTREE_H
#define DG_COMPOSE_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dg_error;

enum ytype { Y_SCALAR = 0, Y_SEQ, Y_MAP };

struct ynode;
struct ypair {
    struct ynode *k;   /* always a scalar */
    struct ynode *v;
};

struct ynode {
    enum ytype type;
    bool plain;          /* plain (unquoted) scalar: may mean null, a number or a bool */
    bool interpolated;   /* the value contained a ${VAR}/$VAR reference */
    const char *file;    /* borrowed: owned by whoever owns the arena's file list */
    int line, col;
    const char *tag;     /* explicit local tag such as "!reset", or NULL */
    char *s;             /* scalar value after interpolation (NUL-terminated) */
    size_t len;
    char *raw;           /* scalar as written; equals s when nothing was interpolated */
    struct ynode **items;/* sequence items */
    struct ypair *pairs; /* mapping pairs, merge keys already applied */
    size_t n;
    uint64_t weight;     /* nodes in the expanded subtree (saturating) */
};

/* Arena: every node and string of a project. */
struct yarena {
    struct ychunk *head;
    size_t used;         /* bytes handed out, for limits */
};
void *ya_alloc(struct yarena *a, size_t n);
char *ya_strndup(struct yarena *a, const char *s, size_t n);
char *ya_strdup(struct yarena *a, const char *s);
void ya_free(struct yarena *a);

/* Limits for one YAML file. */
#define YT_MAX_BYTES     (8u << 20)
#define YT_MAX_DEPTH     64
#define YT_MAX_NODES     250000
#define YT_MAX_ALIASES   10000
#define YT_MAX_ANCHORS   10000
#define YT_MAX_EXPANDED  1000000u
#define YT_MAX_SCALAR    (1u << 20)
#define YT_MAX_DOCS      16

/* Interpolates one scalar value. Returns 0 and sets *out (arena string or
 * NULL when unchanged) and *used_var, or -1 with err set (file:line given). */
typedef int (*yt_interp_fn)(void *ud, const char *s, size_t len, const char *file, int line, char **out,
                            size_t *outlen, bool *used_var, struct dg_error *err);

/* Parses text into documents (roots[] in the arena, *ndocs set). file is
 * borrowed for node positions and error messages. interp may be NULL. */
int ytree_parse(struct yarena *a, const char *file, const char *text, size_t len, yt_interp_fn interp, void *ud,
                struct ynode ***roots, size_t *ndocs, struct dg_error *err);

/* Helpers. */
struct ynode *ymap_get(const struct ynode *map, const char *key);
struct ypair *ymap_pair(const struct ynode *map, const char *key);
bool ynode_is_null(const struct ynode *n);
const char *ytype_name(const struct ynode *n);

#endif
