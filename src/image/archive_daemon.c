/* Streams `GET /images/{name}/get` (the daemon's `docker save`) into the
 * archive reader without a temporary file. libcurl pushes bytes through a
 * write callback while the reader pulls; the curl multi interface turns the
 * push into a pull: each pull runs the transfer until some bytes are
 * buffered, and the write callback pauses the transfer when the buffer is
 * full, so memory stays bounded whatever the image size.
 *
 * The Engine API client (src/engine) answers whole JSON documents; this
 * streaming transfer reuses its endpoint parsing and speaks plain HTTP over
 * the unix socket or TCP (TLS endpoints are refused with a message). */
#include "image/archive_daemon.h"
#include "core/error.h"
#include "core/util.h"
#include "engine/engine.h"

#include "core/lazy_curl.h"
#include <stdlib.h>
#include <string.h>

#define DAEMON_BUF (1u << 20)
#define DAEMON_ERRBODY (64u << 10)

struct iarchive_daemon {
    CURLM *multi;
    CURL *easy;
    char *url;
    char *what;          /* "GET /images/NAME/get", for messages */
    char *buf;
    size_t len, cap, given;
    bool paused, done, added;
    CURLcode result;
    long status;
    struct dg_buf errbody;
};

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct iarchive_daemon *d = ud;
    size_t n = size * nmemb;
    if (!d->status) curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &d->status);
    if (d->status != 200) {
        /* Keep the daemon's {"message": ...} for the error, bounded. */
        dg_buf_append(&d->errbody, ptr, n);
        return n;
    }
    if (d->len && d->len + n > d->cap) {
        d->paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (d->len + n > d->cap) {
        /* A single delivery larger than the buffer (after a pause curl may
         * hand over what it held): grow once to take it. */
        d->cap = d->len + n;
        d->buf = dg_xrealloc(d->buf, d->cap);
    }
    memcpy(d->buf + d->len, ptr, n);
    d->len += n;
    return n;
}

int iarchive_daemon_open(const char *host, const char *image, struct iarchive_daemon **out, struct dg_error *err)
{
    *out = NULL;
    int lrc = lazylib_curl(err);
    if (lrc) return lrc;
    if (!host || !*host) host = getenv("DOCKER_HOST");
    if (!host || !*host) host = "unix:///var/run/docker.sock";
    char *upath = NULL, *hp = NULL;
    int rc = engine_parse_host(host, &upath, &hp, err);
    if (rc) return rc;
    if (dg_str_has_prefix(host, "https://") || (getenv("DOCKER_TLS_VERIFY") && *getenv("DOCKER_TLS_VERIFY"))) {
        free(upath);
        free(hp);
        return dg_error_set(err, DG_ERR_USAGE, "%s: --daemon streams over a unix socket or plain TCP only; "
                            "save the image with `docker save` and scan the file", host);
    }
    struct iarchive_daemon *d = dg_xcalloc(1, sizeof *d);
    dg_buf_init(&d->errbody, DAEMON_ERRBODY);
    d->cap = DAEMON_BUF;
    d->buf = dg_xmalloc(d->cap);
    d->easy = curl_easy_init();
    d->multi = curl_multi_init();
    if (!d->easy || !d->multi) {
        iarchive_daemon_close(d);
        free(upath);
        free(hp);
        return dg_error_set(err, DG_ERR, "cannot start an HTTP transfer");
    }
    char *esc = curl_easy_escape(d->easy, image, 0);
    d->url = dg_xasprintf("http://%s/images/%s/get", upath ? "docker" : hp, esc ? esc : "");
    d->what = dg_xasprintf("GET /images/%s/get", image);
    curl_free(esc);
    curl_easy_setopt(d->easy, CURLOPT_URL, d->url);
    if (upath) curl_easy_setopt(d->easy, CURLOPT_UNIX_SOCKET_PATH, upath);
    curl_easy_setopt(d->easy, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(d->easy, CURLOPT_WRITEDATA, d);
    curl_easy_setopt(d->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(d->easy, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    /* No overall timeout: a large image legitimately takes long; stall
     * detection instead (under 1 byte/s for 60 s). */
    curl_easy_setopt(d->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(d->easy, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(d->easy, CURLOPT_PROTOCOLS_STR, "http");
    free(upath);
    free(hp);
    curl_multi_add_handle(d->multi, d->easy);
    d->added = true;
    *out = d;
    return 0;
}

static int finish_error(struct iarchive_daemon *d, struct dg_error *err)
{
    if (d->result != CURLE_OK)
        return dg_error_set(err, DG_ERR_IO, "%s: %s (is the daemon running and the socket readable?)", d->what,
                            curl_easy_strerror(d->result));
    if (d->status != 200) {
        const char *msg = d->errbody.data ? d->errbody.data : "";
        /* {"message":"..."} → the message; else the body's first line. */
        const char *m = strstr(msg, "\"message\":\"");
        if (m) {
            m += 11;
            size_t n = strcspn(m, "\"");
            return dg_error_set(err, DG_ERR_NOTFOUND, "%s: HTTP %ld: %.*s", d->what, d->status, (int)n, m);
        }
        return dg_error_set(err, DG_ERR_IO, "%s: HTTP %ld: %.200s", d->what, d->status, msg);
    }
    return 0;
}

ssize_t iarchive_daemon_read(void *ud, const void **buf, struct dg_error *err)
{
    struct iarchive_daemon *d = ud;
    /* What was handed out last time has been consumed. */
    if (d->given) {
        d->len = 0;
        d->given = 0;
    }
    for (;;) {
        if (d->len) {
            *buf = d->buf;
            d->given = d->len;
            return (ssize_t)d->len;
        }
        if (d->done) {
            if (finish_error(d, err) != 0) return -1;
            return 0;
        }
        if (d->paused) {
            d->paused = false;
            curl_easy_pause(d->easy, CURLPAUSE_CONT);
        }
        int running = 0;
        CURLMcode mc = curl_multi_perform(d->multi, &running);
        if (mc != CURLM_OK) {
            dg_error_set(err, DG_ERR_IO, "%s: %s", d->what, curl_multi_strerror(mc));
            return -1;
        }
        int left;
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(d->multi, &left)))
            if (msg->msg == CURLMSG_DONE) {
                d->result = msg->data.result;
                d->done = true;
                if (!d->status) curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &d->status);
            }
        if (d->len || d->done) continue;
        if (!d->paused && running) curl_multi_poll(d->multi, NULL, 0, 1000, NULL);
    }
}

void iarchive_daemon_close(struct iarchive_daemon *d)
{
    if (!d) return;
    if (d->added) curl_multi_remove_handle(d->multi, d->easy);
    if (d->easy) curl_easy_cleanup(d->easy);
    if (d->multi) curl_multi_cleanup(d->multi);
    free(d->url);
    free(d->what);
    free(d->buf);
    dg_buf_free(&d->errbody);
    free(d);
}

const char *iarchive_daemon_what(const struct iarchive_daemon *d)
{
    return d->what;
}
