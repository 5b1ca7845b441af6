/* Docker Engine API client over libcurl (see engine.h). */
/* struct ucred (SO_PEERCRED) is a GNU extension of <sys/socket.h>. */
#define _GNU_SOURCE
#include "engine/engine.h"
#include "core/util.h"

#include "core/lazy_curl.h"
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct engine {
    char *endpoint;        /* as the user would write it */
    char *unix_path;       /* unix socket, or NULL for TCP */
    char *base_url;        /* "http://docker" for unix, "https://h:p" for TCP */
    bool tls, verify;
    char *cacert, *cert, *key;
    long timeout_ms;
    size_t max_response;
    unsigned parallel;
    char api[16];          /* negotiated version, "" before negotiation */
    CURLSH *share;         /* connection and DNS cache shared by every handle */
};

int engine_api_cmp(const char *a, const char *b)
{
    /* Component by component; a missing component reads as 0. Each turn
     * moves past at least one '.', so the loop ends. */
    for (;;) {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (x != y) return x < y ? -1 : 1;
        if (*ea != '.' && *eb != '.') return 0;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
}

int engine_parse_host(const char *url, char **unix_path, char **host_port, struct dg_error *err)
{
    *unix_path = NULL;
    *host_port = NULL;
    if (!url || !*url) return dg_error_set(err, DG_ERR_USAGE, "empty Docker host");
    if (strlen(url) > 4096) return dg_error_set(err, DG_ERR_USAGE, "Docker host URL too long");
    if (dg_str_has_prefix(url, "unix://")) {
        const char *p = url + 7;
        if (*p != '/') return dg_error_set(err, DG_ERR_USAGE, "%s: a unix socket path must be absolute", url);
        /* sun_path holds 108 bytes including the NUL. */
        if (strlen(p) > 107) return dg_error_set(err, DG_ERR_USAGE, "%s: socket path too long", url);
        *unix_path = dg_xstrdup(p);
        return 0;
    }
    const char *rest = NULL;
    if (dg_str_has_prefix(url, "tcp://")) rest = url + 6;
    else if (dg_str_has_prefix(url, "http://")) rest = url + 7;
    else if (dg_str_has_prefix(url, "https://")) rest = url + 8;
    if (!rest) {
        if (url[0] == '/') {
            *unix_path = dg_xstrdup(url);
            return 0;
        }
        return dg_error_set(err, DG_ERR_USAGE,
                            "%s: unsupported Docker host (use unix:///path/docker.sock or tcp://host:port)", url);
    }
    size_t n = strcspn(rest, "/?#");
    if (n == 0) return dg_error_set(err, DG_ERR_USAGE, "%s: missing host name", url);
    for (size_t i = 0; i < n; i++)
        if (rest[i] == '@' || rest[i] == ' ' || (unsigned char)rest[i] < 0x21)
            return dg_error_set(err, DG_ERR_USAGE, "%s: invalid host name", url);
    char *hp = dg_xstrndup(rest, n);
    /* A port is present when the last ':' comes after any IPv6 ']'. */
    const char *colon = strrchr(hp, ':'), *bracket = strrchr(hp, ']');
    if (!colon || (bracket && colon < bracket)) {
        /* Docker's conventional ports: 2376 with TLS, 2375 without. */
        bool tls = dg_str_has_prefix(url, "https://") || getenv("DOCKER_TLS_VERIFY");
        char *full = dg_xasprintf("%s:%d", hp, tls ? 2376 : 2375);
        free(hp);
        hp = full;
    }
    *host_port = hp;
    return 0;
}

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

int engine_open(const struct engine_opts *o, struct engine **out, struct dg_error *err)
{
    static const struct engine_opts defaults = {.tls = -1, .tls_verify = -1};
    if (!o) o = &defaults;
    int lrc = lazylib_curl(err);
    if (lrc) return lrc;
    const char *host = o->host;
    if (!host || !*host) host = getenv("DOCKER_HOST");
    if (!host || !*host) host = "unix:///var/run/docker.sock";
    char *upath = NULL, *hp = NULL;
    int rc = engine_parse_host(host, &upath, &hp, err);
    if (rc) return rc;
    struct engine *e = dg_xcalloc(1, sizeof *e);
    e->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : ENGINE_TIMEOUT_MS;
    e->max_response = o->max_response ? o->max_response : ENGINE_MAX_RESPONSE;
    e->parallel = o->parallel ? o->parallel : ENGINE_PARALLEL;
    if (upath) {
        e->unix_path = upath;
        e->endpoint = dg_xasprintf("unix://%s", upath);
        e->base_url = dg_xstrdup("http://docker");
    } else {
        /* Docker's client rules: DOCKER_TLS_VERIFY (or --tlsverify) means TLS
         * with verification; --tls or client certificates mean TLS; an
         * https:// URL means TLS. */
        int verify = o->tls_verify >= 0 ? o->tls_verify : env_set("DOCKER_TLS_VERIFY");
        int tls = o->tls >= 0 ? o->tls : 0;
        if (verify || o->tlscert || o->tlskey || o->tlscacert || dg_str_has_prefix(host, "https://")) tls = 1;
        e->tls = tls;
        e->verify = tls && verify;
        e->endpoint = dg_xasprintf("tcp://%s", hp);
        e->base_url = dg_xasprintf("%s://%s", tls ? "https" : "http", hp);
        if (tls) {
            const char *dir = getenv("DOCKER_CERT_PATH");
            char *home_dir = NULL;
            if (!dir || !*dir) {
                const char *home = getenv("HOME");
                home_dir = dg_xasprintf("%s/.docker", home && *home ? home : "");
                dir = home_dir;
            }
            e->cacert = o->tlscacert ? dg_xstrdup(o->tlscacert) : e->verify ? dg_xasprintf("%s/ca.pem", dir) : NULL;
            e->cert = o->tlscert ? dg_xstrdup(o->tlscert) : dg_xasprintf("%s/cert.pem", dir);
            e->key = o->tlskey ? dg_xstrdup(o->tlskey) : dg_xasprintf("%s/key.pem", dir);
            free(home_dir);
        }
        free(hp);
    }
    e->share = curl_share_init();
    if (e->share) {
        curl_share_setopt(e->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(e->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    }
    *out = e;
    return 0;
}

void engine_close(struct engine *e)
{
    if (!e) return;
    if (e->share) curl_share_cleanup(e->share);
    free(e->endpoint); free(e->unix_path); free(e->base_url);
    free(e->cacert); free(e->cert); free(e->key);
    free(e);
}

const char *engine_endpoint(const struct engine *e)
{
    return e->endpoint;
}

int engine_peer_pid(const struct engine *e)
{
    if (!e->unix_path) return 0;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", e->unix_path);
    int pid = 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
        struct ucred cr;
        socklen_t len = sizeof cr;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid > 0) pid = (int)cr.pid;
    }
    close(fd);
    return pid;
}

const char *engine_api_version(const struct engine *e)
{
    return e->api[0] ? e->api : NULL;
}

void engine_req_set(struct engine_req *r, const char *fmt, ...)
{
    memset(r, 0, sizeof *r);
    struct dg_buf b;
    dg_buf_init(&b, 0);
    va_list ap;
    va_start(ap, fmt);
    dg_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    r->path = dg_buf_steal(&b);
}

void engine_req_free(struct engine_req *r)
{
    free(r->path);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

int engine_parse_body(const char *what, const char *body, size_t len, long status, json_t **out,
                      struct dg_error *err)
{
    *out = NULL;
    json_error_t je;
    json_t *j = body && len ? json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je) : NULL;
    if (status >= 400 || status < 200) {
        const char *msg = NULL;
        if (j && json_is_object(j)) msg = json_string_value(json_object_get(j, "message"));
        char *text = NULL;
        if (!msg && body && len) {
            /* A non-JSON error body: show its first line, bounded (the
             * body need not be NUL-terminated). */
            size_t n = 0;
            while (n < len && n < 200 && body[n] != '\r' && body[n] != '\n' && body[n] != '\0') n++;
            text = dg_xstrndup(body, n);
        }
        int code = status == 404 ? DG_ERR_NOTFOUND : DG_ERR;
        dg_error_set(err, code, "%s: the daemon answered HTTP %ld%s%s", what, status, (msg || text) ? ": " : "",
                     msg ? msg : text ? text : "");
        free(text);
        json_decref(j);
        return code;
    }
    if (!j) {
        if (!body || !len) return dg_error_set(err, DG_ERR_PARSE, "%s: empty response", what);
        return dg_error_set(err, DG_ERR_PARSE, "%s: invalid JSON in the response at byte %d: %s", what,
                            je.position, je.text);
    }
    *out = j;
    return 0;
}

/* One transfer in flight. */
struct xfer {
    CURL *h;
    struct engine_req *req;
    struct dg_buf body;
    bool too_big;
    char errbuf[CURL_ERROR_SIZE];
    char *url;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct xfer *x = ud;
    size_t n = size * nmemb;
    if (dg_buf_append(&x->body, ptr, n) != 0) {
        x->too_big = true;
        return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    return n;
}

static void xfer_start(struct engine *e, CURLM *m, struct xfer *x, struct engine_req *r)
{
    x->req = r;
    x->too_big = false;
    x->errbuf[0] = '\0';
    dg_buf_init(&x->body, e->max_response);
    free(x->url);
    if (e->api[0]) x->url = dg_xasprintf("%s/v%s%s", e->base_url, e->api, r->path);
    else x->url = dg_xasprintf("%s%s", e->base_url, r->path);
    if (!x->h) x->h = curl_easy_init();
    else curl_easy_reset(x->h);
    CURL *h = x->h;
    curl_easy_setopt(h, CURLOPT_URL, x->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, e->timeout_ms);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "dockguard/" DG_VERSION);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (e->share) curl_easy_setopt(h, CURLOPT_SHARE, e->share);
    if (e->unix_path) curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, e->unix_path);
    if (e->tls) {
        if (e->cacert) curl_easy_setopt(h, CURLOPT_CAINFO, e->cacert);
        if (e->cert) curl_easy_setopt(h, CURLOPT_SSLCERT, e->cert);
        if (e->key) curl_easy_setopt(h, CURLOPT_SSLKEY, e->key);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, e->verify ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, e->verify ? 2L : 0L);
    }
    curl_multi_add_handle(m, h);
}

