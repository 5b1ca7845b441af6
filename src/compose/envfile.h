/* KEY=VALUE files: the `.env` file beside a compose file (used for
 * interpolation) and the files named by `env_file:` (literal container
 * environment), plus `${VAR}` interpolation as compose does it. */
#ifndef DG_COMPOSE_ENVFILE_H
#define DG_COMPOSE_ENVFILE_H

#include <stdbool.h>
#include <stddef.h>

struct dg_error;
struct dg_buf;

#define ENVFILE_MAX_BYTES   (1u << 20)
#define ENVFILE_MAX_ENTRIES 10000
#define INTERP_MAX_DEPTH    8

struct envfile_entry {
    char *key;
    char *value;   /* NULL for a bare `KEY` line (taken from the environment) */
    int line;
};

struct envfile {
    struct envfile_entry *v;
    size_t n, cap;
};

/* Parses text: `KEY=VALUE`, `export KEY=VALUE`, `KEY` alone, `# comments`,
 * blank lines; values unquoted (trailing ` # comment` dropped, trimmed),
 * 'single-quoted' (literal) or "double-quoted" (\n \t \" \\ escapes, may span
 * lines). Errors name file:line. */
int envfile_parse(const char *text, size_t len, const char *file, struct envfile *out, struct dg_error *err);
void envfile_free(struct envfile *e);
/* Last entry with that key, or NULL. */
const struct envfile_entry *envfile_get(const struct envfile *e, const char *key, size_t keylen);

/* Where a variable's value came from. */
enum interp_source { INTERP_UNSET = 0, INTERP_PROCESS, INTERP_DOTENV };

/* Looks up a variable: returns its value (borrowed) or NULL, and its source. */
typedef const char *(*interp_lookup_fn)(void *ud, const char *name, size_t len, enum interp_source *src,
                                        int *dotenv_line);
/* Called for each variable reference met while interpolating: name, where its
 * value came from, and a literal default/alternative written in the text
 * (NULL when none). */
typedef void (*interp_ref_fn)(void *ud, const char *name, size_t len, enum interp_source src, int dotenv_line,
                              const char *literal, size_t literal_len);

/* Interpolates s into out: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e},
 * ${VAR?e}, ${VAR:+a}, ${VAR+a}; defaults may nest. Returns 0, or -1 with
 * err = "file:line: ..." for a required unset variable or a malformed
 * reference. *used_var says whether any reference was met. */
int interp_expand(const char *s, size_t len, interp_lookup_fn lookup, void *lud, interp_ref_fn on_ref, void *rud,
                  struct dg_buf *out, bool *used_var, const char *file, int line, struct dg_error *err);

#endif
