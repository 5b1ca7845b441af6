/* inventory: the images and containers of one daemon taken as a whole, plus
 * the auditing client's environment. Produced by src/engine/ from the image
 * and container lists; checked by the inventory rules in
 * src/rules/rules_live.c (image and container sprawl, content trust).
 * Plain data, no I/O. */
#ifndef DG_MODEL_INVENTORY_H
#define DG_MODEL_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/util.h"

struct inv_image {
    char *id;                /* "sha256:…" */
    struct dg_strv tags;     /* RepoTags without "<none>:<none>" */
    int64_t size;            /* bytes, -1 unknown */
    int64_t created;         /* unix time, 0 unknown */
    unsigned containers;     /* containers (running or not) created from it */
};

struct inv_container {
    char *id;
    char *name;              /* "/web" */
    char *image_id;
    bool running;
    char *state;             /* "running", "exited", "created", ... */
};

struct inventory {
    bool present;            /* false when the lists could not be read: rules skip */
    struct inv_image *images;
    size_t nimages, cap_images;
    struct inv_container *containers;
    size_t ncontainers, cap_containers;
    /* DOCKER_CONTENT_TRUST as the auditing client sees it; NULL when unset. */
    char *content_trust;
};

void inv_init(struct inventory *v);
void inv_free(struct inventory *v);
struct inv_image *inv_add_image(struct inventory *v);          /* zeroed, owned by v */
struct inv_container *inv_add_container(struct inventory *v);
/* Counts images used by each container (matching image ids) into
 * inv_image.containers. */
void inv_link(struct inventory *v);

#endif
