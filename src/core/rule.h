/* The rule registry: one table of rule definitions (id, title, severity,
 * references, rationale, remediation, check function). `rules`, `explain`,
 * the docs and every reporter read it; nothing describes a rule twice. */
#ifndef DG_CORE_RULE_H
#define DG_CORE_RULE_H

#include <stdarg.h>
#include "core/finding.h"

struct dg_config;

/* The model a rule is written against; IDs carry it (DG-B, DG-I, ...). */
enum dg_model {
    DG_MODEL_BUILD = 0,   /* DG-B: a Dockerfile */
    DG_MODEL_IMAGE,       /* DG-I: an image config */
    DG_MODEL_CONTAINER,   /* DG-C: a container spec */
    DG_MODEL_DAEMON,      /* DG-D: the daemon */
    DG_MODEL_HOST,        /* DG-H: the host */
    DG_MODEL_FS,          /* DG-F: files and secrets in an image */
    DG_MODEL_VULN,        /* DG-V: vulnerabilities */
    DG_MODEL_TRUST,       /* DG-T: trust and integrity */
    DG_MODEL_INVENTORY,   /* DG-D1xx: a daemon's images and containers as a whole (sprawl) */
    DG_MODEL__COUNT
};
const char *dg_model_name(enum dg_model m);

struct rule_ctx;
typedef void (*rule_check_fn)(struct rule_ctx *ctx, const void *subject);

struct rule_def {
    const char *id;           /* stable: "DG-C001" */
    const char *title;        /* one line, imperative-free statement of the problem */
    enum dg_severity severity;
    enum dg_model model;
    const char *cis;          /* CIS Docker Benchmark item (newest version numbering), or NULL */
    const char *hadolint;     /* equivalent IDs in other tools, comma separated, or NULL */
    const char *trivy;
    const char *dockle;
    const char *rationale;    /* why it matters */
    const char *remediation;  /* how to fix, with an example where useful */
    rule_check_fn check;      /* NULL for rules emitted directly by a source (e.g. integrity) */
};

/* Each rules_<model>.c file exports one table; registry.c joins them. */
struct rule_table {
    const struct rule_def *rules;
    size_t n;
};

/* What a model's rules work out from one subject and share (parsed image
 * references, the commands that concern them): made before the first of
 * them runs and released after the last, so that it is done once per
 * subject rather than once per rule. Read through rule_ctx.memo. */
struct rule_memo_ops {
    void *(*make)(const void *subject);
    void (*release)(void *memo);
};

size_t rules_count(void);
const struct rule_def *rules_at(size_t i);
const struct rule_def *rules_find(const char *id);
size_t rules_index(const struct rule_def *r);
/* The rules written against model m, in registry order. */
const struct rule_def *const *rules_of_model(enum dg_model m, size_t *n);
/* The memo of model m's rules, or NULL when they share none. */
const struct rule_memo_ops *rules_memo_ops(enum dg_model m);

/* Context handed to a check function. */
struct rule_ctx {
    const struct rule_def *rule;     /* set by the runner */
    struct dg_report *report;
    const struct dg_config *config;
    const char *file;                /* default file for positions with file == NULL */
    const char *subject;             /* "service web", "container /web", "image nginx:1" */
    const char *root;                /* host root for file-based checks ("/" normally) */
    void *extra;                     /* model-specific extra data (documented per model) */
    unsigned emitted;                /* findings emitted by the current rule on this subject */
    /* Set by the runner while the rules of a model with a memo run
     * (rule_memo_ops): the memo of memo_subject. */
    void *memo;
    const void *memo_subject;
};

/* Emits a finding for ctx->rule at pos with a formatted message. evidence may
 * be NULL. Applies config ignores, severity overrides and inline suppressions. */
void rule_emit(struct rule_ctx *ctx, struct dg_pos pos, const char *evidence, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void rule_vemit(struct rule_ctx *ctx, struct dg_pos pos, const char *evidence, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Emits a finding for a rule other than the current one (for sources that
 * detect problems while reading, e.g. a digest mismatch). */
void rule_emit_id(struct rule_ctx *ctx, const char *rule_id, struct dg_pos pos, const char *evidence,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Declares that the current rule cannot decide on this subject (never a pass). */
void rule_skip(struct rule_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The CIS Docker Benchmark item a rule maps to in a given benchmark version
 * ("1.8.0", "1.6.0", ...); NULL version means the newest. NULL when none. */
const char *rules_cis_item(const struct rule_def *r, const char *version);

/* Runs every enabled rule of a model over one subject. */
void rules_run(enum dg_model model, const void *subject, struct rule_ctx *ctx);
/* Runs one rule (by definition) over one subject. */
void rules_run_one(const struct rule_def *r, const void *subject, struct rule_ctx *ctx);
/* True when the config's only/skip lists let the rule run. */
bool rules_enabled(const struct dg_config *cfg, const struct rule_def *r);

#endif
