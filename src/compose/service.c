/* One effective compose service -> container_spec: every security-relevant
 * key of the Compose Specification in each of its syntaxes. A value of the
 * wrong type is an error naming the file and line of its key, as
 * `docker compose config` would refuse the file. */
#include "compose/internal.h"
#include "core/error.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct conv {
    struct compose_project *p;
    const struct ynode *model;
    struct compose_service *out;
    struct container_spec *c;
    const char *svc;
    struct dg_error *err;
    const struct ynode *key;   /* key being converted, for messages */
    const struct ynode *dotenv_seen[64];
    size_t ndotenv_seen;
};

static struct dg_pos pos_of(const struct ynode *n)
{
    struct dg_pos p = {n->file, n->line, n->col};
    return p;
}

__attribute__((format(printf, 3, 4))) static int bad(struct conv *cv, const struct ynode *at, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dg_error_at(cv->err, DG_ERR_PARSE, at->file, at->line, "services.%.80s.%.*s: %s", cv->svc,
                       cv->key ? (int)(cv->key->len > 60 ? 60 : cv->key->len) : 0, cv->key ? cv->key->s : "", msg);
}

static bool keyis(const struct ynode *k, const char *s)
{
    size_t l = strlen(s);
    return k->len == l && memcmp(k->s, s, l) == 0;
}

/* A scalar value; NULL (no error) for null. */
static int scalar(struct conv *cv, const struct ynode *v, const char **out)
{
    *out = NULL;
    if (ynode_is_null(v)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected a string, not a %s", ytype_name(v));
    *out = v->s;
    return 0;
}

static int set_str(struct conv *cv, const struct ypair *pr, char **field, enum cs_field f)
{
    const char *s;
    if (scalar(cv, pr->v, &s) != 0) return -1;
    free(*field);
    *field = s ? dg_xstrdup(s) : NULL;
    cv->c->pos[f] = pos_of(pr->k);
    return 0;
}

static int parse_bool(struct conv *cv, const struct ynode *v, bool *out, bool *set)
{
    *set = false;
    if (ynode_is_null(v)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected true or false, not a %s", ytype_name(v));
    /* YAML 1.1 spellings are accepted, as compose converts them. */
    static const char *const yes[] = {"true", "yes", "y", "on"}, *const no[] = {"false", "no", "n", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v->s, yes[i]) == 0) { *out = *set = true; return 0; }
        if (strcasecmp(v->s, no[i]) == 0) { *out = false; *set = true; return 0; }
    }
    if (v->interpolated && v->len == 0) return 0;
    return bad(cv, v, "invalid boolean \"%.80s\"", v->s);
}

static int set_bool(struct conv *cv, const struct ypair *pr, bool *field, enum cs_field f)
{
    bool b, set;
    if (parse_bool(cv, pr->v, &b, &set) != 0) return -1;
    if (set) {
        *field = b;
        if ((int)f >= 0) cv->c->pos[f] = pos_of(pr->k);
    }
    return 0;
}

static int parse_int(struct conv *cv, const struct ynode *v, int64_t *out, bool *set)
{
    *set = false;
    if (ynode_is_null(v) || (v->interpolated && v->len == 0)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected a number, not a %s", ytype_name(v));
    errno = 0;
    char *end;
    long long n = strtoll(v->s, &end, 10);
    if (errno || end == v->s || *end) return bad(cv, v, "invalid integer \"%.80s\"", v->s);
    *out = n;
    *set = true;
    return 0;
}

static int parse_bytes(struct conv *cv, const struct ynode *v, int64_t *out, bool *set)
{
    *set = false;
    if (ynode_is_null(v) || (v->interpolated && v->len == 0)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected a size, not a %s", ytype_name(v));
    if (strcmp(v->s, "-1") == 0) {
        *out = -1;
        *set = true;
        return 0;
    }
    if (cs_parse_bytes(v->s, out) != 0) return bad(cv, v, "invalid size \"%.80s\"", v->s);
    *set = true;
    return 0;
}

static int parse_cpus(struct conv *cv, const struct ynode *v, int64_t *out, bool *set)
{
    *set = false;
    if (ynode_is_null(v) || (v->interpolated && v->len == 0)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected a number of CPUs, not a %s", ytype_name(v));
    errno = 0;
    char *end;
    double d = strtod(v->s, &end);
    if (errno || end == v->s || *end || !isfinite(d) || d < 0 || d > 1e6)
        return bad(cv, v, "invalid number of CPUs \"%.80s\"", v->s);
    *out = (int64_t)llround(d * 1e9);
    *set = true;
    return 0;
}

/* cpu_period / cpu_quota: microseconds, or a duration such as "50ms". */
static int parse_micros(struct conv *cv, const struct ynode *v, int64_t *out, bool *set)
{
    *set = false;
    if (ynode_is_null(v) || (v->interpolated && v->len == 0)) return 0;
    if (v->type != Y_SCALAR) return bad(cv, v, "expected microseconds, not a %s", ytype_name(v));
    errno = 0;
    char *end;
    double d = strtod(v->s, &end);
    double mul = 1;
    if (strcmp(end, "us") == 0) end += 2;
    else if (strcmp(end, "ms") == 0) { mul = 1e3; end += 2; }
    else if (strcmp(end, "s") == 0) { mul = 1e6; end += 1; }
    if (errno || end == v->s || *end || !isfinite(d) || d * mul > 9e15 || d * mul < -1)
        return bad(cv, v, "invalid duration \"%.80s\"", v->s);
    *out = (int64_t)(d * mul);
    *set = true;
    return 0;
}

/* Counts entries converted against the project's work bound: a service
 * that many others extend would otherwise be converted once per extender. */
static int charge(struct conv *cv, const struct ynode *v)
{
    if (v->n > COMPOSE_MAX_LIST) return bad(cv, v, "more than %d entries", COMPOSE_MAX_LIST);
    cv->p->work += v->n;
    if (cv->p->work > COMPOSE_MAX_WORK)
        return dg_error_at(cv->err, DG_ERR_LIMIT, v->file, v->line,
                           "services expand the project past %d entries (extends or merge amplification)",
                           COMPOSE_MAX_WORK);
    return 0;
}

static int need_seq(struct conv *cv, const struct ynode *v)
{
    if (v->type != Y_SEQ) return bad(cv, v, "must be a list, not a %s", ytype_name(v));
    return charge(cv, v);
}

/* A list of strings (cap_add, security_opt, ...); when one_ok, a single string too. */
static int str_list(struct conv *cv, const struct ypair *pr, struct cs_strs *out, enum cs_field f, bool one_ok)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    cv->c->pos[f] = pos_of(pr->k);
    if (one_ok && v->type == Y_SCALAR) {
        cs_strs_push(out, v->s, pos_of(v));
        return 0;
    }
    if (need_seq(cv, v) != 0) return -1;
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type != Y_SCALAR || ynode_is_null(it))
            return bad(cv, it, "list entries must be strings, not a %s", ytype_name(it));
        cs_strs_push(out, it->s, pos_of(it));
    }
    return 0;
}

