/* The CIS Docker Benchmark item table: every item of v1.6.0, v1.7.0 and
 * v1.8.0 with its number in each version, title and the benchmark's own
 * Automated/Manual label. Which dockguard rule automates an item is not
 * stored here: it is read from the rule registry (rule_def.cis, v1.8.0
 * numbering), so the table and the rules cannot disagree. */
#ifndef DG_RULES_CIS_H
#define DG_RULES_CIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cis_item {
    const char *v160;       /* number in v1.6.0, NULL when absent */
    const char *v170;
    const char *v180;
    const char *title;
    int label;              /* the benchmark's own assessment label: CIS_AUTOMATED, CIS_MANUAL, CIS_UNKNOWN */
};

enum { CIS_MANUAL = 0, CIS_AUTOMATED = 1, CIS_UNKNOWN = -1 };

#define CIS_NEWEST "1.8.0"

const struct cis_item *cis_items(size_t *n);
/* Normalises a version argument ("1.8", "v1.8.0", "1.8.0") to "1.6.0",
 * "1.7.0" or "1.8.0"; NULL when unknown. NULL input means the newest. */
const char *cis_version_canonical(const char *version);
/* The item whose v1.8.0 number is item, or NULL. */
const struct cis_item *cis_find(const char *item_v180);
/* Number of an item in a version (canonical), or NULL when absent there. */
const char *cis_item_number(const struct cis_item *it, const char *version);
/* Prints the whole table as Markdown for a version: number, title, the
 * benchmark's label, the dockguard rules that automate it (from the
 * registry) and their severity. Returns 0, or -1 for an unknown version. */
int cis_print_table(FILE *out, const char *version);

#endif
