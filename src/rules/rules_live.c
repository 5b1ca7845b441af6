/* Rules: live (table owned by its module; see the brief). */
#include "rules/tables.h"

const struct rule_table rules_live_table = {NULL, 0};
