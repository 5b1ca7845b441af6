/* Rules written against the fs model. */
#include "rules/tables.h"

const struct rule_table rules_fs_table = {NULL, 0};
