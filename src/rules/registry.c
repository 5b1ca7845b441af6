/* Joins the per-model rule tables into one registry. Order is stable:
 * build, image, container, daemon, host, fs, vuln, trust, live, secrets. */
#include "core/rule.h"
#include "rules/tables.h"

#include "core/util.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

static const struct rule_table *const tables[] = {
    &rules_build_table, &rules_image_table, &rules_container_table, &rules_daemon_table,
    &rules_host_table,  &rules_fs_table,    &rules_vuln_table,      &rules_trust_table,
    &rules_live_table,  &rules_secrets_table,
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* The tables flattened once: rules are looked up for every subject (twice
 * per Dockerfile), and walking ten tables each time showed in profiles. */
static struct {
    const struct rule_def **all;
    size_t n;
    const struct rule_def **by_model[DG_MODEL__COUNT];
    size_t nby_model[DG_MODEL__COUNT];
} reg;
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static void reg_build(void)
{
    for (size_t t = 0; t < NTABLES; t++) reg.n += tables[t]->n;
    reg.all = dg_xcalloc(reg.n ? reg.n : 1, sizeof *reg.all);
    size_t k = 0;
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t i = 0; i < tables[t]->n; i++) {
            const struct rule_def *r = &tables[t]->rules[i];
            reg.all[k++] = r;
            if ((unsigned)r->model < DG_MODEL__COUNT) reg.nby_model[r->model]++;
        }
    for (size_t m = 0; m < DG_MODEL__COUNT; m++) {
        reg.by_model[m] = dg_xcalloc(reg.nby_model[m] ? reg.nby_model[m] : 1, sizeof **reg.by_model);
        reg.nby_model[m] = 0;
    }
    for (size_t i = 0; i < reg.n; i++) {
        const struct rule_def *r = reg.all[i];
        if ((unsigned)r->model < DG_MODEL__COUNT) reg.by_model[r->model][reg.nby_model[r->model]++] = r;
    }
}

size_t rules_count(void)
{
    pthread_once(&reg_once, reg_build);
    return reg.n;
}

const struct rule_def *rules_at(size_t i)
{
    pthread_once(&reg_once, reg_build);
    return i < reg.n ? reg.all[i] : NULL;
}

const struct rule_def *const *rules_of_model(enum dg_model m, size_t *n)
{
    pthread_once(&reg_once, reg_build);
    if ((unsigned)m >= DG_MODEL__COUNT) {
        *n = 0;
        return NULL;
    }
    *n = reg.nby_model[m];
    return reg.by_model[m];
}

/* The models whose rules share a memo. */
static const struct rule_memo_ops *const memos[DG_MODEL__COUNT] = {[DG_MODEL_BUILD] = &rules_build_memo};

const struct rule_memo_ops *rules_memo_ops(enum dg_model m)
{
    return (unsigned)m < DG_MODEL__COUNT ? memos[m] : NULL;
}

size_t rules_index(const struct rule_def *r)
{
    size_t base = 0;
    for (size_t t = 0; t < NTABLES; t++) {
        const struct rule_def *b = tables[t]->rules;
        if (b && r >= b && r < b + tables[t]->n) return base + (size_t)(r - b);
        base += tables[t]->n;
    }
    return (size_t)-1;
}

const struct rule_def *rules_find(const char *id)
{
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            if (strcasecmp(tables[t]->rules[i].id, id) == 0) return &tables[t]->rules[i];
    return NULL;
}
