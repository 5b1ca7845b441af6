/* lint source: Dockerfile -> build (+ .dockerignore) and the final stage's
 * image_spec -> build and image rules. */
#include "cli/lint_sources.h"
#include "core/rule.h"
#include "dockerfile/dockerfile.h"
#include "dockerfile/dockerignore.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dir_of(const char *path)
{
    char *tmp = dg_xstrdup(path);
    char *d = dg_xstrdup(dirname(tmp));
    free(tmp);
    return d;
}

/* Reads and parses one ignore file. Returns 1 when it does not exist, 0
 * when parsed, an error code otherwise. */
static int try_ignore(const char *path, struct dg_readahead *ra, struct build *b, struct dg_error *err)
{
    /* Tried by opening: one failed open is cheaper than stat + open. */
    char *text = NULL;
    size_t len = 0;
    int rc = dg_readahead_file(ra, path, DOCKERIGNORE_MAX_BYTES, &text, &len, err);
    if (rc != 0 && (errno == ENOENT || errno == ENOTDIR || errno == EISDIR)) return 1;
    if (rc == 0) rc = dockerignore_parse(path, text, len, &b->ignore, err);
    free(text);
    if (rc == 0) b->has_dockerignore = true;
    return rc;
}

/* The ignore files to try, in BuildKit's order: "<Dockerfile>.dockerignore"
 * beside the Dockerfile, then the context's .dockerignore. With the
 * folder's listing at hand, only files that are there are named, and
 * regular[] tells whether each is listed as a regular file. Returns how
 * many (0-2); the paths are malloc'd. */
static size_t ignore_candidates(const char *dockerfile, const char *context, const struct dg_dirlist *dir,
                                char *paths[2], bool regular[2])
{
    size_t n = 0;
    char *own = dg_xconcat(dg_path_base(dockerfile), ".dockerignore", NULL);
    const struct dg_dirent *e = dir ? dg_dirlist_find(dir, own) : NULL;
    free(own);
    if (!dir || e) {
        regular[n] = e && e->type == DG_FT_REG;
        paths[n++] = dg_xconcat(dockerfile, ".dockerignore", NULL);
    }
    e = dir ? dg_dirlist_find(dir, ".dockerignore") : NULL;
    if (!dir || e) {
        regular[n] = e && e->type == DG_FT_REG;
        paths[n++] = dg_xconcat(context, "/.dockerignore", NULL);
    }
    return n;
}

static int load_ignore(const char *dockerfile, const char *context, const struct dg_dirlist *dir,
                       struct dg_readahead *ra, struct build *b, struct dg_error *err)
{
    char *paths[2];
    bool regular[2];
    size_t n = ignore_candidates(dockerfile, context, dir, paths, regular);
    int rc = 1;
    for (size_t i = 0; i < n; i++) {
        if (rc == 1) rc = try_ignore(paths[i], ra, b, err);
        free(paths[i]);
    }
    return rc == 1 ? 0 : rc;
}

size_t lint_dockerfile_plan(const char *path, const char *context_dir, const struct dg_dirlist *dir,
                            struct dg_batch_item *out)
{
    size_t n = 0;
    out[n++] = (struct dg_batch_item){.path = dg_xstrdup(path), .max = DOCKERFILE_MAX_BYTES, .kind = DG_BATCH_FILE};
    /* Without the listing of the context, which ignore files exist is not
     * known: only the Dockerfile is read ahead. */
    if (context_dir || !dir) return n;
    char *ctx = dir_of(path), *paths[2];
    bool regular[2];
    size_t k = ignore_candidates(path, ctx, dir, paths, regular);
    free(ctx);
    for (size_t i = 0; i < k; i++) {
        if (regular[i])
            out[n++] = (struct dg_batch_item){.path = paths[i], .max = DOCKERIGNORE_MAX_BYTES, .kind = DG_BATCH_FILE};
        else
            free(paths[i]);
    }
    return n;
}

int lint_dockerfile(const char *path, const char *context_dir, const struct dg_dirlist *dir, struct dg_readahead *ra,
                    struct dg_report *r, const struct dg_config *cfg, struct dg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (dg_readahead_file(ra, path, DOCKERFILE_MAX_BYTES, &text, &len, err) != 0) return DG_ERR_IO;
    dg_strv_push(&r->inputs, path);
    dg_report_add_source(r, path, text, len);
    struct build b;
    int rc = dockerfile_parse(path, text, len, &b, err);
    free(text);
    if (rc == 0) {
        if (context_dir) dir = NULL; /* the listing is of the Dockerfile's folder, not of this context */
        b.context_dir = context_dir ? dg_xstrdup(context_dir) : dir_of(path);
        rc = load_ignore(path, b.context_dir, dir, ra, &b, err);
        dockerfile_list_context(&b, dir);
    }
    if (rc == 0) {
        struct image_spec spec;
        dockerfile_image_spec(&b, &spec);
        struct rule_ctx ctx = {.report = r, .config = cfg, .file = path, .root = "/"};
        rules_run(DG_MODEL_BUILD, &b, &ctx);
        rules_run(DG_MODEL_IMAGE, &spec, &ctx);
        is_free(&spec);
    }
    build_free(&b);
    return rc;
}
