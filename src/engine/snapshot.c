/* Fetching a daemon snapshot: three rounds of concurrent requests (see
 * snapshot.h). */
#include "engine/snapshot.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Object ids go into URL paths: accept only what Docker ids look like
 * ("0123abc…", "sha256:0123abc…"), so nothing can add a path or query. */
static bool id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > 200) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || *p == ':')) return false;
    return true;
}

static int take(struct engine_req *r, json_t **out, struct dg_error *err)
{
    if (r->rc) {
        if (err) *err = r->err;
        return r->rc;
    }
    *out = r->json;
    r->json = NULL;
    return 0;
}

static void free_reqs(struct engine_req *r, size_t n)
{
    for (size_t i = 0; i < n; i++) engine_req_free(&r[i]);
    free(r);
}

int engine_snapshot_fetch(struct engine *e, const struct engine_fetch_opts *o, struct engine_snapshot *s,
                          struct dg_error *err)
{
    static const struct engine_fetch_opts defaults = {.processes = true};
    if (!o) o = &defaults;
    memset(s, 0, sizeof *s);
    double t0 = dg_now();
    /* Round 1: the version and the lists together. Before negotiation the
     * paths carry no version, which the daemon answers in its own; these
     * answers have had the same shape for many API versions. */
    struct engine_req r1[5];
    engine_req_set(&r1[0], "/version");
    engine_req_set(&r1[1], "/info");
    engine_req_set(&r1[2], "/containers/json?all=1");
    engine_req_set(&r1[3], "/images/json");
    engine_req_set(&r1[4], "/networks");
    engine_get_many(e, r1, 5);
    s->requests += 5;
    int rc = take(&r1[0], &s->version, err);
    if (!rc) rc = engine_use_version(e, s->version, err);
    if (!rc) rc = take(&r1[2], &s->containers_list, err);
    if (!rc) rc = take(&r1[3], &s->images_list, err);
    if (!rc && !json_is_array(s->containers_list))
        rc = dg_error_set(err, DG_ERR_PARSE, "GET /containers/json: expected an array");
    if (!rc && !json_is_array(s->images_list))
        rc = dg_error_set(err, DG_ERR_PARSE, "GET /images/json: expected an array");
    if (!rc && (json_array_size(s->containers_list) > ENGINE_MAX_OBJECTS ||
                json_array_size(s->images_list) > ENGINE_MAX_OBJECTS))
        rc = dg_error_set(err, DG_ERR_LIMIT, "the daemon lists more than %d containers or images",
                          ENGINE_MAX_OBJECTS);
    /* /info and /networks are optional: rules that need them skip. */
    take(&r1[1], &s->info, NULL);
    take(&r1[4], &s->networks, NULL);
    for (size_t i = 0; i < 5; i++) engine_req_free(&r1[i]);
    if (rc) return rc;

    /* Round 2: every object, concurrently. */
    size_t nc = 0, nlist = json_array_size(s->containers_list);
    s->containers = dg_xcalloc(nlist ? nlist : 1, sizeof *s->containers);
    s->nimages = json_array_size(s->images_list);
    s->images = dg_xcalloc(s->nimages ? s->nimages : 1, sizeof *s->images);
    size_t maxreq = nlist * 2 + s->nimages * 2 + 3, nr = 0;
    struct engine_req *r2 = dg_xcalloc(maxreq, sizeof *r2);
    /* Which object and slot each request fills. */
    struct slot { struct engine_object *obj; bool extra; } *slots = dg_xcalloc(maxreq, sizeof *slots);
    for (size_t i = 0; i < nlist; i++) {
        const json_t *c = json_array_get(s->containers_list, i);
        const char *id = json_string_value(json_object_get(c, "Id"));
        const char *state = json_string_value(json_object_get(c, "State"));
        bool running = state && strcmp(state, "running") == 0;
        if (o->running_only && !running) continue;
        struct engine_object *obj = &s->containers[nc++];
        if (!id_ok(id)) {
            obj->rc = dg_error_set(&obj->err, DG_ERR_PARSE, "GET /containers/json: invalid container id");
            continue;
        }
        engine_req_set(&r2[nr], "/containers/%s/json", id);
        slots[nr++] = (struct slot){obj, false};
        if (running && o->processes) {
            engine_req_set(&r2[nr], "/containers/%s/top", id);
            slots[nr++] = (struct slot){obj, true};
        } else {
            obj->extra_rc = DG_ERR_NOTFOUND;
        }
    }
    s->ncontainers = nc;
    for (size_t i = 0; i < s->nimages; i++) {
        const json_t *im = json_array_get(s->images_list, i);
        const char *id = json_string_value(json_object_get(im, "Id"));
        struct engine_object *obj = &s->images[i];
        if (!id_ok(id)) {
            obj->rc = dg_error_set(&obj->err, DG_ERR_PARSE, "GET /images/json: invalid image id");
            continue;
        }
        engine_req_set(&r2[nr], "/images/%s/json", id);
        slots[nr++] = (struct slot){obj, false};
        engine_req_set(&r2[nr], "/images/%s/history", id);
        slots[nr++] = (struct slot){obj, true};
    }
    /* Swarm objects answer only on managers. */
    const json_t *sw = json_object_get(s->info, "Swarm");
    const char *state = json_string_value(json_object_get(sw, "LocalNodeState"));
    bool manager = json_is_true(json_object_get(sw, "ControlAvailable"));
    size_t swarm_at = nr;
    if (state && strcmp(state, "active") == 0 && manager) {
        engine_req_set(&r2[nr++], "/swarm");
        engine_req_set(&r2[nr++], "/services");
        engine_req_set(&r2[nr++], "/secrets");
    }
    engine_get_many(e, r2, nr);
    s->requests += (unsigned)nr;
    for (size_t i = 0; i < swarm_at; i++) {
        struct engine_object *obj = slots[i].obj;
        if (slots[i].extra) {
            obj->extra_rc = r2[i].rc;
            if (r2[i].rc) obj->extra_err = r2[i].err;
            else obj->extra = r2[i].json;
        } else {
            obj->rc = r2[i].rc;
            if (r2[i].rc) {
                obj->err = r2[i].err;
                obj->gone = r2[i].rc == DG_ERR_NOTFOUND;
            } else {
                obj->inspect = r2[i].json;
            }
        }
        r2[i].json = NULL;
    }
    if (nr > swarm_at) {
        take(&r2[swarm_at], &s->swarm, NULL);
        take(&r2[swarm_at + 1], &s->services, NULL);
        take(&r2[swarm_at + 2], &s->secrets, NULL);
    }
    free_reqs(r2, nr);
    free(slots);
    s->seconds = dg_now() - t0;
    return 0;
}

void engine_snapshot_free(struct engine_snapshot *s)
{
    json_decref(s->version); json_decref(s->info);
    json_decref(s->containers_list); json_decref(s->images_list);
    for (size_t i = 0; i < s->ncontainers; i++) {
        json_decref(s->containers[i].inspect);
        json_decref(s->containers[i].extra);
    }
    free(s->containers);
    for (size_t i = 0; i < s->nimages; i++) {
        json_decref(s->images[i].inspect);
        json_decref(s->images[i].extra);
    }
    free(s->images);
    json_decref(s->swarm); json_decref(s->networks); json_decref(s->services); json_decref(s->secrets);
    memset(s, 0, sizeof *s);
}