static void xfer_error(struct engine *e, struct xfer *x, CURLcode cc, const char *what)
{
    struct engine_req *r = x->req;
    long oserr = 0;
    curl_easy_getinfo(x->h, CURLINFO_OS_ERRNO, &oserr);
    const char *detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc);
    if (x->too_big) {
        r->rc = dg_error_set(&r->err, DG_ERR_LIMIT, "%s: response larger than %zu bytes", what, e->max_response);
    } else if (cc == CURLE_COULDNT_CONNECT && e->unix_path && oserr == EACCES) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO,
                             "%s: permission denied on the Docker socket %s (run as root or as a member of its group)",
                             what, e->unix_path);
    } else if (cc == CURLE_COULDNT_CONNECT && e->unix_path && oserr == ENOENT) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO,
                             "%s: no Docker socket at %s: is the daemon running? (use --host or DOCKER_HOST)", what,
                             e->unix_path);
    } else if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO, "%s: Docker daemon unreachable at %s: %s", what, e->endpoint,
                             oserr ? strerror((int)oserr) : detail);
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO, "%s: no answer from %s within %ld ms", what, e->endpoint,
                             e->timeout_ms);
    } else if (cc == CURLE_SSL_CONNECT_ERROR || cc == CURLE_PEER_FAILED_VERIFICATION ||
               cc == CURLE_SSL_CERTPROBLEM || cc == CURLE_SSL_CACERT_BADFILE || cc == CURLE_SSL_CIPHER ||
               cc == CURLE_SSL_ENGINE_NOTFOUND || cc == CURLE_SSL_ISSUER_ERROR || cc == CURLE_USE_SSL_FAILED) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO, "%s: TLS failure talking to %s: %s", what, e->endpoint, detail);
    } else if (cc == CURLE_GOT_NOTHING || cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR ||
               cc == CURLE_WEIRD_SERVER_REPLY) {
        r->rc = dg_error_set(&r->err, DG_ERR_IO, "%s: %s (is %s a Docker daemon%s?)", what, detail, e->endpoint,
                             e->tls ? "" : ", or does it expect TLS");
    } else {
        r->rc = dg_error_set(&r->err, DG_ERR_IO, "%s: %s: %s", what, e->endpoint, detail);
    }
}

