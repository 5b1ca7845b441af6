/* dockguard rules / explain: print the rule registry. */
#include "cli/cli.h"
#include "core/error.h"
#include "core/rule.h"
#include "rules/cis.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

static const char *const model_titles[DG_MODEL__COUNT] = {
    "Build rules (Dockerfile)", "Image configuration rules", "Container rules", "Daemon rules",
    "Host rules", "Image file and secret rules", "Vulnerability rules", "Trust and integrity rules",
    "Inventory rules (images and containers of a daemon)"};

/* Markdown for one cell: pipes would break the table. */
static void md_cell(const char *s)
{
    if (!s) { fputs("-", stdout); return; }
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", stdout);
        else if (*s == '\n') putchar(' ');
        else putchar(*s);
    }
}

/* The rule reference in docs/rules.md is this output, so it never drifts
 * from the table (a test compares them). */
static void print_markdown(const char *cis_version)
{
    printf("# Rule reference\n\n"
           "Generated from the rule table by `dockguard rules --markdown`; do not edit by hand.\n"
           "%zu rules. Run `dockguard explain ID` for one rule.\n", rules_count());
    for (int m = 0; m < DG_MODEL__COUNT; m++) {
        size_t n = 0;
        for (size_t i = 0; i < rules_count(); i++) n += rules_at(i)->model == (enum dg_model)m;
        if (!n) continue;
        printf("\n## %s\n\n| ID | Severity | CIS | hadolint | Trivy | Dockle | Title |\n|---|---|---|---|---|---|---|\n",
               model_titles[m]);
        for (size_t i = 0; i < rules_count(); i++) {
            const struct rule_def *r = rules_at(i);
            if (r->model != (enum dg_model)m) continue;
            printf("| [%s](#%s) | %s | ", r->id, r->id, dg_severity_name(r->severity));
            md_cell(rules_cis_item(r, cis_version));
            fputs(" | ", stdout);
            md_cell(r->hadolint);
            fputs(" | ", stdout);
            md_cell(r->trivy);
            fputs(" | ", stdout);
            md_cell(r->dockle);
            fputs(" | ", stdout);
            md_cell(r->title);
            fputs(" |\n", stdout);
        }
        for (size_t i = 0; i < rules_count(); i++) {
            const struct rule_def *r = rules_at(i);
            if (r->model != (enum dg_model)m) continue;
            const char *cis = rules_cis_item(r, cis_version);
            printf("\n### %s\n\n**%s** — severity %s", r->id, r->title, dg_severity_name(r->severity));
            if (cis) printf(", CIS Docker Benchmark %s", cis);
            printf(".\n\n**Why.** %s\n\n**Fix.** %s\n", r->rationale ? r->rationale : "-",
                   r->remediation ? r->remediation : "-");
        }
    }
}

