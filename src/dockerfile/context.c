/* The build context as a whole-context COPY sees it: the regular files
 * under the context folder, listed (bounded, no symbolic link followed, no
 * content read) into the build model for the rules. */
#include "dockerfile/dockerfile.h"
#include "core/dirlist.h"
#include "core/util.h"

#include <stdlib.h>

/* Bounds of the build context listing: a context is a whole tree, possibly
 * with node_modules or a data folder in it. */
#define CTX_MAX_ENTRIES 20000
#define CTX_MAX_DEPTH 24

struct ctx_list {
    struct build *b;
    size_t entries;
};

/* Adds the regular files of one listed folder (and, depth first in name
 * order, of its subfolders) to b->context_files. */
static void ctx_list_dir(struct ctx_list *c, const char *dir, const struct dg_dirlist *l, const char *rel, int depth)
{
    if (l->truncated) c->b->context_truncated = true;
    for (size_t i = 0; i < l->n; i++) {
        if (c->entries >= CTX_MAX_ENTRIES) {
            c->b->context_truncated = true;
            return;
        }
        c->entries++;
        const struct dg_dirent *e = &l->v[i];
        if (e->type != DG_FT_REG && e->type != DG_FT_DIR) continue;
        char *r = *rel ? dg_xconcat(rel, "/", e->name) : dg_xstrdup(e->name);
        if (e->type == DG_FT_REG) {
            dg_strv_push_owned(&c->b->context_files, r);
            continue;
        }
        char *path = dg_xconcat(dir, "/", e->name);
        struct dg_dirlist sub;
        struct dg_error ignored;
        if (depth >= CTX_MAX_DEPTH || dg_dir_list(path, CTX_MAX_ENTRIES, &sub, &ignored) != 0) {
            c->b->context_truncated = true;
        } else {
            ctx_list_dir(c, path, &sub, r, depth + 1);
            dg_dirlist_free(&sub);
        }
        free(path);
        free(r);
    }
}

void dockerfile_list_context(struct build *b, const struct dg_dirlist *dir)
{
    if (!build_copies_context(b)) return;
    struct ctx_list c = {b, 0};
    if (dir) {
        ctx_list_dir(&c, b->context_dir, dir, "", 0);
    } else {
        struct dg_dirlist l;
        struct dg_error ignored;
        /* An unreadable or missing context folder: the rule says it could not check. */
        if (dg_dir_list(b->context_dir, CTX_MAX_ENTRIES, &l, &ignored) != 0) return;
        ctx_list_dir(&c, b->context_dir, &l, "", 0);
        dg_dirlist_free(&l);
    }
    b->context_listed = true;
}

