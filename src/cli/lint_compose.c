/* lint source: compose project -> container_spec per service -> rules, and
 * the Dockerfiles that services build. */
#include "cli/lint_sources.h"
#include "compose/compose.h"
#include "core/rule.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int lint_compose(const char *const *paths, size_t npaths, struct dg_report *r, const struct dg_config *cfg,
                 struct dg_error *err)
{
    struct compose_project p;
    int rc = compose_load(paths, npaths, &p, err);
    if (rc != 0) {
        for (size_t i = 0; i < npaths; i++) dg_strv_push(&r->inputs, paths[i]);
        return rc;
    }
    /* Every file read (compose, extended, env files, .env) may carry inline
     * "# dockguard ignore=" comments, and is an input of the report. */
    for (size_t i = 0; i < p.nsources; i++) {
        dg_report_add_source(r, p.sources[i]->path, p.sources[i]->text, p.sources[i]->len);
        /* A project's sources are distinct; searching the whole input list
         * here would make a large walk quadratic. */
        dg_strv_push(&r->inputs, p.sources[i]->path);
    }
    struct dg_strv dockerfiles = {0};
    for (size_t i = 0; i < p.nservices; i++) {
        struct compose_service *s = &p.services[i];
        cs_normalize(&s->spec);
        char *subject = dg_xasprintf("service %s", s->spec.name);
        struct rule_ctx ctx = {.report = r, .config = cfg, .file = s->file, .subject = subject, .root = "/"};
        rules_run(DG_MODEL_CONTAINER, &s->spec, &ctx);
        free(subject);
        if (s->dockerfile && !dg_strv_contains(&dockerfiles, s->dockerfile)) dg_strv_push(&dockerfiles, s->dockerfile);
    }
    /* A Dockerfile built by several services is linted once; one that is
     * not there (generated, or in a remote context) is left alone. The
     * Dockerfile's own findings name the Dockerfile, not the service. */
    for (size_t i = 0; rc == 0 && i < dockerfiles.n; i++) {
        const char *df = dockerfiles.v[i];
        if (!is_regular(df) || dg_strv_contains(&r->inputs, df)) continue;
        const char *ctxdir = NULL;
        for (size_t j = 0; j < p.nservices; j++)
            if (p.services[j].dockerfile && strcmp(p.services[j].dockerfile, df) == 0) {
                ctxdir = p.services[j].context_dir;
                break;
            }
        rc = lint_dockerfile(df, ctxdir, NULL, NULL, r, cfg, err);
    }
    dg_strv_free(&dockerfiles);
    /* Findings copy their file names, but suppressions and inputs keep
     * theirs too, so the project (owner of the dg_pos.file strings) can go. */
    compose_project_free(&p);
    return rc;
}
