/* Rules written against the build model. */
#include "rules/tables.h"

const struct rule_table rules_build_table = {NULL, 0};
