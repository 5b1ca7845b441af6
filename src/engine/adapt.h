/* Adapters from Docker Engine API objects to dockguard's models:
 * container inspect (or a create request body) → container_spec, image
 * inspect + history → image_spec, and the container/image lists →
 * inventory. Pure functions over parsed JSON (no I/O), shared by
 * `dockguard audit` and the authorization plugin, and fuzzed.
 *
 * Values are the effective ones the daemon reports (HostConfig after
 * defaults, Config merged with the image's config, the top-level Mounts
 * list), so rules see how the container really runs. Positions are left
 * zero: findings point at the subject's reference ("container:/web"). */
#ifndef DG_ENGINE_ADAPT_H
#define DG_ENGINE_ADAPT_H

#include <jansson.h>
#include "core/error.h"
#include "model/container_spec.h"
#include "model/image_spec.h"
#include "model/inventory.h"

/* Bounds on lists inside one object (env, mounts, ports, ...). */
#define ENGINE_MAX_LIST 10000

/* GET /containers/{id}/json → c (cs_init is done here). c is usable, and
 * freed with cs_free, even when an error is returned. */
int engine_container_spec_from_inspect(const json_t *inspect, struct container_spec *c, struct dg_error *err);
/* A POST /containers/create body (Config fields with HostConfig inside), as
 * the authorization plugin sees it; name is the ?name= parameter or NULL. */
int engine_container_spec_from_create(const json_t *body, const char *name, struct container_spec *c,
                                      struct dg_error *err);
/* Applies GET /info facts that live rules need (AppArmor/SELinux on the
 * host) to a spec built from inspect. info may be NULL (unknown). */
void engine_container_apply_info(struct container_spec *c, const json_t *info);

/* GET /containers/{id}/top → c->live.top_* (top_known set on success). */
int engine_container_apply_top(struct container_spec *c, const json_t *top, struct dg_error *err);

/* GET /images/{id}/json and (optional, may be NULL) /images/{id}/history →
 * s (is_init is done here). */
int engine_image_spec_from_inspect(const json_t *inspect, const json_t *history, struct image_spec *s,
                                   struct dg_error *err);

/* GET /images/json and /containers/json?all=1 → v (inv_init is done here). */
int engine_inventory_from_lists(const json_t *images, const json_t *containers, struct inventory *v,
                                struct dg_error *err);

/* The name a container is reported by: "/web" (Name, else a short id). */
const char *engine_container_name(const json_t *inspect);
/* The reference an image is reported by: first RepoTag, else first
 * RepoDigest, else the short id; allocated. */
char *engine_image_ref(const json_t *inspect);

#endif
