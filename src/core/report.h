/* Reporters turn a finished dg_report into text, JSON, SARIF 2.1.0, JUnit XML
 * or HTML. Scan adds SBOM formats through the same entry point. */
#ifndef DG_CORE_REPORT_H
#define DG_CORE_REPORT_H

#include <stdio.h>
#include "core/finding.h"

struct dg_error;

enum dg_format {
    DG_FORMAT_TEXT = 0,
    DG_FORMAT_JSON,
    DG_FORMAT_SARIF,
    DG_FORMAT_JUNIT,
    DG_FORMAT_HTML,
    DG_FORMAT_CYCLONEDX,  /* scan only: SBOM */
    DG_FORMAT_SPDX        /* scan only: SBOM */
};
int dg_format_parse(const char *name, enum dg_format *out);
const char *dg_format_name(enum dg_format f);

struct dg_report_opts {
    bool color;           /* ANSI colours (text only) */
    bool quiet;           /* text: findings only, no summary */
    bool show_passed;     /* text: list passing/skipped checks too (audit) */
    const char *cis_version; /* audit: which numbering to print */
};

/* Writes r to out in the given format (not the SBOM formats). */
int dg_report_write(const struct dg_report *r, enum dg_format f, const struct dg_report_opts *o,
                    FILE *out, struct dg_error *err);

#endif
