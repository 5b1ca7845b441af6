/* lint source: Dockerfile -> build + image_spec -> rules. */
#include "cli/lint_sources.h"

int lint_dockerfile(const char *path, const char *context_dir, struct dg_report *r,
                    const struct dg_config *cfg, struct dg_error *err)
{
    (void)context_dir; (void)r; (void)cfg;
    return dg_error_set(err, DG_ERR, "%s: Dockerfile linting is not built yet", path);
}
