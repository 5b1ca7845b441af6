/* lint source: compose project -> container_spec per service -> rules. */
#include "cli/lint_sources.h"

int lint_compose(const char *const *paths, size_t npaths, struct dg_report *r,
                 const struct dg_config *cfg, struct dg_error *err)
{
    (void)npaths; (void)r; (void)cfg;
    return dg_error_set(err, DG_ERR, "%s: compose linting is not built yet", paths[0]);
}