/* ---- ports ---- */

static int port_range(const char *s, size_t n, unsigned *lo, unsigned *hi)
{
    if (n == 0 || n > 11) return -1;
    char buf[12];
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *dash = strchr(buf, '-');
    if (dash) *dash = '\0';
    char *end;
    for (char *q = buf; *q; q++)
        if (!isdigit((unsigned char)*q)) return -1;
    if (!buf[0]) return -1;
    unsigned long a = strtoul(buf, &end, 10), b = a;
    if (a > 65535) return -1;
    if (dash) {
        if (!dash[1]) return -1;
        for (char *q = dash + 1; *q; q++)
            if (!isdigit((unsigned char)*q)) return -1;
        b = strtoul(dash + 1, &end, 10);
        if (b > 65535 || b < a) return -1;
    }
    *lo = (unsigned)a;
    *hi = (unsigned)b;
    return 0;
}

static int valid_proto(const char *p)
{
    return strcmp(p, "tcp") == 0 || strcmp(p, "udp") == 0 || strcmp(p, "sctp") == 0;
}

static int set_host_ip(struct cs_port *p, const char *ip, size_t n, const char **why)
{
    if (n == 0) return 0;
    char buf[64];
    if (ip[0] == '[') {
        if (n < 2 || ip[n - 1] != ']') { *why = "unbalanced brackets around the host IP"; return -1; }
        ip++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof buf) { *why = "invalid host IP"; return -1; }
    memcpy(buf, ip, n);
    buf[n] = '\0';
    unsigned char addr[16];
    if (inet_pton(AF_INET, buf, addr) != 1 && inet_pton(AF_INET6, buf, addr) != 1) {
        *why = "invalid host IP";
        return -1;
    }
    p->host_ip = dg_xstrdup(buf);
    return 0;
}

int compose_parse_port(const char *spec, struct cs_port *p, const char **why)
{
    *why = NULL;
    size_t len = strlen(spec);
    const char *slash = strrchr(spec, '/');
    size_t body = slash ? (size_t)(slash - spec) : len;
    const char *proto = slash ? slash + 1 : "tcp";
    char pl[8];
    size_t n = strlen(proto);
    if (n == 0 || n >= sizeof pl) { *why = "invalid protocol"; return -1; }
    for (size_t i = 0; i <= n; i++) pl[i] = (char)tolower((unsigned char)proto[i]);
    if (!valid_proto(pl)) { *why = "invalid protocol (tcp, udp or sctp)"; return -1; }
    /* Split as the Docker CLI does: the last field is the container port, the
     * one before it the host port, everything before that the host IP, so
     * "::1:8080:80" binds ::1. */
    const char *c1 = NULL, *c2 = NULL;
    for (size_t i = body; i-- > 0;)
        if (spec[i] == ':') {
            if (!c1) c1 = spec + i;
            else { c2 = spec + i; break; }
        }
    const char *ctr = c1 ? c1 + 1 : spec;
    size_t ctrn = (size_t)(spec + body - ctr);
    const char *host = NULL;
    size_t hostn = 0;
    if (c1) {
        host = c2 ? c2 + 1 : spec;
        hostn = (size_t)(c1 - host);
        if (c2 && set_host_ip(p, spec, (size_t)(c2 - spec), why) != 0) return -1;
    }
    if (ctrn == 0) { *why = "no container port"; goto fail; }
    if (port_range(ctr, ctrn, &p->ctr_lo, &p->ctr_hi) != 0) { *why = "invalid container port"; goto fail; }
    if (hostn) {
        if (port_range(host, hostn, &p->host_lo, &p->host_hi) != 0) { *why = "invalid host port"; goto fail; }
        /* A host range for one container port is a pool to pick from. */
        if (p->host_hi - p->host_lo != p->ctr_hi - p->ctr_lo && p->ctr_hi != p->ctr_lo) {
            *why = "host and container port ranges differ in size";
            goto fail;
        }
    }
    p->proto = dg_xstrdup(pl);
    p->published = true;
    p->raw = dg_xstrdup(spec);
    return 0;
fail:
    free(p->host_ip);
    p->host_ip = NULL;
    return -1;
}

