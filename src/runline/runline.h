/* `docker run` / `docker create` / `podman run` command lines found in
 * shell scripts, Makefiles, CI files, Jenkinsfiles and Markdown, parsed the
 * way the Docker CLI parses its arguments and mapped into container_spec.
 * Nothing found is executed; $VAR and $(...) words stay as references. */
#ifndef DG_RUNLINE_RUNLINE_H
#define DG_RUNLINE_RUNLINE_H

#include <stddef.h>
#include "core/error.h"
#include "model/container_spec.h"

/* Bounds against hostile input. */
#define RUNLINE_MAX_WORDS 4096
#define RUNLINE_MAX_COMMANDS 100000

/* Called once per run/create command with a filled spec (owned by the
 * scanner, freed after the call; cs_normalize() not yet applied). line is
 * where the command word is. Return non-zero to stop the scan. */
typedef int (*runline_fn)(void *ud, struct container_spec *spec, int line);

/* Scans text (file names positions; it must outlive the findings' use of
 * it). Returns the number of commands found, or a negative dg_error code
 * with "file:line: what is wrong" (unterminated quote, too many words). */
int runline_scan(const char *file, const char *text, size_t len, runline_fn fn, void *ud, struct dg_error *err);

/* Parses one argument vector starting after `run`/`create` into spec.
 * Positions come from lines/cols (may be NULL: line 0). Returns 0, or 1
 * when no image was named (e.g. `docker run --help`). */
int runline_parse_args(const char *file, char *const *argv, const int *lines, const int *cols, size_t argc,
                       struct container_spec *spec);

/* True when text contains something that looks like a run/create command. */
int runline_wanted(const char *text, size_t len);

#endif