int cmd_rules(int argc, char **argv)
{
    bool help = false, json = false, markdown = false, cis_table = false;
    const char *model = NULL, *cis_version = NULL;
    const struct cli_option opts[] = {
        {"json", 0, CLI_FLAG, &json, NULL, "print the table as JSON"},
        {"markdown", 0, CLI_FLAG, &markdown, NULL, "print the rule reference as Markdown (docs/rules.md)"},
        {"cis", 0, CLI_FLAG, &cis_table, NULL,
         "print every CIS Docker Benchmark item: its label, the rules that automate it, their severity"},
        {"model", 0, CLI_STRING, &model, "MODEL", "only rules of one model: build, image, container, daemon, host, fs, vuln, trust"},
        {"cis-version", 0, CLI_STRING, &cis_version, "VER", "CIS Docker Benchmark numbering to show (default newest)"},
        {"help", 'h', CLI_FLAG, &help, NULL, "show this help"},
        {NULL, 0, 0, NULL, NULL, NULL},
    };
    struct dg_strv pos = {0};
    struct dg_error err = {0};
    if (cli_parse(opts, argc, argv, &pos, &err) != 0) {
        cli_error("rules", "%s", err.msg);
        dg_strv_free(&pos);
        return DG_EXIT_ERROR;
    }
    dg_strv_free(&pos);
    if (help) {
        cli_print_help(stdout, "dockguard rules [--json] [--model MODEL]", "Lists every rule with its severity and references.", opts);
        return DG_EXIT_OK;
    }
    if (cis_table) {
        if (cis_print_table(stdout, cis_version) != 0) {
            cli_error("rules", "unknown CIS Docker Benchmark version '%s' (1.6.0, 1.7.0, 1.8.0)", cis_version);
            return DG_EXIT_ERROR;
        }
        return DG_EXIT_OK;
    }
    if (markdown) {
        print_markdown(cis_version);
        return DG_EXIT_OK;
    }
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < rules_count(); i++) {
        const struct rule_def *r = rules_at(i);
        if (model && strcasecmp(model, dg_model_name(r->model)) != 0) continue;
        const char *cis = rules_cis_item(r, cis_version);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(r->id));
            json_object_set_new(o, "title", json_string(r->title));
            json_object_set_new(o, "severity", json_string(dg_severity_name(r->severity)));
            json_object_set_new(o, "model", json_string(dg_model_name(r->model)));
            json_object_set_new(o, "cis", cis ? json_string(cis) : json_null());
            json_object_set_new(o, "hadolint", r->hadolint ? json_string(r->hadolint) : json_null());
            json_object_set_new(o, "trivy", r->trivy ? json_string(r->trivy) : json_null());
            json_object_set_new(o, "dockle", r->dockle ? json_string(r->dockle) : json_null());
            json_array_append_new(arr, o);
        } else {
            printf("%-8s %-8s %-9s %-6s %s\n", r->id, dg_severity_name(r->severity), dg_model_name(r->model),
                   cis ? cis : "-", r->title);
        }
    }
    if (json) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
    return DG_EXIT_OK;
}

int cmd_explain(int argc, char **argv)
{
    bool help = false;
    const char *cis_version = NULL;
    const struct cli_option opts[] = {
        {"cis-version", 0, CLI_STRING, &cis_version, "VER", "CIS Docker Benchmark numbering to show (default newest)"},
        {"help", 'h', CLI_FLAG, &help, NULL, "show this help"},
        {NULL, 0, 0, NULL, NULL, NULL},
    };
    struct dg_strv pos = {0};
    struct dg_error err = {0};
    int rc = DG_EXIT_ERROR;
    if (cli_parse(opts, argc, argv, &pos, &err) != 0) {
        cli_error("explain", "%s", err.msg);
        goto out;
    }
    if (help) {
        cli_print_help(stdout, "dockguard explain RULE-ID", "Prints a rule's rationale, references and remediation.", opts);
        rc = DG_EXIT_OK;
        goto out;
    }
    if (pos.n != 1) {
        cli_error("explain", "expected one rule id, e.g. dockguard explain DG-C001");
        goto out;
    }
    const struct rule_def *r = rules_find(pos.v[0]);
    if (!r) {
        cli_error("explain", "unknown rule '%s' (see dockguard rules)", pos.v[0]);
        goto out;
    }
    const char *cis = rules_cis_item(r, cis_version);
    printf("%s  %s\n\nseverity:    %s\nmodel:       %s\n", r->id, r->title, dg_severity_name(r->severity), dg_model_name(r->model));
    if (cis) printf("CIS Docker Benchmark: %s\n", cis);
    if (r->hadolint) printf("hadolint:    %s\n", r->hadolint);
    if (r->trivy) printf("Trivy:       %s\n", r->trivy);
    if (r->dockle) printf("Dockle:      %s\n", r->dockle);
    printf("\nWhy:\n  %s\n\nFix:\n  %s\n", r->rationale ? r->rationale : "-", r->remediation ? r->remediation : "-");
    rc = DG_EXIT_OK;
out:
    dg_strv_free(&pos);
    return rc;
}
