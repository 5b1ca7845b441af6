/* Rules written against the vuln model. */
#include "rules/tables.h"

const struct rule_table rules_vuln_table = {NULL, 0};