static int conv_ports(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (need_seq(cv, v) != 0) return -1;
    cv->c->pos[CS_PORTS] = pos_of(pr->k);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type == Y_SCALAR && !ynode_is_null(it)) {
            struct cs_port tmp = {0};
            const char *why;
            if (compose_parse_port(it->s, &tmp, &why) != 0) return bad(cv, it, "%s in \"%.80s\"", why, it->s);
            struct cs_port *p = cs_add_port(cv->c);
            *p = tmp;
            p->pos = pos_of(it);
            continue;
        }
        if (it->type != Y_MAP) return bad(cv, it, "a port is a string or a mapping, not a %s", ytype_name(it));
        struct cs_port tmp = {0};
        const char *target = NULL, *published = NULL, *ip = NULL, *proto = NULL;
        if (scalar(cv, ymap_get(it, "target"), &target) != 0 ||
            scalar(cv, ymap_get(it, "published"), &published) != 0 || scalar(cv, ymap_get(it, "host_ip"), &ip) != 0 ||
            scalar(cv, ymap_get(it, "protocol"), &proto) != 0)
            return -1;
        if (!target) return bad(cv, it, "a long-form port needs a target");
        if (port_range(target, strlen(target), &tmp.ctr_lo, &tmp.ctr_hi) != 0 || tmp.ctr_lo != tmp.ctr_hi)
            return bad(cv, it, "invalid target port \"%.80s\"", target);
        if (published && *published &&
            port_range(published, strlen(published), &tmp.host_lo, &tmp.host_hi) != 0)
            return bad(cv, it, "invalid published port \"%.80s\"", published);
        const char *why = NULL;
        if (ip && set_host_ip(&tmp, ip, strlen(ip), &why) != 0) return bad(cv, it, "%s \"%.80s\"", why, ip);
        char pl[8] = "tcp";
        if (proto) {
            size_t n = strlen(proto);
            if (n >= sizeof pl) n = sizeof pl - 1;
            for (size_t j = 0; j < n; j++) pl[j] = (char)tolower((unsigned char)proto[j]);
            pl[n] = '\0';
            if (!valid_proto(pl)) {
                free(tmp.host_ip);
                return bad(cv, it, "invalid protocol \"%.80s\"", proto);
            }
        }
        struct cs_port *p = cs_add_port(cv->c);
        *p = tmp;
        p->proto = dg_xstrdup(pl);
        p->published = true;
        p->raw = dg_xasprintf("%s%s%s%s%s/%s", ip ? ip : "", ip ? ":" : "", published ? published : "",
                              published || ip ? ":" : "", target, pl);
        p->pos = pos_of(it);
    }
    return 0;
}

static int conv_expose(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (need_seq(cv, v) != 0) return -1;
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type != Y_SCALAR || ynode_is_null(it)) return bad(cv, it, "expose entries are ports");
        const char *slash = strchr(it->s, '/');
        size_t n = slash ? (size_t)(slash - it->s) : it->len;
        unsigned lo, hi;
        const char *proto = slash ? slash + 1 : "tcp";
        if (port_range(it->s, n, &lo, &hi) != 0 || !valid_proto(proto))
            return bad(cv, it, "invalid port \"%.80s\"", it->s);
        struct cs_port *p = cs_add_port(cv->c);
        p->ctr_lo = lo;
        p->ctr_hi = hi;
        p->proto = dg_xstrdup(proto);
        p->published = false;
        p->raw = dg_xstrdup(it->s);
        p->pos = pos_of(it);
    }
    return 0;
}

/* ---- volumes ---- */

