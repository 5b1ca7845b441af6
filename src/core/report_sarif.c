/* SARIF 2.1.0 reporter. Every registered rule is listed in the driver with
 * help text (so code-scanning UIs can show it); results point at files with
 * regions, or at logical locations for API objects ("container:/web"). */
#include "core/report.h"
#include "core/error.h"
#include "core/rule.h"

#include <jansson.h>
#include <string.h>

int dg_report_write_sarif(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);

static const char *sarif_level(enum dg_severity s)
{
    switch (s) {
    case DG_SEV_CRITICAL:
    case DG_SEV_HIGH: return "error";
    case DG_SEV_MEDIUM: return "warning";
    default: return "note";
    }
}

/* GitHub code scanning reads this 0.1–10 score to bucket security results. */
static const char *security_severity(enum dg_severity s)
{
    switch (s) {
    case DG_SEV_CRITICAL: return "9.5";
    case DG_SEV_HIGH: return "8.0";
    case DG_SEV_MEDIUM: return "5.5";
    case DG_SEV_LOW: return "3.0";
    default: return "1.0";
    }
}

/* Object references such as "container:/web" or "image:nginx" are not files. */
static bool is_object_ref(const char *file)
{
    static const char *const prefixes[] = {"container:", "image:", "daemon:", "host:", "swarm:", "service:"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(file, prefixes[i], strlen(prefixes[i])) == 0) return true;
    return false;
}

/* Percent-encodes what may not appear in a URI reference path. */
static char *uri_encode(const char *path)
{
    struct dg_buf b;
    dg_buf_init(&b, 0);
    if (path[0] == '.' && path[1] == '/') path += 2;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~!$&'()*+,;=:@", *p))
            dg_buf_putc(&b, (char)*p);
        else
            dg_buf_printf(&b, "%%%02X", *p);
    }
    return dg_buf_steal(&b);
}

static json_t *rule_json(const struct rule_def *d, const char *cis_version)
{
    json_t *j = json_object();
    const char *cis = rules_cis_item(d, cis_version);
    json_object_set_new(j, "id", json_string(d->id));
    json_object_set_new(j, "name", json_string(d->id));
    json_t *sd = json_object();
    json_object_set_new(sd, "text", json_string(d->title));
    json_object_set_new(j, "shortDescription", sd);
    json_t *fd = json_object();
    json_object_set_new(fd, "text", json_string(d->rationale ? d->rationale : d->title));
    json_object_set_new(j, "fullDescription", fd);
    char *text = dg_xasprintf("%s\n\nWhy: %s\n\nFix: %s%s%s", d->title, d->rationale ? d->rationale : "-",
                              d->remediation ? d->remediation : "-", cis ? "\n\nCIS Docker Benchmark: " : "",
                              cis ? cis : "");
    char *md = dg_xasprintf("**%s**\n\n**Why:** %s\n\n**Fix:** %s%s%s", d->title, d->rationale ? d->rationale : "-",
                            d->remediation ? d->remediation : "-", cis ? "\n\n**CIS Docker Benchmark:** " : "",
                            cis ? cis : "");
    json_t *help = json_object();
    json_object_set_new(help, "text", json_string(text));
    json_object_set_new(help, "markdown", json_string(md));
    free(text);
    free(md);
    json_object_set_new(j, "help", help);
    json_t *dc = json_object();
    json_object_set_new(dc, "level", json_string(sarif_level(d->severity)));
    json_object_set_new(j, "defaultConfiguration", dc);
    json_t *props = json_object(), *tags = json_array();
    json_array_append_new(tags, json_string("security"));
    json_array_append_new(tags, json_string(dg_model_name(d->model)));
    if (cis) {
        char *t = dg_xasprintf("CIS-Docker-%s", cis);
        json_array_append_new(tags, json_string(t));
        free(t);
    }
    json_object_set_new(props, "tags", tags);
    json_object_set_new(props, "security-severity", json_string(security_severity(d->severity)));
    json_object_set_new(props, "precision", json_string("high"));
    json_object_set_new(props, "problem.severity", json_string(sarif_level(d->severity)));
    json_object_set_new(j, "properties", props);
    return j;
}

static json_t *result_json(const struct dg_finding *f)
{
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", json_string(f->rule->id));
    size_t idx = rules_index(f->rule);
    if (idx != (size_t)-1) json_object_set_new(res, "ruleIndex", json_integer((json_int_t)idx));
    json_object_set_new(res, "level", json_string(sarif_level(f->severity)));
    json_t *msg = json_object();
    char *text = f->subject ? dg_xasprintf("%s [%s]", f->message, f->subject) : dg_xstrdup(f->message);
    json_object_set_new(msg, "text", json_string(text));
    free(text);
    json_object_set_new(res, "message", msg);
    json_t *loc = json_object();
    const char *file = f->file ? f->file : "-";
    if (is_object_ref(file) || !f->file) {
        json_t *ll = json_array(), *l = json_object();
        json_object_set_new(l, "fullyQualifiedName", json_string(file));
        json_object_set_new(l, "kind", json_string("resource"));
        json_array_append_new(ll, l);
        json_object_set_new(loc, "logicalLocations", ll);
    } else {
        json_t *phys = json_object(), *art = json_object();
        char *uri = uri_encode(file);
        json_object_set_new(art, "uri", json_string(uri));
        free(uri);
        json_object_set_new(phys, "artifactLocation", art);
        if (f->line > 0) {
            json_t *region = json_object();
            json_object_set_new(region, "startLine", json_integer(f->line));
            if (f->col > 0) json_object_set_new(region, "startColumn", json_integer(f->col));
            if (f->evidence) {
                json_t *snip = json_object();
                json_object_set_new(snip, "text", json_string(f->evidence));
                json_object_set_new(region, "snippet", snip);
            }
            json_object_set_new(phys, "region", region);
        }
        json_object_set_new(loc, "physicalLocation", phys);
    }
    json_t *locs = json_array();
    json_array_append_new(locs, loc);
    json_object_set_new(res, "locations", locs);
    /* A stable fingerprint lets code-scanning UIs track a result across runs. */
    json_t *fp = json_object();
    char *key = dg_xasprintf("%s:%s:%s", f->rule->id, file, f->subject ? f->subject : "");
    json_object_set_new(fp, "dockguard/v1", json_string(key));
    free(key);
    json_object_set_new(res, "partialFingerprints", fp);
    return res;
}

int dg_report_write_sarif(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_t *run = json_object(), *tool = json_object(), *driver = json_object();
    json_object_set_new(driver, "name", json_string("dockguard"));
    json_object_set_new(driver, "version", json_string(DG_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(DG_VERSION));
    json_t *rules = json_array();
    for (size_t i = 0; i < rules_count(); i++) json_array_append_new(rules, rule_json(rules_at(i), o->cis_version));
    json_object_set_new(driver, "rules", rules);
    json_object_set_new(tool, "driver", driver);
    json_object_set_new(run, "tool", tool);
    json_t *results = json_array();
    for (size_t i = 0; i < r->n; i++) json_array_append_new(results, result_json(&r->findings[i]));
    json_object_set_new(run, "results", results);
    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_boolean(r->errors == 0));
    json_t *invs = json_array();
    json_array_append_new(invs, inv);
    json_object_set_new(run, "invocations", invs);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    fputc('\n', out);
    return rc == 0 ? 0 : dg_error_set(err, DG_ERR_IO, "cannot write SARIF output");
}
