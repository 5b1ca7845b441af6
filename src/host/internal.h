/* Helpers shared inside src/host/: reading files under an audit root and
 * small parsers for passwd/group style files. Not part of the public API. */
#ifndef DG_HOST_INTERNAL_H
#define DG_HOST_INTERNAL_H

#include <stddef.h>
#include "core/error.h"
#include "core/util.h"

/* Joins root and an absolute host path without resolving links ("/" root
 * gives the path itself). Allocated. */
char *host_join(const char *root, const char *path);
/* Resolves path under root (links followed inside root). Returns the
 * root-prefixed real path, or NULL with *err_no set (ENOENT, EACCES, ELOOP). */
char *host_resolve_err(const char *root, const char *path, int *err_no);
/* Reads a file under root. Returns 0, DG_ERR_NOTFOUND when it does not
 * exist, DG_ERR_IO when unreadable (err says why), DG_ERR_LIMIT when larger
 * than max. */
int host_read(const char *root, const char *path, size_t max, char **text, size_t *len, struct dg_error *err);
/* True when the root is the auditor's own "/" (live /proc and auditctl are
 * meaningful only then). */
int host_root_is_slash(const char *root);

/* One line of /etc/passwd or /etc/group split on ':' (fields point into
 * line, which is modified). Returns the number of fields (at most max). */
size_t host_split_colon(char *line, char **fields, size_t max);
/* Home directory of uid from root's /etc/passwd, allocated, or NULL. */
char *host_home_of(const char *root, unsigned uid);

/* daemon_args_parse with a position per argument: files[i] (owned by d,
 * e.g. in d->arg_files) and lines[i], or the args source when files[i] is
 * NULL. files may be NULL. */
struct daemon_spec;
int daemon_args_apply(const struct dg_strv *argv, const char *const *files, const int *lines, struct daemon_spec *d,
                      struct dg_error *err);

/* Path of a systemd unit as systemd would pick it under root, or NULL. */
char *host_unit_find(const char *root, const char *name);

#endif
