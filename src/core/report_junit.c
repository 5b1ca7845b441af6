/* JUnit XML reporter (being built). */
#include "core/report.h"
#include "core/error.h"

int dg_report_write_junit(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);
int dg_report_write_junit(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err)
{
    (void)r; (void)o; (void)out;
    return dg_error_set(err, DG_ERR, "junit output is not built yet");
}
