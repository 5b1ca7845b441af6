/* One consistent read of a daemon for `dockguard audit`: version and info,
 * the container and image lists, then every container's inspect (and the
 * process list of running ones) and every image's inspect and history,
 * fetched concurrently, once; plus swarm objects when this node manages a
 * swarm. Rules then run over this snapshot without further requests. */
#ifndef DG_ENGINE_SNAPSHOT_H
#define DG_ENGINE_SNAPSHOT_H

#include <jansson.h>
#include <stdbool.h>
#include "core/error.h"
#include "engine/engine.h"

/* Bound on the objects of one kind a daemon may list. */
#define ENGINE_MAX_OBJECTS 100000

struct engine_object {
    json_t *inspect;        /* NULL when rc != 0 */
    json_t *extra;          /* container: GET …/top (running ones); image: GET …/history */
    int rc, extra_rc;
    struct dg_error err, extra_err;
    bool gone;              /* removed between listing and inspecting (404): not an error */
};

struct engine_snapshot {
    json_t *version, *info;
    json_t *containers_list, *images_list;
    struct engine_object *containers, *images;
    size_t ncontainers, nimages;
    /* Swarm (managers only) and networks; NULL when not available. */
    json_t *swarm, *networks, *services, *secrets;
    double seconds;         /* wall time of the fetch */
    unsigned requests;
};

struct engine_fetch_opts {
    bool running_only;      /* inspect running containers only */
    bool processes;         /* list processes of running containers (GET /top) */
};

/* Fetches everything. Fails (and returns the error) only when the daemon
 * cannot be reached or the lists cannot be read; per-object failures are
 * kept in the objects. */
int engine_snapshot_fetch(struct engine *e, const struct engine_fetch_opts *o, struct engine_snapshot *s,
                          struct dg_error *err);
void engine_snapshot_free(struct engine_snapshot *s);

#endif
