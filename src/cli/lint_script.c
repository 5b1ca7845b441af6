/* lint source: docker/podman run and create lines in shell scripts,
 * Makefiles, CI files, Jenkinsfiles and Markdown -> container_spec -> the
 * container rules. */
#include "cli/lint_sources.h"
#include "core/rule.h"
#include "core/util.h"
#include "runline/runline.h"

#include <stdlib.h>

/* Scripts are small; anything larger is not a script worth linting whole. */
#define SCRIPT_MAX_BYTES (8u << 20)

struct script_ud {
    struct dg_report *r;
    const struct dg_config *cfg;
    const char *path;
};

static int on_run(void *ud, struct container_spec *spec, int line)
{
    struct script_ud *u = ud;
    (void)line;
    cs_normalize(spec);
    char *subject = dg_xasprintf("docker run %s", spec->image ? spec->image : "?");
    struct rule_ctx ctx = {.report = u->r, .config = u->cfg, .file = u->path, .subject = subject, .root = "/"};
    rules_run(DG_MODEL_CONTAINER, spec, &ctx);
    free(subject);
    return 0;
}

int lint_script_wanted(const char *text, size_t len)
{
    return runline_wanted(text, len);
}

int lint_script(const char *path, struct dg_report *r, const struct dg_config *cfg, struct dg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    dg_strv_push(&r->inputs, path);
    int rc = dg_read_file(path, SCRIPT_MAX_BYTES, &text, &len, err);
    if (rc != 0) return rc;
    dg_report_add_source(r, path, text, len);
    struct script_ud u = {r, cfg, path};
    rc = runline_scan(path, text, len, on_run, &u, err);
    free(text);
    return rc < 0 ? rc : 0;
}
