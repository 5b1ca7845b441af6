/* The lint sources: each parses one kind of file into its models and runs
 * the rules of those models. cmd_lint.c finds files and dispatches here. */
#ifndef DG_CLI_LINT_SOURCES_H
#define DG_CLI_LINT_SOURCES_H

#include <stddef.h>
#include "core/batchio.h"
#include "core/config.h"
#include "core/dirlist.h"
#include "core/error.h"
#include "core/finding.h"

/* A Dockerfile, with its build context folder (for .dockerignore and the
 * files a COPY would send); context_dir may be NULL = the file's folder.
 * dir, when not NULL, is the listing of the Dockerfile's folder (which is
 * then the context): it answers which ignore files exist and what the
 * context's top level holds without reading the folder again. ra, when not
 * NULL, holds files already read (see lint_dockerfile_plan). */
int lint_dockerfile(const char *path, const char *context_dir, const struct dg_dirlist *dir, struct dg_readahead *ra,
                    struct dg_report *r, const struct dg_config *cfg, struct dg_error *err);
/* The files lint_dockerfile() will read for these arguments, as items for
 * a batch read (at most LINT_DOCKERFILE_READS); returns how many. Only
 * files the listing shows as regular files are named. */
#define LINT_DOCKERFILE_READS 3
size_t lint_dockerfile_plan(const char *path, const char *context_dir, const struct dg_dirlist *dir,
                            struct dg_batch_item *out);
/* One compose project: files merged in order (base, then overrides). */
int lint_compose(const char *const *paths, size_t npaths, struct dg_report *r,
                 const struct dg_config *cfg, struct dg_error *err);
/* A shell script, Makefile, CI file or Markdown file: its docker run lines. */
int lint_script(const char *path, struct dg_report *r, const struct dg_config *cfg, struct dg_error *err);
/* True when a file's text contains a docker/podman run or create command. */
int lint_script_wanted(const char *text, size_t len);

#endif
