/* .dockerignore: patterns with Docker's semantics (`*`, `?`, `[...]`, `**`,
 * `!` exceptions, last match wins, a match on a parent folder excludes
 * everything below it). */
#ifndef DG_DOCKERIGNORE_H
#define DG_DOCKERIGNORE_H

#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"

#define DOCKERIGNORE_MAX_BYTES (1u << 20)
#define DOCKERIGNORE_MAX_PATTERNS 10000
#define DOCKERIGNORE_MAX_PATTERN 4096

struct dockerignore;

int dockerignore_parse(const char *path, const char *text, size_t len, struct dockerignore **out,
                       struct dg_error *err);
/* relpath is relative to the build context ("src/app.py", "./.env" and
 * "/.env" are cleaned). */
bool dockerignore_excluded(const struct dockerignore *d, const char *relpath);
size_t dockerignore_count(const struct dockerignore *d);
void dockerignore_free(struct dockerignore *d);

#endif
