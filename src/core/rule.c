/* The rule runner: enabling, emitting findings with overrides and
 * suppressions applied, and per-rule status for audit-style output. */
#include "core/rule.h"
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const model_names[DG_MODEL__COUNT] = {
    "build", "image", "container", "daemon", "host", "fs", "vuln", "trust", "inventory"};

const char *dg_model_name(enum dg_model m)
{
    return (unsigned)m < DG_MODEL__COUNT ? model_names[m] : "unknown";
}

static bool list_matches(const struct dg_strv *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->v[i]);
        if (strncasecmp(l->v[i], id, n) == 0) return true;
    }
    return false;
}

static bool lists_enable(const struct dg_config *cfg, const struct rule_def *r) __attribute__((noinline));

static bool lists_enable(const struct dg_config *cfg, const struct rule_def *r)
{
    if (cfg->only.n && !list_matches(&cfg->only, r->id)) return false;
    if (cfg->skip.n && list_matches(&cfg->skip, r->id)) return false;
    return true;
}

bool rules_enabled(const struct dg_config *cfg, const struct rule_def *r)
{
    /* Asked for every rule on every subject and for every finding. The
     * lists are nearly always empty; with the walk over them out of line,
     * that answer costs a few instructions. */
    return !cfg || (!cfg->only.n && !cfg->skip.n) || lists_enable(cfg, r);
}

static struct dg_rule_status *status_of(struct dg_report *rep, const struct rule_def *r)
{
    size_t i = rules_index(r);
    return i < rep->nstatus ? &rep->status[i] : NULL;
}

static void emit_for(struct rule_ctx *ctx, const struct rule_def *rule, struct dg_pos pos, const char *evidence,
                     const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void emit_for(struct rule_ctx *ctx, const struct rule_def *rule, struct dg_pos pos, const char *evidence,
                     const char *fmt, va_list ap)
{
    struct dg_report *rep = ctx->report;
    const char *file = pos.file ? pos.file : ctx->file;
    struct dg_rule_status *st = status_of(rep, rule);
    if (!rules_enabled(ctx->config, rule)) return;
    if ((ctx->config && dg_config_ignored(ctx->config, rule->id, file)) ||
        dg_report_is_suppressed(rep, file, pos.line, rule->id)) {
        if (st) st->suppressed++;
        return;
    }
    if (rep->n == rep->cap) {
        rep->cap = rep->cap ? rep->cap * 2 : 64;
        rep->findings = dg_xrealloc(rep->findings, rep->cap * sizeof *rep->findings);
    }
    struct dg_finding *f = &rep->findings[rep->n++];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->severity = ctx->config ? dg_config_severity(ctx->config, rule->id, rule->severity) : rule->severity;
    f->file = file ? dg_report_file(rep, file) : NULL;
    f->line = pos.line;
    f->col = pos.col;
    f->subject = dg_arena_strdup(&rep->mem, ctx->subject);
    f->message = dg_arena_vprintf(&rep->mem, fmt, ap);
    if (evidence) {
        /* Evidence is shown to people; keep it to one bounded line. */
        size_t n = strcspn(evidence, "\n");
        if (n > 200) n = 200;
        f->evidence = dg_arena_strndup(&rep->mem, evidence, n);
    }
    if (st) st->failed++;
    if (rule == ctx->rule) ctx->emitted++;
}

void rule_vemit(struct rule_ctx *ctx, struct dg_pos pos, const char *evidence, const char *fmt, va_list ap)
{
    emit_for(ctx, ctx->rule, pos, evidence, fmt, ap);
}

void rule_emit(struct rule_ctx *ctx, struct dg_pos pos, const char *evidence, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit_for(ctx, ctx->rule, pos, evidence, fmt, ap);
    va_end(ap);
}

void rule_emit_id(struct rule_ctx *ctx, const char *rule_id, struct dg_pos pos, const char *evidence,
                  const char *fmt, ...)
{
    const struct rule_def *r = rules_find(rule_id);
    if (!r) {
        /* A missing id is a programming error; make it loud in tests. */
        fprintf(stderr, "dockguard: internal error: unknown rule %s\n", rule_id);
        abort();
    }
    struct dg_rule_status *st = status_of(ctx->report, r);
    if (st && rules_enabled(ctx->config, r)) st->checked++;
    va_list ap;
    va_start(ap, fmt);
    emit_for(ctx, r, pos, evidence, fmt, ap);
    va_end(ap);
}

void rule_skip(struct rule_ctx *ctx, const char *fmt, ...)
{
    struct dg_rule_status *st = status_of(ctx->report, ctx->rule);
    if (!st) return;
    st->skipped++;
    if (!st->skip_reason) {
        struct dg_buf b;
        dg_buf_init(&b, 0);
        va_list ap;
        va_start(ap, fmt);
        dg_buf_vprintf(&b, fmt, ap);
        va_end(ap);
        st->skip_reason = dg_buf_steal(&b);
    }
}

static void run_checked(const struct rule_def *r, const void *subject, struct rule_ctx *ctx)
{
    struct dg_rule_status *st = status_of(ctx->report, r);
    const struct rule_def *saved = ctx->rule;
    ctx->rule = r;
    ctx->emitted = 0;
    unsigned skipped_before = st ? st->skipped : 0;
    r->check(ctx, subject);
    /* A subject the rule skipped is not counted as checked. */
    if (st && st->skipped == skipped_before) st->checked++;
    ctx->rule = saved;
}

/* Runs the checks of rs (n of them, of one model) on subject with the
 * model's memo of subject in ctx, made for them when ctx does not hold it
 * yet; what ctx held before is put back afterwards. */
static void run_with_memo(const struct rule_def *const *rs, size_t n, enum dg_model model, const void *subject,
                          struct rule_ctx *ctx)
{
    const struct rule_memo_ops *ops = (ctx->memo && ctx->memo_subject == subject) ? NULL : rules_memo_ops(model);
    void *saved = ctx->memo;
    const void *saved_subject = ctx->memo_subject;
    if (ops) {
        ctx->memo = ops->make(subject);
        ctx->memo_subject = subject;
    }
    for (size_t i = 0; i < n; i++)
        if (rs[i]->check && rules_enabled(ctx->config, rs[i])) run_checked(rs[i], subject, ctx);
    if (ops) {
        ops->release(ctx->memo);
        ctx->memo = saved;
        ctx->memo_subject = saved_subject;
    }
}

void rules_run_one(const struct rule_def *r, const void *subject, struct rule_ctx *ctx)
{
    run_with_memo(&r, 1, r->model, subject, ctx);
}

void rules_run(enum dg_model model, const void *subject, struct rule_ctx *ctx)
{
    size_t n;
    const struct rule_def *const *rs = rules_of_model(model, &n);
    run_with_memo(rs, n, model, subject, ctx);
}
