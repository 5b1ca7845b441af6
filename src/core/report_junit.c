/* JUnit XML reporter. CI systems show one test case per result: audit
 * prints one case per check (passed, failed or skipped); lint and scan print
 * one case per finding, grouped in a suite per input, and a passing case for
 * inputs without findings. */
#include "core/report.h"
#include "core/error.h"
#include "core/rule.h"
#include "core/xml.h"

#include <string.h>

int dg_report_write_junit(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);

static void failure(FILE *out, const struct dg_finding *f)
{
    fputs("      <failure type=\"", out);
    dg_xml_escape(out, dg_severity_name(f->severity));
    fputs("\" message=\"", out);
    dg_xml_escape(out, f->message);
    fputs("\">", out);
    char loc[64] = "";
    if (f->line > 0) snprintf(loc, sizeof loc, ":%d", f->line);
    dg_xml_escape(out, f->file ? f->file : "-");
    fprintf(out, "%s %s ", loc, dg_severity_name(f->severity));
    dg_xml_escape(out, f->rule->id);
    fputc(' ', out);
    dg_xml_escape(out, f->message);
    if (f->subject) {
        fputs(" [", out);
        dg_xml_escape(out, f->subject);
        fputc(']', out);
    }
    if (f->evidence) {
        fputs("\n&gt; ", out);
        dg_xml_escape(out, f->evidence);
    }
    if (f->rule->remediation) {
        fputs("\nFix: ", out);
        dg_xml_escape(out, f->rule->remediation);
    }
    fputs("</failure>\n", out);
}

static void audit_cases(const struct dg_report *r, const struct dg_report_opts *o, FILE *out)
{
    unsigned tests = 0, failures = 0, skipped = 0;
    for (size_t i = 0; i < r->nstatus; i++) {
        const struct dg_rule_status *st = &r->status[i];
        if (dg_rule_status_of(st) == DG_STATUS_NOT_RUN) continue;
        tests++;
        if (st->failed) failures++;
        else if (!st->checked) skipped++;
    }
    fprintf(out, "  <testsuite name=\"dockguard audit\" tests=\"%u\" failures=\"%u\" skipped=\"%u\" errors=\"%u\">\n",
            tests, failures, skipped, r->errors);
    for (size_t i = 0; i < r->nstatus; i++) {
        const struct dg_rule_status *st = &r->status[i];
        if (dg_rule_status_of(st) == DG_STATUS_NOT_RUN) continue;
        const char *cis = rules_cis_item(st->rule, o->cis_version);
        fputs("    <testcase classname=\"", out);
        dg_xml_escape(out, cis ? "CIS" : "dockguard");
        if (cis) {
            fputs(" ", out);
            dg_xml_escape(out, cis);
        }
        fputs("\" name=\"", out);
        dg_xml_escape(out, st->rule->id);
        fputs(" ", out);
        dg_xml_escape(out, st->rule->title);
        fputs("\">\n", out);
        if (st->failed) {
            for (size_t k = 0; k < r->n; k++)
                if (r->findings[k].rule == st->rule) failure(out, &r->findings[k]);
        } else if (!st->checked) {
            fputs("      <skipped message=\"", out);
            dg_xml_escape(out, st->skip_reason ? st->skip_reason : "not applicable");
            fputs("\"/>\n", out);
        }
        fputs("    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

static void file_suite(const struct dg_report *r, const char *file, FILE *out)
{
    unsigned n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->findings[i].file && strcmp(r->findings[i].file, file) == 0) n++;
    fputs("  <testsuite name=\"", out);
    dg_xml_escape(out, file);
    fprintf(out, "\" tests=\"%u\" failures=\"%u\" errors=\"0\">\n", n ? n : 1, n);
    if (!n) {
        fputs("    <testcase classname=\"", out);
        dg_xml_escape(out, file);
        fputs("\" name=\"no findings\"/>\n", out);
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct dg_finding *f = &r->findings[i];
        if (!f->file || strcmp(f->file, file) != 0) continue;
        fputs("    <testcase classname=\"", out);
        dg_xml_escape(out, file);
        fprintf(out, "\" name=\"");
        dg_xml_escape(out, f->rule->id);
        if (f->line > 0) fprintf(out, " line %d", f->line);
        if (f->subject) {
            fputs(" ", out);
            dg_xml_escape(out, f->subject);
        }
        fputs(" ", out);
        dg_xml_escape(out, f->rule->title);
        fputs("\">\n", out);
        failure(out, f);
        fputs("    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

int dg_report_write_junit(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"dockguard %s\" tests=\"%zu\" failures=\"%zu\">\n", r->command ? r->command : "",
            r->n, r->n);
    if (r->command && strcmp(r->command, "audit") == 0) {
        audit_cases(r, o, out);
    } else {
        /* Inputs in the order given, then any finding file not listed as an input. */
        struct dg_strv seen = {0};
        for (size_t i = 0; i < r->inputs.n; i++) {
            if (dg_strv_contains(&seen, r->inputs.v[i])) continue;
            dg_strv_push(&seen, r->inputs.v[i]);
            file_suite(r, r->inputs.v[i], out);
        }
        for (size_t i = 0; i < r->n; i++) {
            const char *f = r->findings[i].file ? r->findings[i].file : "-";
            if (dg_strv_contains(&seen, f)) continue;
            dg_strv_push(&seen, f);
            file_suite(r, f, out);
        }
        dg_strv_free(&seen);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? dg_error_set(err, DG_ERR_IO, "cannot write JUnit output") : 0;
}