static bool is_path_source(const char *s)
{
    /* As compose decides: ".", "/", "~" start a host path, and so does a
     * Windows drive or UNC path. */
    if (!s || !*s) return false;
    if (s[0] == '.' || s[0] == '/' || s[0] == '~') return true;
    if (s[0] == '\\' && s[1] == '\\') return true;
    return isalpha((unsigned char)s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

/* A named volume declared at the top level with driver_opts o=bind and a
 * device is a bind mount of that device path. */
static const char *named_volume_device(struct conv *cv, const char *name)
{
    struct ynode *vols = ymap_get(cv->model, "volumes");
    struct ynode *vol = vols ? ymap_get(vols, name) : NULL;
    struct ynode *opts = vol ? ymap_get(vol, "driver_opts") : NULL;
    if (!opts || opts->type != Y_MAP) return NULL;
    struct ynode *o = ymap_get(opts, "o"), *dev = ymap_get(opts, "device");
    if (!o || !dev || o->type != Y_SCALAR || dev->type != Y_SCALAR || !dev->len) return NULL;
    /* o is a mount option list: "bind", "rbind,ro", ... */
    const char *s = o->s;
    while (*s) {
        size_t n = strcspn(s, ",");
        if ((n == 4 && strncmp(s, "bind", 4) == 0) || (n == 5 && strncmp(s, "rbind", 5) == 0)) return dev->s;
        s += n;
        if (*s) s++;
    }
    return NULL;
}

static void resolve_named(struct conv *cv, struct cs_mount *m)
{
    if (m->type != CS_MOUNT_VOLUME || !m->source) return;
    const char *dev = named_volume_device(cv, m->source);
    if (dev) {
        m->type = CS_MOUNT_BIND;
        free(m->source);
        m->source = dg_xstrdup(dev);
    }
}

static bool is_propagation(const char *o, size_t n)
{
    static const char *const v[] = {"shared", "rshared", "slave", "rslave", "private", "rprivate"};
    for (size_t i = 0; i < 6; i++)
        if (strlen(v[i]) == n && strncmp(o, v[i], n) == 0) return true;
    return false;
}

static int short_volume(struct conv *cv, const struct ynode *it)
{
    const char *s = it->s;
    /* Split on ':' but not the one of a Windows drive letter. */
    const char *parts[4];
    size_t lens[4], n = 0;
    const char *p = s;
    while (n < 4) {
        const char *c = strchr(p, ':');
        if (c && c == p + 1 && isalpha((unsigned char)p[0]) && (c[1] == '\\' || c[1] == '/'))
            c = strchr(c + 1, ':');
        parts[n] = p;
        lens[n] = c ? (size_t)(c - p) : strlen(p);
        n++;
        if (!c) break;
        p = c + 1;
    }
    if (n == 4) return bad(cv, it, "too many ':' in \"%.80s\"", s);
    struct cs_mount *m = cs_add_mount(cv->c);
    m->raw = dg_xstrdup(s);
    m->pos = pos_of(it);
    if (n == 1) {
        m->type = CS_MOUNT_VOLUME; /* anonymous volume */
        m->target = dg_xstrndup(parts[0], lens[0]);
    } else {
        if (lens[0] == 0) return bad(cv, it, "empty source in \"%.80s\"", s);
        m->source = dg_xstrndup(parts[0], lens[0]);
        m->target = dg_xstrndup(parts[1], lens[1]);
        m->type = is_path_source(m->source) ? CS_MOUNT_BIND : CS_MOUNT_VOLUME;
    }
    if (!m->target[0]) return bad(cv, it, "empty target in \"%.80s\"", s);
    if (n == 3) {
        const char *o = parts[2];
        size_t left = lens[2];
        while (left) {
            size_t k = 0;
            while (k < left && o[k] != ',') k++;
            if (k == 2 && strncmp(o, "ro", 2) == 0) m->read_only = true;
            else if (k == 2 && strncmp(o, "rw", 2) == 0) m->read_only = false;
            else if (is_propagation(o, k)) {
                free(m->propagation);
                m->propagation = dg_xstrndup(o, k);
            }
            /* z, Z, nocopy and unknown options change nothing we check (compose ignores unknown ones). */
            o += k;
            left -= k;
            if (left) { o++; left--; }
        }
    }
    resolve_named(cv, m);
    return 0;
}

static int long_volume(struct conv *cv, const struct ynode *it)
{
    const char *type = NULL, *src = NULL, *dst = NULL, *prop = NULL;
    bool ro = false, ro_set;
    if (scalar(cv, ymap_get(it, "type"), &type) != 0 || scalar(cv, ymap_get(it, "source"), &src) != 0 ||
        scalar(cv, ymap_get(it, "target"), &dst) != 0)
        return -1;
    struct ynode *rn = ymap_get(it, "read_only");
    if (parse_bool(cv, rn, &ro, &ro_set) != 0) return -1;
    struct ynode *bind = ymap_get(it, "bind");
    if (bind && !ynode_is_null(bind)) {
        if (bind->type != Y_MAP) return bad(cv, bind, "bind must be a mapping");
        if (scalar(cv, ymap_get(bind, "propagation"), &prop) != 0) return -1;
    }
    if (!dst || !*dst) return bad(cv, it, "a long-form volume needs a target");
    enum cs_mount_type t;
    if (!type) t = src && is_path_source(src) ? CS_MOUNT_BIND : CS_MOUNT_VOLUME;
    else if (strcmp(type, "bind") == 0) t = CS_MOUNT_BIND;
    else if (strcmp(type, "volume") == 0 || strcmp(type, "image") == 0) t = CS_MOUNT_VOLUME;
    else if (strcmp(type, "tmpfs") == 0) t = CS_MOUNT_TMPFS;
    else if (strcmp(type, "npipe") == 0) t = CS_MOUNT_NPIPE;
    else if (strcmp(type, "cluster") == 0) t = CS_MOUNT_CLUSTER;
    else return bad(cv, it, "unknown volume type \"%.80s\"", type);
    if (t == CS_MOUNT_BIND && (!src || !*src)) return bad(cv, it, "a bind mount needs a source");
    struct cs_mount *m = cs_add_mount(cv->c);
    m->type = t;
    m->source = src && *src ? dg_xstrdup(src) : NULL;
    m->target = dg_xstrdup(dst);
    m->read_only = ro;
    m->propagation = prop ? dg_xstrdup(prop) : NULL;
    m->raw = dg_xasprintf("type=%s%s%s,target=%s%s", type ? type : (t == CS_MOUNT_BIND ? "bind" : "volume"),
                          src ? ",source=" : "", src ? src : "", dst, ro ? ",readonly" : "");
    m->pos = pos_of(it);
    resolve_named(cv, m);
    return 0;
}

static int conv_volumes(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (need_seq(cv, v) != 0) return -1;
    cv->c->pos[CS_VOLUMES] = pos_of(pr->k);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        int rc;
        if (it->type == Y_SCALAR && !ynode_is_null(it)) rc = short_volume(cv, it);
        else if (it->type == Y_MAP) rc = long_volume(cv, it);
        else rc = bad(cv, it, "a volume is a string or a mapping, not a %s", ytype_name(it));
        if (rc != 0) return rc;
    }
    return 0;
}

/* ---- key/value lists ---- */

/* sysctls, labels: a mapping or a list of KEY=VALUE. */
static int conv_kvs(struct conv *cv, const struct ypair *pr, struct cs_kvs *out, enum cs_field f)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if ((int)f >= 0) cv->c->pos[f] = pos_of(pr->k);
    if (v->type == Y_MAP) {
        if (charge(cv, v) != 0) return -1;
        for (size_t i = 0; i < v->n; i++) {
            const char *val;
            if (scalar(cv, v->pairs[i].v, &val) != 0) return -1;
            cs_kvs_push(out, v->pairs[i].k->s, val, pos_of(v->pairs[i].k));
            out->v[out->n - 1].value_is_ref = v->pairs[i].v->interpolated;
        }
        return 0;
    }
    if (need_seq(cv, v) != 0) return -1;
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type != Y_SCALAR || ynode_is_null(it)) return bad(cv, it, "entries are KEY=VALUE strings");
        const char *eq = strchr(it->s, '=');
        char *k = dg_xstrndup(it->s, eq ? (size_t)(eq - it->s) : it->len);
        cs_kvs_push(out, k, eq ? eq + 1 : NULL, pos_of(it));
        out->v[out->n - 1].value_is_ref = it->interpolated;
        free(k);
    }
    return 0;
}

struct refs {
    struct conv *cv;
    const char *key;
    struct dg_pos pos;
};

/* For an interpolated environment value: a literal default written in the
 * compose file, and a value that comes from the .env file, are literals on
 * disk and enter the environment as such (with their own position). */
