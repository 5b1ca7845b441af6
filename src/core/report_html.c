/* HTML reporter: one self-contained page (inline CSS, no scripts, no
 * external resources) that can be attached to a CI run or mailed. */
#include "core/report.h"
#include "core/error.h"
#include "core/rule.h"
#include "core/xml.h"

#include <string.h>

int dg_report_write_html(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);

static const char *const css =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}"
    "h1{font-size:1.5em}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #d8dee4;vertical-align:top}"
    "th{background:#f6f8fa}code{font:12px ui-monospace,monospace;background:#f6f8fa;padding:0 .3em}"
    ".sev{display:inline-block;border-radius:3px;padding:0 .45em;color:#fff;font-weight:600}"
    ".critical{background:#8250df}.high{background:#cf222e}.medium{background:#bf8700}"
    ".low{background:#0969da}.info{background:#6e7781}.pass{background:#1a7f37}.skip{background:#6e7781}"
    ".warn{background:#cf222e}details{color:#57606a}";

int dg_report_write_html(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err)
{
    size_t by[5] = {0};
    for (size_t i = 0; i < r->n; i++) by[r->findings[i].severity]++;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<title>dockguard %s report</title><style>%s</style></head><body>\n",
            r->command ? r->command : "", css);
    fprintf(out, "<h1>dockguard %s</h1>\n<p>%zu findings:", r->command ? r->command : "", r->n);
    for (int s = 4; s >= 0; s--)
        if (by[s]) fprintf(out, " <span class=\"sev %s\">%zu %s</span>", dg_severity_name((enum dg_severity)s), by[s],
                           dg_severity_name((enum dg_severity)s));
    if (r->errors) fprintf(out, " &mdash; %u input(s) could not be read", r->errors);
    fputs("</p>\n<table><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Finding</th></tr></thead><tbody>\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        const struct dg_finding *f = &r->findings[i];
        const char *cis = rules_cis_item(f->rule, o->cis_version);
        fprintf(out, "<tr><td><span class=\"sev %s\">%s</span></td><td><code>", dg_severity_name(f->severity),
                dg_severity_name(f->severity));
        dg_xml_escape(out, f->rule->id);
        fputs("</code>", out);
        if (cis) {
            fputs("<br>CIS ", out);
            dg_xml_escape(out, cis);
        }
        fputs("</td><td>", out);
        dg_xml_escape(out, f->file ? f->file : "-");
        if (f->line > 0) fprintf(out, ":%d", f->line);
        if (f->subject) {
            fputs("<br>", out);
            dg_xml_escape(out, f->subject);
        }
        fputs("</td><td><strong>", out);
        dg_xml_escape(out, f->rule->title);
        fputs("</strong><br>", out);
        dg_xml_escape(out, f->message);
        if (f->evidence) {
            fputs("<br><code>", out);
            dg_xml_escape(out, f->evidence);
            fputs("</code>", out);
        }
        if (f->rule->remediation) {
            fputs("<details><summary>Fix</summary>", out);
            dg_xml_escape(out, f->rule->remediation);
            fputs("</details>", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (r->command && strcmp(r->command, "audit") == 0) {
        fputs("<h2>Checks</h2>\n<table><thead><tr><th>Status</th><th>Rule</th><th>CIS</th><th>Check</th></tr></thead><tbody>\n",
              out);
        for (size_t i = 0; i < r->nstatus; i++) {
            const struct dg_rule_status *st = &r->status[i];
            if (dg_rule_status_of(st) == DG_STATUS_NOT_RUN) continue;
            const char *cls = st->failed ? "warn" : st->checked ? "pass" : "skip";
            const char *cis = rules_cis_item(st->rule, o->cis_version);
            fprintf(out, "<tr><td><span class=\"sev %s\">%s</span></td><td><code>", cls, cls);
            dg_xml_escape(out, st->rule->id);
            fputs("</code></td><td>", out);
            dg_xml_escape(out, cis ? cis : "-");
            fputs("</td><td>", out);
            dg_xml_escape(out, st->rule->title);
            if (!st->failed && !st->checked && st->skip_reason) {
                fputs("<br><em>skipped: ", out);
                dg_xml_escape(out, st->skip_reason);
                fputs("</em>", out);
            }
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody></table>\n", out);
    }
    fprintf(out, "<p><small>dockguard %s</small></p></body></html>\n", DG_VERSION);
    return ferror(out) ? dg_error_set(err, DG_ERR_IO, "cannot write HTML output") : 0;
}
