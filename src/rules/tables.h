/* One rule table per model, each defined in rules_<model>.c. */
#ifndef DG_RULES_TABLES_H
#define DG_RULES_TABLES_H

#include "core/rule.h"

extern const struct rule_table rules_build_table;
/* What the build rules share per Dockerfile: RUN commands, base images. */
extern const struct rule_memo_ops rules_build_memo;
extern const struct rule_table rules_image_table;
extern const struct rule_table rules_container_table;
extern const struct rule_table rules_daemon_table;
extern const struct rule_table rules_host_table;
extern const struct rule_table rules_fs_table;
extern const struct rule_table rules_vuln_table;
extern const struct rule_table rules_trust_table;
/* Live-container and inventory rules (engine), content secrets in image files. */
extern const struct rule_table rules_live_table;
extern const struct rule_table rules_secrets_table;

#endif
