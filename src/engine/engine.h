/* Docker Engine API client: libcurl over the daemon's unix socket or TCP
 * (with TLS client certificates), API version negotiation, bounded
 * responses parsed with jansson, and a small pool of concurrent requests
 * (curl multi) so that inspecting hundreds of objects takes one round of
 * parallel requests rather than one request per check.
 *
 * Nothing here prints; every failure fills a dg_error that names the call
 * ("GET /containers/json") and says what went wrong in terms a user can act
 * on (daemon unreachable, permission denied on the socket, TLS failure, the
 * daemon's own {"message": …}). */
#ifndef DG_ENGINE_ENGINE_H
#define DG_ENGINE_ENGINE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"

/* The newest API version this client speaks; older daemons get their own. */
#define ENGINE_API_VERSION "1.43"
/* Bounds on what a (possibly hostile) daemon can make us hold. */
#define ENGINE_MAX_RESPONSE (64u << 20)   /* one response body */
#define ENGINE_TIMEOUT_MS 30000L          /* one request, connect included */
#define ENGINE_PARALLEL 8u                /* requests in flight at once */

struct engine_opts {
    const char *host;        /* "unix:///path" or "tcp://h:p"; NULL: DOCKER_HOST, else the default socket */
    const char *tlscacert;   /* NULL: DOCKER_CERT_PATH/ca.pem when TLS verification is on */
    const char *tlscert;
    const char *tlskey;
    int tls;                 /* -1 decide from flags/environment, 0 off, 1 on */
    int tls_verify;          /* -1 from DOCKER_TLS_VERIFY, 0 off, 1 on */
    long timeout_ms;         /* 0: ENGINE_TIMEOUT_MS */
    size_t max_response;     /* 0: ENGINE_MAX_RESPONSE */
    unsigned parallel;       /* 0: ENGINE_PARALLEL */
};

struct engine;

/* Resolves the endpoint and TLS settings (no I/O yet). */
int engine_open(const struct engine_opts *o, struct engine **out, struct dg_error *err);
void engine_close(struct engine *e);
/* The endpoint as the user would write it: "unix:///var/run/docker.sock". */
const char *engine_endpoint(const struct engine *e);

/* The pid of the process that listens on the daemon's unix socket
 * (SO_PEERCRED), so that host checks read the daemon being audited when
 * several run on one machine. 0 for TCP endpoints or when unknown. With
 * socket activation this is the init process, which callers must not
 * mistake for dockerd. */
int engine_peer_pid(const struct engine *e);

/* GET /version; sets the API version used for later calls to the lower of
 * the daemon's ApiVersion and ENGINE_API_VERSION. *version (optional) gets
 * the parsed answer, owned by the caller. */
int engine_negotiate(struct engine *e, json_t **version, struct dg_error *err);
const char *engine_api_version(const struct engine *e);
/* The same from a /version answer fetched by the caller (for example in
 * the same round as other unversioned requests). */
int engine_use_version(struct engine *e, const json_t *version, struct dg_error *err);

/* GET path (e.g. "/containers/json?all=1", without the /vX.Y prefix,
 * which is added once negotiated). *out is the parsed body, caller-owned. */
int engine_get_json(struct engine *e, const char *path, json_t **out, struct dg_error *err);

/* A batch of GET requests run concurrently (at most opts.parallel at once).
 * Each request has its own result: json (owned by the request) or rc/err. */
struct engine_req {
    char *path;              /* owned; set by the caller (engine_req_set) */
    json_t *json;
    long status;             /* HTTP status, 0 when none */
    int rc;                  /* 0 or a negative DG_ERR_* */
    struct dg_error err;
};
void engine_req_set(struct engine_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void engine_get_many(struct engine *e, struct engine_req *reqs, size_t n);
void engine_req_free(struct engine_req *r);

/* Parses a response body as the client does: bounded, duplicate keys
 * rejected. what names the call in errors. Exposed for tests and fuzzing. */
int engine_parse_body(const char *what, const char *body, size_t len, long status, json_t **out,
                      struct dg_error *err);
/* Splits a DOCKER_HOST style URL. Sets *unix_path (allocated) for unix://,
 * or *host_port (allocated, "h:p" with the default port added) for tcp://.
 * Returns 0 or DG_ERR_USAGE with a message. */
int engine_parse_host(const char *url, char **unix_path, char **host_port, struct dg_error *err);
/* Compares dotted API versions ("1.41" < "1.43"). */
int engine_api_cmp(const char *a, const char *b);

#endif