static void on_env_ref(void *ud, const char *name, size_t len, enum interp_source src, int dline, const char *lit,
                       size_t litlen)
{
    struct refs *r = ud;
    struct conv *cv = r->cv;
    if (lit && litlen && !memchr(lit, '$', litlen)) {
        char *l = dg_xstrndup(lit, litlen);
        cs_kvs_push(&cv->c->env, r->key, l, r->pos);
        cv->c->env.v[cv->c->env.n - 1].value_is_ref = false;
        free(l);
    }
    if (src == INTERP_DOTENV && cv->p->dotenv) {
        const struct envfile_entry *e = envfile_get(&cv->p->dotenv->env, name, len);
        if (!e || !e->value) return;
        for (size_t i = 0; i < cv->ndotenv_seen; i++)
            if (cv->dotenv_seen[i] == (const void *)e) return;
        if (cv->ndotenv_seen < sizeof cv->dotenv_seen / sizeof *cv->dotenv_seen)
            cv->dotenv_seen[cv->ndotenv_seen++] = (const void *)e;
        struct dg_pos pos = {cv->p->dotenv->path, dline, 1};
        cs_kvs_push(&cv->c->env, e->key, e->value, pos);
        cv->c->env.v[cv->c->env.n - 1].value_is_ref = false;
    }
}

static void push_env(struct conv *cv, const char *key, const struct ynode *v, const char *raw_value,
                     const char *value, struct dg_pos pos)
{
    if (v && v->interpolated) {
        /* Keep the reference as written: the report must not show a value
         * that came from the environment, and it is not a literal here. */
        cs_kvs_push(&cv->c->env, key, raw_value, pos);
        cv->c->env.v[cv->c->env.n - 1].value_is_ref = true;
        struct refs r = {cv, key, pos};
        struct dg_buf scratch;
        dg_buf_init(&scratch, YT_MAX_SCALAR);
        struct dg_error ignored = {0};
        interp_expand(raw_value, strlen(raw_value), compose_lookup, cv->p, on_env_ref, &r, &scratch, NULL, pos.file,
                      pos.line, &ignored);
        dg_buf_free(&scratch);
        return;
    }
    cs_kvs_push(&cv->c->env, key, value, pos);
    cv->c->env.v[cv->c->env.n - 1].value_is_ref = false;
    if (!value) {
        /* A bare KEY takes the variable of that name: when .env holds it,
         * that literal is what the container gets. */
        enum interp_source src;
        int dline;
        if (compose_lookup(cv->p, key, strlen(key), &src, &dline) && src == INTERP_DOTENV) {
            struct refs r = {cv, key, pos};
            on_env_ref(&r, key, strlen(key), src, dline, NULL, 0);
        }
    }
}

static int conv_environment(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    cv->c->pos[CS_ENV] = pos_of(pr->k);
    if ((v->type == Y_MAP || v->type == Y_SEQ) && charge(cv, v) != 0) return -1;
    if (v->type == Y_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const struct ynode *val = v->pairs[i].v;
            const char *s;
            if (scalar(cv, val, &s) != 0) return -1;
            push_env(cv, v->pairs[i].k->s, s ? val : NULL, s ? val->raw : NULL, s, pos_of(v->pairs[i].k));
        }
        return 0;
    }
    if (v->type != Y_SEQ) return bad(cv, v, "must be a mapping or a list of KEY=VALUE, not a %s", ytype_name(v));
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type != Y_SCALAR || ynode_is_null(it)) return bad(cv, it, "entries are KEY=VALUE strings");
        const char *eq = strchr(it->s, '=');
        char *k = dg_xstrndup(it->s, eq ? (size_t)(eq - it->s) : it->len);
        const char *req = strchr(it->raw, '=');
        push_env(cv, k, eq ? it : NULL, req ? req + 1 : NULL, eq ? eq + 1 : NULL, pos_of(it));
        free(k);
    }
    return 0;
}

static int read_env_file(struct conv *cv, const struct ynode *pathn, bool required)
{
    struct compose_source *from = compose_source_of(cv->p, pathn->file);
    char *path = compose_join(from ? from->basedir : cv->p->project_dir, pathn->s);
    bool missing = false;
    struct compose_source *s = compose_load_envfile(cv->p, path, required, &missing, cv->err);
    free(path);
    if (!s) {
        if (missing) return 0;
        /* Re-anchor the error on the env_file line of the compose file. */
        char msg[sizeof cv->err->msg];
        snprintf(msg, sizeof msg, "%s", cv->err->msg);
        return bad(cv, pathn, "%s", msg);
    }
    if (s->kind != COMPOSE_SRC_ENV_FILE && s->kind != COMPOSE_SRC_DOTENV)
        return bad(cv, pathn, "\"%.80s\" is already read as a compose file", pathn->s);
    cv->p->work += s->env.n;
    if (cv->p->work > COMPOSE_MAX_WORK)
        return bad(cv, pathn, "services expand the project past %d entries", COMPOSE_MAX_WORK);
    cs_strs_push(&cv->c->env_files, s->path, pos_of(pathn));
    for (size_t i = 0; i < s->env.n; i++) {
        struct dg_pos pos = {s->path, s->env.v[i].line, 1};
        cs_kvs_push(&cv->c->env, s->env.v[i].key, s->env.v[i].value, pos);
        /* Written literally in a file: a secret there is a secret. */
        cv->c->env.v[cv->c->env.n - 1].value_is_ref = false;
    }
    return 0;
}

static int conv_env_file(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (v->type == Y_SCALAR) return read_env_file(cv, v, true);
    if (need_seq(cv, v) != 0) return -1;
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type == Y_SCALAR && !ynode_is_null(it)) {
            if (read_env_file(cv, it, true) != 0) return -1;
        } else if (it->type == Y_MAP) {
            const struct ynode *pn = ymap_get(it, "path");
            if (!pn || pn->type != Y_SCALAR || ynode_is_null(pn)) return bad(cv, it, "an env_file entry needs a path");
            bool req = true, set;
            if (parse_bool(cv, ymap_get(it, "required"), &req, &set) != 0) return -1;
            if (!set) req = true;
            if (read_env_file(cv, pn, req) != 0) return -1;
        } else {
            return bad(cv, it, "an env_file entry is a path or a mapping");
        }
    }
    return 0;
}

