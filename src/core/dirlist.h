/* A folder's entries read once, sorted by name, with their types. The lint
 * walk lists each folder once and hands the listing to the sources that
 * need it (a Dockerfile's .dockerignore, its build context), so a folder is
 * never read twice and absent files are never probed. */
#ifndef DG_CORE_DIRLIST_H
#define DG_CORE_DIRLIST_H

#include <stdbool.h>
#include <stddef.h>

struct dg_error;

enum dg_ftype { DG_FT_OTHER = 0, DG_FT_REG, DG_FT_DIR, DG_FT_LNK };

struct dg_dirent {
    const char *name;     /* points into the listing's pool */
    enum dg_ftype type;   /* symbolic links are DG_FT_LNK, never followed */
};

struct dg_dirlist {
    struct dg_dirent *v;  /* sorted by name (strcmp) */
    size_t n;
    char *pool;
    bool truncated;       /* more than max entries: the rest is not listed */
};

/* Lists path ("." and ".." left out), at most max entries. A file system
 * that does not report types costs one lstat per entry. Returns 0, or -1
 * with err set and errno kept. */
int dg_dir_list(const char *path, size_t max, struct dg_dirlist *out, struct dg_error *err);
/* The same for a folder already open as fd (read from its current
 * position; fd stays open). path names it in errors. */
int dg_dir_list_fd(int fd, const char *path, size_t max, struct dg_dirlist *out, struct dg_error *err);
/* The entry called name, or NULL (binary search). */
const struct dg_dirent *dg_dirlist_find(const struct dg_dirlist *l, const char *name);
void dg_dirlist_free(struct dg_dirlist *l);

#endif
