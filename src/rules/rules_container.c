/* Rules written against the container model. */
#include "rules/tables.h"

const struct rule_table rules_container_table = {NULL, 0};