static int conv_ulimits(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (v->type != Y_MAP) return bad(cv, v, "must be a mapping, not a %s", ytype_name(v));
    if (charge(cv, v) != 0) return -1;
    cv->c->pos[CS_ULIMITS] = pos_of(pr->k);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *u = v->pairs[i].v;
        int64_t soft = 0, hard = 0;
        bool s1, s2;
        char *val;
        if (u->type == Y_MAP) {
            if (parse_int(cv, ymap_get(u, "soft"), &soft, &s1) != 0 || parse_int(cv, ymap_get(u, "hard"), &hard, &s2) != 0)
                return -1;
            if (!s1 || !s2) return bad(cv, u, "ulimit %.40s needs soft and hard", v->pairs[i].k->s);
            val = dg_xasprintf("%lld:%lld", (long long)soft, (long long)hard);
        } else {
            if (parse_int(cv, u, &soft, &s1) != 0) return -1;
            if (!s1) return bad(cv, u, "ulimit %.40s needs a value", v->pairs[i].k->s);
            val = dg_xasprintf("%lld", (long long)soft);
        }
        cs_kvs_push(&cv->c->ulimits, v->pairs[i].k->s, val, pos_of(v->pairs[i].k));
        cv->c->ulimits.v[cv->c->ulimits.n - 1].value_is_ref = false;
        free(val);
    }
    return 0;
}

static int conv_devices(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (need_seq(cv, v) != 0) return -1;
    cv->c->pos[CS_DEVICES] = pos_of(pr->k);
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        if (it->type == Y_SCALAR && !ynode_is_null(it)) {
            cs_strs_push(&cv->c->devices, it->s, pos_of(it));
        } else if (it->type == Y_MAP) {
            const char *src = NULL, *dst = NULL, *perm = NULL;
            if (scalar(cv, ymap_get(it, "source"), &src) != 0 || scalar(cv, ymap_get(it, "target"), &dst) != 0 ||
                scalar(cv, ymap_get(it, "permissions"), &perm) != 0)
                return -1;
            if (!src) return bad(cv, it, "a device needs a source");
            char *s = dg_xasprintf("%s:%s%s%s", src, dst ? dst : src, perm ? ":" : "", perm ? perm : "");
            cs_strs_push(&cv->c->devices, s, pos_of(it));
            free(s);
        } else {
            return bad(cv, it, "a device is a string or a mapping");
        }
    }
    return 0;
}

static int conv_secrets(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (need_seq(cv, v) != 0) return -1;
    for (size_t i = 0; i < v->n; i++) {
        const struct ynode *it = v->items[i];
        const char *src = NULL;
        if (it->type == Y_MAP) {
            if (scalar(cv, ymap_get(it, "source"), &src) != 0) return -1;
        } else if (scalar(cv, it, &src) != 0) {
            return -1;
        }
        if (!src) return bad(cv, it, "a secret needs a source");
        cs_strs_push(&cv->c->secrets, src, pos_of(it));
    }
    return 0;
}

static int conv_healthcheck(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (v->type != Y_MAP) return bad(cv, v, "must be a mapping, not a %s", ytype_name(v));
    struct container_spec *c = cv->c;
    c->pos[CS_HEALTHCHECK] = pos_of(pr->k);
    bool dis = false, set;
    if (parse_bool(cv, ymap_get(v, "disable"), &dis, &set) != 0) return -1;
    const struct ynode *t = ymap_get(v, "test");
    free(c->health_test);
    c->health_test = NULL;
    c->healthcheck = 0;
    if (t && !ynode_is_null(t)) {
        if (t->type == Y_SCALAR) {
            c->health_test = dg_xstrdup(t->s);
            c->healthcheck = strcmp(t->s, "NONE") == 0 ? -1 : 1;
        } else if (t->type == Y_SEQ) {
            struct dg_buf b;
            dg_buf_init(&b, 1 << 16);
            for (size_t i = 0; i < t->n; i++) {
                if (t->items[i]->type != Y_SCALAR) {
                    dg_buf_free(&b);
                    return bad(cv, t->items[i], "test entries are strings");
                }
                if (i) dg_buf_putc(&b, ' ');
                dg_buf_puts(&b, t->items[i]->s);
            }
            c->health_test = dg_buf_steal(&b);
            if (!c->health_test) c->health_test = dg_xstrdup("");
            c->healthcheck = t->n && strcmp(t->items[0]->s, "NONE") == 0 ? -1 : t->n ? 1 : 0;
        } else {
            return bad(cv, t, "test must be a string or a list");
        }
    }
    if (set && dis) c->healthcheck = -1;
    return 0;
}

static int conv_restart(struct conv *cv, const struct ynode *k, const char *s)
{
    struct container_spec *c = cv->c;
    if (!s || !*s) return 0;
    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    static const char *const names[] = {"no", "always", "on-failure", "unless-stopped"};
    size_t i;
    for (i = 0; i < 4; i++)
        if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0) break;
    if (i == 4) return bad(cv, k, "unknown restart policy \"%.80s\"", s);
    int max = 0;
    if (colon) {
        char *end;
        errno = 0;
        long m = strtol(colon + 1, &end, 10);
        if (i != 2 || errno || end == colon + 1 || *end || m < 0 || m > 1000000)
            return bad(cv, k, "invalid restart policy \"%.80s\"", s);
        max = (int)m;
    }
    free(c->restart_name);
    c->restart_name = dg_xstrdup(names[i]);
    c->restart_max = max;
    c->pos[CS_RESTART] = pos_of(k);
    return 0;
}

static bool is_remote_context(const char *s)
{
    return strstr(s, "://") || dg_str_has_prefix(s, "git@") || dg_str_has_prefix(s, "github.com/");
}

