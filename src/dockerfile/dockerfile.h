/* Dockerfile parser: text -> struct build (src/model/build.h), and the
 * image_spec that the final stage produces. */
#ifndef DG_DOCKERFILE_H
#define DG_DOCKERFILE_H

#include <stddef.h>
#include "core/error.h"
#include "model/build.h"
#include "model/image_spec.h"

/* Bounds that keep hostile input finite. */
#define DOCKERFILE_MAX_BYTES (4u << 20)
#define DOCKERFILE_MAX_INSTRS 100000
#define DOCKERFILE_MAX_HEREDOCS 64
#define DOCKERFILE_MAX_EXPAND (64u << 10)

/* Parses text (len bytes, need not be NUL-terminated) into out, which the
 * caller frees with build_free(). path names the file in errors. */
int dockerfile_parse(const char *path, const char *text, size_t len, struct build *out, struct dg_error *err);

/* Fills out (initialised here) with the configuration the final stage gives
 * the image, following the chain of stages it builds on. out->build = b. */
int dockerfile_image_spec(const struct build *b, struct image_spec *out);

/* Lists b->context_dir's regular files into b->context_files when an
 * instruction copies the whole context (else does nothing); dir, when not
 * NULL, is the context folder's listing already made by the caller. An
 * unreadable context folder leaves context_listed false; bounds and
 * unreadable subfolders set context_truncated. */
struct dg_dirlist;
void dockerfile_list_context(struct build *b, const struct dg_dirlist *dir);

/* Expands $V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w} using vars (later
 * entries win); escape before '$' keeps it literal. Returns an allocated
 * string; unknown variables expand to "". */
char *dockerfile_expand(const char *s, const struct df_kv *vars, size_t nvars, char escape);

#endif
