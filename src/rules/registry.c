/* Joins the per-model rule tables into one registry. Order is stable:
 * build, image, container, daemon, host, fs, vuln, trust, live, secrets. */
#include "core/rule.h"
#include "rules/tables.h"

#include <string.h>
#include <strings.h>

static const struct rule_table *const tables[] = {
    &rules_build_table, &rules_image_table, &rules_container_table, &rules_daemon_table,
    &rules_host_table,  &rules_fs_table,    &rules_vuln_table,      &rules_trust_table,
    &rules_live_table,  &rules_secrets_table,
};
#define NTABLES (sizeof tables / sizeof tables[0])

size_t rules_count(void)
{
    size_t n = 0;
    for (size_t t = 0; t < NTABLES; t++) n += tables[t]->n;
    return n;
}

const struct rule_def *rules_at(size_t i)
{
    for (size_t t = 0; t < NTABLES; t++) {
        if (i < tables[t]->n) return &tables[t]->rules[i];
        i -= tables[t]->n;
    }
    return NULL;
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