static void xfer_done(struct engine *e, struct xfer *x, CURLcode cc)
{
    struct engine_req *r = x->req;
    /* Errors name the call as a user would type it. */
    char *what = dg_xasprintf("GET %s", r->path);
    if (cc != CURLE_OK) {
        xfer_error(e, x, cc, what);
    } else {
        curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &r->status);
        r->rc = engine_parse_body(what, x->body.data, x->body.len, r->status, &r->json, &r->err);
    }
    free(what);
    dg_buf_free(&x->body);
    x->req = NULL;
}

void engine_get_many(struct engine *e, struct engine_req *reqs, size_t n)
{
    if (!n) return;
    CURLM *m = curl_multi_init();
    size_t np = e->parallel < n ? e->parallel : n;
    struct xfer *xs = dg_xcalloc(np, sizeof *xs);
    size_t next = 0, active = 0;
    for (size_t i = 0; i < np; i++) {
        xfer_start(e, m, &xs[i], &reqs[next++]);
        active++;
    }
    while (active) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        bool finished = false;
        while (mc == CURLM_OK && (msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            struct xfer *x = NULL;
            for (size_t i = 0; i < np; i++)
                if (xs[i].h == msg->easy_handle) x = &xs[i];
            if (!x) continue;
            CURLcode cc = msg->data.result;
            curl_multi_remove_handle(m, x->h);
            xfer_done(e, x, cc);
            active--;
            finished = true;
            if (next < n) {
                xfer_start(e, m, x, &reqs[next++]);
                active++;
            }
        }
        /* Wait for socket activity only when nothing just finished: new
         * transfers must be started by the next perform right away. */
        if (mc == CURLM_OK && active && !finished) mc = curl_multi_poll(m, NULL, 0, 1000, NULL);
        if (mc != CURLM_OK) {
            /* The multi handle itself failed: fail whatever is left. */
            for (size_t i = 0; i < np; i++)
                if (xs[i].req) {
                    xs[i].req->rc = dg_error_set(&xs[i].req->err, DG_ERR_IO, "GET %s: %s", xs[i].req->path,
                                                 curl_multi_strerror(mc));
                    curl_multi_remove_handle(m, xs[i].h);
                    dg_buf_free(&xs[i].body);
                    xs[i].req = NULL;
                }
            for (; next < n; next++)
                reqs[next].rc = dg_error_set(&reqs[next].err, DG_ERR_IO, "GET %s: %s", reqs[next].path,
                                             curl_multi_strerror(mc));
            break;
        }
    }
    for (size_t i = 0; i < np; i++) {
        if (xs[i].h) curl_easy_cleanup(xs[i].h);
        free(xs[i].url);
        dg_buf_free(&xs[i].body);
    }
    free(xs);
    curl_multi_cleanup(m);
}

