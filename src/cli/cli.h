/* Command-line plumbing shared by the subcommands: declarative option
 * tables (which also print --help), the common reporting flags, and the
 * shared tail that writes a report and turns it into an exit code. */
#ifndef DG_CLI_H
#define DG_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "core/config.h"
#include "core/finding.h"
#include "core/report.h"
#include "core/util.h"

enum { DG_EXIT_OK = 0, DG_EXIT_FINDINGS = 1, DG_EXIT_ERROR = 2 };

enum cli_opt_kind {
    CLI_FLAG,     /* bool */
    CLI_STRING,   /* const char * (points into argv) */
    CLI_LIST,     /* struct dg_strv: repeatable, comma separated values are split */
    CLI_INT       /* long */
};

struct cli_option {
    const char *name;      /* long name without dashes, NULL ends the table */
    char short_name;       /* 0 = none */
    enum cli_opt_kind kind;
    void *dest;
    const char *arg;       /* placeholder shown in help, e.g. "FILE" */
    const char *help;
};

/* Parses argv[0..argc) (argv[0] is the subcommand name). Options may appear
 * anywhere; "--" ends them. Non-options go to positional. Returns 0, 1 when
 * --help was printed, or -1 with a message on stderr-ready err. */
struct dg_error;
int cli_parse(const struct cli_option *opts, int argc, char **argv, struct dg_strv *positional,
              struct dg_error *err);
void cli_print_help(FILE *out, const char *usage, const char *summary, const struct cli_option *opts);

/* Flags every reporting command shares. */
struct cli_common {
    const char *format;
    const char *output;
    const char *fail_on;
    const char *config;
    struct dg_strv only;
    struct dg_strv skip;
    bool quiet;
    bool no_color;
    bool help;
    FILE *out;      /* --output once cli_open_output() opened it */
};
#define CLI_COMMON_OPTIONS(c)                                                                          \
    {"format", 'f', CLI_STRING, &(c)->format, "FMT", "output format: text, json, sarif, junit, html"},  \
    {"output", 'o', CLI_STRING, &(c)->output, "FILE", "write the report to FILE instead of stdout"},    \
    {"fail-on", 0, CLI_STRING, &(c)->fail_on, "SEV",                                                   \
     "exit 1 when a finding is at or above SEV (info, low, medium, high, critical, none); default low"}, \
    {"config", 'c', CLI_STRING, &(c)->config, "FILE", "configuration file (default: nearest .dockguard.yaml)"}, \
    {"only", 0, CLI_LIST, &(c)->only, "ID", "run only these rules (ids or prefixes such as DG-C); repeatable"}, \
    {"skip", 0, CLI_LIST, &(c)->skip, "ID", "skip these rules (ids or prefixes); repeatable"},          \
    {"quiet", 'q', CLI_FLAG, &(c)->quiet, NULL, "print findings only, no summary"},                     \
    {"no-color", 0, CLI_FLAG, &(c)->no_color, NULL, "never colour the text output"},                     \
    {"help", 'h', CLI_FLAG, &(c)->help, NULL, "show this help"}

void cli_common_free(struct cli_common *c);

/* Loads the configuration (explicit --config, else the nearest
 * .dockguard.yaml found walking up from start_dir, which may be NULL) and
 * applies --only/--skip/--fail-on. Returns 0 or -1 with err. */
int cli_load_config(struct cli_common *c, const char *start_dir, struct dg_config *cfg, struct dg_error *err);

/* Opens --output now, creating or emptying it: a path that cannot be
 * written fails before the work rather than after it, and emptying a large
 * old report (a millisecond or more) overlaps the work. Without --output,
 * or with "-", nothing happens; an unknown --format fails first, leaving
 * the file alone. Returns 0, or an error code with err. */
int cli_open_output(struct cli_common *c, struct dg_error *err);

/* Writes the report in the chosen format to --output or stdout and returns
 * the exit code: 2 on a write error, 1 when findings reach the threshold,
 * 0 otherwise. extra_formats lets scan accept SBOM formats. */
int cli_finish(struct cli_common *c, struct dg_report *r, const struct dg_config *cfg,
               const struct dg_report_opts *base_opts);

/* Prints "dockguard <cmd>: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands. */
int cmd_lint(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
