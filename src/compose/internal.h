/* Internal interfaces between the compose loader, merger and converter. */
#ifndef DG_COMPOSE_INTERNAL_H
#define DG_COMPOSE_INTERNAL_H

#include "compose/compose.h"

/* Paths. */
char *compose_join(const char *dir, const char *rel);
struct compose_source *compose_find_source(struct compose_project *p, const char *path);
/* The source whose path string is exactly this pointer (a dg_pos.file / ynode.file). */
struct compose_source *compose_source_of(struct compose_project *p, const char *file);
struct compose_source *compose_load_extends(struct compose_project *p, const char *path, struct dg_error *err);
/* NULL with *missing set when an optional file is absent; NULL with err otherwise. */
struct compose_source *compose_load_envfile(struct compose_project *p, const char *path, bool required, bool *missing,
                                            struct dg_error *err);
const char *compose_lookup(void *ud, const char *name, size_t len, enum interp_source *src, int *line);

/* Merging (merge.c): new nodes in the project arena; inputs are not changed. */
int compose_check_top(struct compose_project *p, const struct ynode *root, struct dg_error *err);
struct ynode *compose_merge_top(struct compose_project *p, struct ynode *base, struct ynode *over);
struct ynode *compose_merge_service(struct compose_project *p, struct ynode *base, struct ynode *over);
/* Resolves extends and converts every service of the merged model. */
int compose_build_services(struct compose_project *p, struct ynode *model, struct dg_error *err);

/* Conversion (service.c): one effective service node -> container_spec. */
int compose_service_convert(struct compose_project *p, const struct ynode *name, const struct ynode *svc,
                            const struct ynode *model, struct compose_service *out, struct dg_error *err);

#endif
