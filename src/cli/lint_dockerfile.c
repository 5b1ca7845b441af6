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

/* BuildKit reads "<Dockerfile>.dockerignore" beside the Dockerfile before
 * the context's .dockerignore. Returns 0 when none exists. */
static int load_ignore(const char *dockerfile, const char *context, struct build *b, struct dg_error *err)
{
    char *candidates[2];
    candidates[0] = dg_xasprintf("%s.dockerignore", dockerfile);
    candidates[1] = dg_xasprintf("%s/.dockerignore", context);
    int rc = 0;
    for (int i = 0; i < 2; i++) {
        /* Tried by opening: one failed open is cheaper than stat + open. */
        char *text = NULL;
        size_t len = 0;
        rc = dg_read_file(candidates[i], DOCKERIGNORE_MAX_BYTES, &text, &len, err);
        if (rc != 0 && (errno == ENOENT || errno == ENOTDIR || errno == EISDIR)) {
            rc = 0;
            continue;
        }
        if (rc == 0) rc = dockerignore_parse(candidates[i], text, len, &b->ignore, err);
        free(text);
        if (rc == 0) b->has_dockerignore = true;
        break;
    }
    free(candidates[0]);
    free(candidates[1]);
    return rc;
}

int lint_dockerfile(const char *path, const char *context_dir, struct dg_report *r,
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
        b.context_dir = context_dir ? dg_xstrdup(context_dir) : dir_of(path);
        rc = load_ignore(path, b.context_dir, &b, err);
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