static int conv_build(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    const struct ynode *ctxn = NULL, *dfn = NULL;
    if (v->type == Y_SCALAR) ctxn = v;
    else if (v->type == Y_MAP) {
        ctxn = ymap_get(v, "context");
        dfn = ymap_get(v, "dockerfile");
    } else {
        return bad(cv, v, "must be a path or a mapping, not a %s", ytype_name(v));
    }
    const char *ctx = ".", *df = "Dockerfile";
    if (ctxn && scalar(cv, ctxn, &ctx) != 0) return -1;
    if (dfn && scalar(cv, dfn, &df) != 0) return -1;
    if (!ctx) ctx = ".";
    if (!df) df = "Dockerfile";
    struct container_spec *c = cv->c;
    c->pos[CS_BUILD] = pos_of(pr->k);
    cv->out->build_pos = pos_of(pr->k);
    free(c->build_context);
    free(c->build_dockerfile);
    c->build_context = dg_xstrdup(ctx);
    c->build_dockerfile = dg_xstrdup(df);
    free(cv->out->context_dir);
    free(cv->out->dockerfile);
    cv->out->context_dir = cv->out->dockerfile = NULL;
    if (is_remote_context(ctx) || (ymap_get(v, "dockerfile_inline") && !dfn)) return 0;
    const struct ynode *at = ctxn ? ctxn : v;
    struct compose_source *from = compose_source_of(cv->p, at->file);
    cv->out->context_dir = compose_join(from ? from->basedir : cv->p->project_dir, ctx);
    cv->out->dockerfile = compose_join(cv->out->context_dir, df);
    return 0;
}

/* deploy: applied after the plain keys, which win when both are set. */
static int conv_deploy(struct conv *cv, const struct ypair *pr)
{
    const struct ynode *v = pr->v;
    if (ynode_is_null(v)) return 0;
    if (v->type != Y_MAP) return bad(cv, v, "must be a mapping, not a %s", ytype_name(v));
    struct container_spec *c = cv->c;
    const struct ynode *res = ymap_get(v, "resources");
    if (res && !ynode_is_null(res)) {
        if (res->type != Y_MAP) return bad(cv, res, "resources must be a mapping");
        const struct ynode *lim = ymap_get(res, "limits"), *rsv = ymap_get(res, "reservations");
        if (lim && !ynode_is_null(lim)) {
            if (lim->type != Y_MAP) return bad(cv, lim, "resources.limits must be a mapping");
            struct ypair *q;
            int64_t x;
            bool set;
            if ((q = ymap_pair(lim, "memory"))) {
                if (parse_bytes(cv, q->v, &x, &set) != 0) return -1;
                if (set && !c->pos[CS_MEMORY].line) { c->memory = x; c->pos[CS_MEMORY] = pos_of(q->k); }
            }
            if ((q = ymap_pair(lim, "cpus"))) {
                if (parse_cpus(cv, q->v, &x, &set) != 0) return -1;
                if (set && !c->pos[CS_CPUS].line) { c->nano_cpus = x; c->pos[CS_CPUS] = pos_of(q->k); }
            }
            if ((q = ymap_pair(lim, "pids"))) {
                if (parse_int(cv, q->v, &x, &set) != 0) return -1;
                if (set && !c->pos[CS_PIDS_LIMIT].line) { c->pids_limit = x; c->pos[CS_PIDS_LIMIT] = pos_of(q->k); }
            }
        }
        if (rsv && !ynode_is_null(rsv)) {
            if (rsv->type != Y_MAP) return bad(cv, rsv, "resources.reservations must be a mapping");
            struct ypair *q = ymap_pair(rsv, "memory");
            int64_t x;
            bool set;
            if (q) {
                if (parse_bytes(cv, q->v, &x, &set) != 0) return -1;
                if (set && !c->pos[CS_MEMORY_RESERVATION].line) {
                    c->memory_reservation = x;
                    c->pos[CS_MEMORY_RESERVATION] = pos_of(q->k);
                }
            }
            if ((q = ymap_pair(rsv, "cpus")) && parse_cpus(cv, q->v, &x, &set) != 0) return -1;
        }
    }
    const struct ynode *rp = ymap_get(v, "restart_policy");
    if (rp && !ynode_is_null(rp)) {
        if (rp->type != Y_MAP) return bad(cv, rp, "restart_policy must be a mapping");
        struct ypair *cond = ymap_pair(rp, "condition");
        const char *cs = NULL;
        if (cond && scalar(cv, cond->v, &cs) != 0) return -1;
        int64_t max = 0;
        bool mset = false;
        if (parse_int(cv, ymap_get(rp, "max_attempts"), &max, &mset) != 0) return -1;
        if (!c->pos[CS_RESTART].line) {
            /* Swarm's default condition is "any". */
            const char *name = !cs || strcmp(cs, "any") == 0 ? "always"
                               : strcmp(cs, "none") == 0   ? "no"
                               : strcmp(cs, "on-failure") == 0 ? "on-failure"
                                                               : NULL;
            if (!name) return bad(cv, cond->v, "unknown restart condition \"%.80s\"", cs);
            free(c->restart_name);
            c->restart_name = dg_xstrdup(name);
            c->restart_max = mset && max > 0 && max < 1000000 ? (int)max : 0;
            c->pos[CS_RESTART] = pos_of(cond ? cond->k : ymap_pair(v, "restart_policy")->k);
        }
    }
    return 0;
}

