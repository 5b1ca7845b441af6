/* Rules written against the daemon model. */
#include "rules/tables.h"

const struct rule_table rules_daemon_table = {NULL, 0};
