/* Image references ("registry/ns/name:tag@sha256:…") and the questions every
 * model asks of them: is it pinned to a tag, to a digest, does it come from
 * a trusted source, is it a minimal image. Shared by the Dockerfile FROM
 * rules, compose `image:` and `docker run IMAGE` rules so that the answers
 * are the same everywhere. Pure functions, no I/O. */
#ifndef DG_RULES_IMAGEREF_H
#define DG_RULES_IMAGEREF_H

#include <stdbool.h>

struct dg_config;

struct imageref {
    char *registry;   /* "ghcr.io", "localhost:5000"; NULL for Docker Hub */
    char *path;       /* repository path without registry: "nginx", "library/nginx", "acme/app" */
    char *name;       /* last path component: "nginx", "app" */
    char *tag;        /* NULL when absent */
    char *digest;     /* "sha256:…" when present, else NULL */
    bool has_var;     /* contains an unexpanded $VAR / ${VAR}: cannot be judged */
    bool scratch;     /* the empty "scratch" image */
};

/* Splits ref into its parts. Returns 0, or -1 when ref is empty or malformed
 * (spaces, empty components, a digest without an algorithm); out is then
 * zeroed and needs no free. */
int imageref_parse(const char *ref, struct imageref *out);
void imageref_free(struct imageref *r);

/* Pinned by content digest (@sha256:…). */
bool imageref_is_pinned(const struct imageref *r);
/* Neither a tag nor a digest, or the tag "latest" without a digest: the
 * image changes under the same reference. */
bool imageref_is_unpinned_tag(const struct imageref *r);
/* Docker Hub official image (no namespace or library/). */
bool imageref_is_official(const struct imageref *r);
/* Official, scratch, or allowed by the config's trusted registries/images
 * (cfg may be NULL: only official images and scratch are trusted). */
bool imageref_is_trusted(const struct imageref *r, const struct dg_config *cfg);
/* When the reference is a full general-purpose distribution or language
 * image that has a much smaller variant, returns a short suggestion
 * ("debian:bookworm-slim, distroless or scratch"); NULL when the image is
 * minimal or unknown. */
const char *imageref_minimal_hint(const struct imageref *r);

/* The reference without tag or digest, registry included ("ghcr.io/a/b"),
 * freshly allocated. */
char *imageref_repository(const struct imageref *r);

#endif