int engine_get_json(struct engine *e, const char *path, json_t **out, struct dg_error *err)
{
    struct engine_req r;
    engine_req_set(&r, "%s", path);
    engine_get_many(e, &r, 1);
    int rc = r.rc;
    if (rc) {
        *err = r.err;
        *out = NULL;
    } else {
        *out = r.json;
        r.json = NULL;
    }
    engine_req_free(&r);
    return rc;
}

int engine_use_version(struct engine *e, const json_t *v, struct dg_error *err)
{
    const char *api = json_string_value(json_object_get(v, "ApiVersion"));
    if (!api || !*api || strlen(api) >= sizeof e->api || strspn(api, "0123456789.") != strlen(api))
        return dg_error_set(err, DG_ERR_PARSE, "GET /version: no usable ApiVersion in the answer from %s",
                            e->endpoint);
    const char *use = engine_api_cmp(api, ENGINE_API_VERSION) < 0 ? api : ENGINE_API_VERSION;
    snprintf(e->api, sizeof e->api, "%s", use);
    return 0;
}

int engine_negotiate(struct engine *e, json_t **version, struct dg_error *err)
{
    json_t *v = NULL;
    e->api[0] = '\0';
    int rc = engine_get_json(e, "/version", &v, err);
    if (!rc) rc = engine_use_version(e, v, err);
    if (rc) {
        json_decref(v);
        return rc;
    }
    if (version) *version = v;
    else json_decref(v);
    return 0;
}
