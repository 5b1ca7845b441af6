/* Rules written against the image model. */
#include "rules/tables.h"

const struct rule_table rules_image_table = {NULL, 0};