int compose_service_convert(struct compose_project *p, const struct ynode *name, const struct ynode *svc,
                            const struct ynode *model, struct compose_service *out, struct dg_error *err)
{
    struct conv cv = {.p = p, .model = model, .out = out, .c = &out->spec, .svc = name->s, .err = err};
    struct container_spec *c = &out->spec;
    c->name = dg_xstrdup(name->s);
    c->pos[CS_NAME] = pos_of(name);
    out->file = name->file;
    out->line = name->line;
    /* env_file first: environment: entries take precedence and come later. */
    struct ypair *ef = ymap_pair(svc, "env_file");
    if (ef) {
        cv.key = ef->k;
        if (conv_env_file(&cv, ef) != 0) return -1;
    }
    const struct ypair *deploy = NULL;
    for (size_t i = 0; i < svc->n; i++) {
        const struct ypair *pr = &svc->pairs[i];
        const struct ynode *k = pr->k;
        cv.key = k;
        int64_t x;
        bool set;
        int rc = 0;
        if (keyis(k, "image")) rc = set_str(&cv, pr, &c->image, CS_IMAGE);
        else if (keyis(k, "user")) rc = set_str(&cv, pr, &c->user, CS_USER);
        else if (keyis(k, "privileged")) rc = set_bool(&cv, pr, &c->privileged, CS_PRIVILEGED);
        else if (keyis(k, "read_only")) rc = set_bool(&cv, pr, &c->read_only, CS_READ_ONLY);
        else if (keyis(k, "init")) rc = set_bool(&cv, pr, &c->init, CS_INIT);
        else if (keyis(k, "oom_kill_disable")) rc = set_bool(&cv, pr, &c->oom_kill_disable, CS_OOM_KILL_DISABLE);
        else if (keyis(k, "cap_add")) rc = str_list(&cv, pr, &c->cap_add, CS_CAP_ADD, false);
        else if (keyis(k, "cap_drop")) rc = str_list(&cv, pr, &c->cap_drop, CS_CAP_DROP, false);
        else if (keyis(k, "security_opt")) rc = str_list(&cv, pr, &c->security_opt, CS_SECURITY_OPT, false);
        else if (keyis(k, "tmpfs")) rc = str_list(&cv, pr, &c->tmpfs, CS_TMPFS, true);
        else if (keyis(k, "volumes")) rc = conv_volumes(&cv, pr);
        else if (keyis(k, "ports")) rc = conv_ports(&cv, pr);
        else if (keyis(k, "expose")) rc = conv_expose(&cv, pr);
        else if (keyis(k, "network_mode")) rc = set_str(&cv, pr, &c->network_mode, CS_NETWORK);
        else if (keyis(k, "pid")) rc = set_str(&cv, pr, &c->pid_mode, CS_PID);
        else if (keyis(k, "ipc")) rc = set_str(&cv, pr, &c->ipc_mode, CS_IPC);
        else if (keyis(k, "uts")) rc = set_str(&cv, pr, &c->uts_mode, CS_UTS);
        else if (keyis(k, "userns_mode")) rc = set_str(&cv, pr, &c->userns_mode, CS_USERNS);
        else if (keyis(k, "cgroup_parent")) rc = set_str(&cv, pr, &c->cgroup_parent, CS_CGROUP_PARENT);
        else if (keyis(k, "cgroup")) rc = set_str(&cv, pr, &c->cgroupns_mode, CS_CGROUPNS);
        else if (keyis(k, "devices")) rc = conv_devices(&cv, pr);
        else if (keyis(k, "sysctls")) rc = conv_kvs(&cv, pr, &c->sysctls, CS_SYSCTLS);
        else if (keyis(k, "labels")) rc = conv_kvs(&cv, pr, &c->labels, (enum cs_field)-1);
        else if (keyis(k, "ulimits")) rc = conv_ulimits(&cv, pr);
        else if (keyis(k, "environment")) rc = conv_environment(&cv, pr);
        else if (keyis(k, "secrets")) rc = conv_secrets(&cv, pr);
        else if (keyis(k, "healthcheck")) rc = conv_healthcheck(&cv, pr);
        else if (keyis(k, "build")) rc = conv_build(&cv, pr);
        else if (keyis(k, "deploy")) deploy = pr;
        else if (keyis(k, "restart")) {
            const char *s;
            rc = scalar(&cv, pr->v, &s);
            if (rc == 0) rc = conv_restart(&cv, k, s);
        } else if (keyis(k, "mem_limit") || keyis(k, "mem_reservation") || keyis(k, "memswap_limit")) {
            rc = parse_bytes(&cv, pr->v, &x, &set);
            if (rc == 0 && set) {
                enum cs_field f = keyis(k, "mem_limit") ? CS_MEMORY : keyis(k, "mem_reservation") ? CS_MEMORY_RESERVATION
                                                                                                 : CS_MEMORY_SWAP;
                *(f == CS_MEMORY ? &c->memory : f == CS_MEMORY_RESERVATION ? &c->memory_reservation : &c->memory_swap) = x;
                c->pos[f] = pos_of(k);
            }
        } else if (keyis(k, "cpus")) {
            rc = parse_cpus(&cv, pr->v, &x, &set);
            if (rc == 0 && set) { c->nano_cpus = x; c->pos[CS_CPUS] = pos_of(k); }
        } else if (keyis(k, "cpu_quota")) {
            rc = parse_micros(&cv, pr->v, &x, &set);
            if (rc == 0 && set) { c->cpu_quota = x; c->pos[CS_CPU_QUOTA] = pos_of(k); }
        } else if (keyis(k, "cpu_period")) {
            rc = parse_micros(&cv, pr->v, &x, &set);
            if (rc == 0 && set) c->cpu_period = x;
        } else if (keyis(k, "cpu_shares")) {
            rc = parse_int(&cv, pr->v, &x, &set);
            if (rc == 0 && set) { c->cpu_shares = x; c->pos[CS_CPU_SHARES] = pos_of(k); }
        } else if (keyis(k, "pids_limit")) {
            rc = parse_int(&cv, pr->v, &x, &set);
            if (rc == 0 && set) { c->pids_limit = x; c->pos[CS_PIDS_LIMIT] = pos_of(k); }
        } else if (keyis(k, "container_name")) {
            const char *s;
            rc = scalar(&cv, pr->v, &s);
        }
        if (rc != 0) return -1;
    }
    if (deploy) {
        cv.key = deploy->k;
        if (conv_deploy(&cv, deploy) != 0) return -1;
    }
    return 0;
}
