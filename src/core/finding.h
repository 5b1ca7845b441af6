/* Findings and the report they gather in. A report collects findings from
 * every source and rule, the per-rule status (pass/fail/skip) that audit
 * output needs, and the inline suppressions that sources register. */
#ifndef DG_CORE_FINDING_H
#define DG_CORE_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include "core/arena.h"
#include "core/util.h"

enum dg_severity {
    DG_SEV_INFO = 0,
    DG_SEV_LOW,
    DG_SEV_MEDIUM,
    DG_SEV_HIGH,
    DG_SEV_CRITICAL
};
const char *dg_severity_name(enum dg_severity s);
/* Returns 0 and sets *out, or -1 for an unknown name. Accepts "none" as -1 sentinel via *out = -1 cast. */
int dg_severity_parse(const char *name, int *out);

/* A position inside a source. file == NULL means "the subject's file"
 * (rule_ctx.file); line/col 0 mean unknown. The file string is borrowed. */
struct dg_pos {
    const char *file;
    int line;
    int col;
};

struct rule_def;

struct dg_finding {
    const struct rule_def *rule;
    enum dg_severity severity; /* effective severity, after config overrides */
    const char *file; /* path, or an object reference such as "container:/web";
                         owned by the report's file table */
    int line, col;   /* 0 when not applicable */
    /* The texts live in the report's arena. */
    char *subject;   /* what was checked: "service web", "container /web", image ref; may be NULL */
    char *message;   /* specific to this occurrence */
    char *evidence;  /* the offending text, may be NULL */
};

enum dg_status {
    DG_STATUS_NOT_RUN = 0,
    DG_STATUS_PASS,
    DG_STATUS_FAIL,
    DG_STATUS_SKIP,
    DG_STATUS_INFO     /* ran, produced informational findings only */
};
const char *dg_status_name(enum dg_status s);

struct dg_rule_status {
    const struct rule_def *rule;
    unsigned checked;    /* subjects the rule ran on */
    unsigned failed;     /* findings it produced (after suppression) */
    unsigned suppressed;
    unsigned skipped;    /* subjects it could not decide */
    char *skip_reason;   /* first reason given */
};

/* The status a rule reached over all its subjects: warn when it produced
 * findings (info for info-severity rules), pass when it checked something
 * and found nothing, skip when it could decide on nothing. */
enum dg_status dg_rule_status_of(const struct dg_rule_status *st);
/* Compares dotted item numbers ("2.10" after "2.9"); NULL sorts last. */
int dg_cis_cmp(const char *a, const char *b);

struct dg_suppress_entry;

struct dg_report {
    struct dg_finding *findings;
    size_t n, cap;
    struct dg_rule_status *status; /* one per registered rule, indexed like the registry */
    size_t nstatus;
    struct dg_suppress_entry *supp; /* per-file inline ignores */
    size_t nsupp;
    struct dg_strv inputs;          /* files/objects examined, for reporters */
    struct dg_strv files;           /* the findings' file names, shared by findings of one file */
    struct dg_arena mem;            /* the findings' texts: released with the report, not one by one */
    const char *command;            /* "lint", "audit", "scan" */
    unsigned errors;                /* inputs that failed to parse */
};

void dg_report_init(struct dg_report *r, const char *command);
void dg_report_free(struct dg_report *r);
/* Registers the text of a source so that "# dockguard ignore=ID" comments in
 * it suppress findings at the following line (or the same line when trailing),
 * and "# dockguard global ignore=ID" suppresses in the whole file. */
void dg_report_add_source(struct dg_report *r, const char *file, const char *text, size_t len);
/* Moves everything src holds (findings, suppressions, per-rule counts,
 * inputs, errors) into dst; src is left empty but still needs freeing.
 * Used to join the reports of workers that linted files in parallel. */
void dg_report_merge(struct dg_report *dst, struct dg_report *src);
/* The report's copy of a finding's file name; findings of the same file
 * made one after another share one copy (and compare by pointer). */
const char *dg_report_file(struct dg_report *r, const char *file);
bool dg_report_is_suppressed(const struct dg_report *r, const char *file, int line, const char *rule_id);
/* Sorts findings by file, line, column, rule id: reporters print in this order. */
void dg_report_sort(struct dg_report *r);
/* Sorts the findings added since r->n was from, in the same order, without
 * removing duplicates: done per input as it is finished, it leaves the
 * report in sorted runs that dg_report_sort merges in linear passes. */
void dg_report_sort_from(struct dg_report *r, size_t from);
/* Highest effective severity among findings, or -1 when none. */
int dg_report_max_severity(const struct dg_report *r);
size_t dg_report_count_at_least(const struct dg_report *r, enum dg_severity s);

#endif
