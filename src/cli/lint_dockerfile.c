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

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Reads and parses one ignore file. Returns 1 when it does not exist, 0
 * when parsed, an error code otherwise. */
static int try_ignore(const char *path, struct build *b, struct dg_error *err)
{
    /* Tried by opening: one failed open is cheaper than stat + open. */
    char *text = NULL;
    size_t len = 0;
    int rc = dg_read_file(path, DOCKERIGNORE_MAX_BYTES, &text, &len, err);
    if (rc != 0 && (errno == ENOENT || errno == ENOTDIR || errno == EISDIR)) return 1;
    if (rc == 0) rc = dockerignore_parse(path, text, len, &b->ignore, err);
    free(text);
    if (rc == 0) b->has_dockerignore = true;
    return rc;
}

/* BuildKit reads "<Dockerfile>.dockerignore" beside the Dockerfile before
 * the context's .dockerignore. With the folder's listing at hand, only a
 * file that is there is opened. */
static int load_ignore(const char *dockerfile, const char *context, const struct dg_dirlist *dir, struct build *b,
                       struct dg_error *err)
{
    char *own = dg_xasprintf("%s.dockerignore", base_name(dockerfile));
    bool own_listed = !dir || dg_dirlist_find(dir, own) != NULL;
    free(own);
    int rc = 1;
    if (own_listed) {
        char *p = dg_xasprintf("%s.dockerignore", dockerfile);
        rc = try_ignore(p, b, err);
        free(p);
    }
    if (rc == 1 && (!dir || dg_dirlist_find(dir, ".dockerignore"))) {
        char *p = dg_xasprintf("%s/.dockerignore", context);
        rc = try_ignore(p, b, err);
        free(p);
    }
    return rc == 1 ? 0 : rc;
}

int lint_dockerfile(const char *path, const char *context_dir, const struct dg_dirlist *dir, struct dg_report *r,
                    const struct dg_config *cfg, struct dg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (dg_read_file(path, DOCKERFILE_MAX_BYTES, &text, &len, err) != 0) return DG_ERR_IO;
    dg_strv_push(&r->inputs, path);
    dg_report_add_source(r, path, text, len);
    struct build b;
    int rc = dockerfile_parse(path, text, len, &b, err);
    free(text);
    if (rc == 0) {
        if (context_dir) dir = NULL; /* the listing is of the Dockerfile's folder, not of this context */
        b.context_dir = context_dir ? dg_xstrdup(context_dir) : dir_of(path);
        rc = load_ignore(path, b.context_dir, dir, &b, err);
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
