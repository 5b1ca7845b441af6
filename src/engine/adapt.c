/* Engine API objects → container_spec, image_spec, inventory (see adapt.h).
 * The input is hostile (a daemon we do not control, or a create request an
 * authorization plugin must judge): every field is type-checked, lists are
 * bounded, and a wrong type is an error naming the field, never a crash or
 * a silent default. */
#include "engine/adapt.h"
#include "core/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Walks one object, keeping the first error. */
struct adapt {
    const char *what;       /* "container:/web", "image nginx:1" */
    struct dg_error *err;
    int rc;
};

static void bad(struct adapt *a, int code, const char *field, const char *msg)
{
    if (a->rc) return;
    a->rc = dg_error_set(a->err, code, "%s: %s: %s", a->what, field, msg);
}

/* Objects and arrays: NULL when absent or null, error on another type. */
static const json_t *get_obj(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const json_t *v = o ? json_object_get(o, key) : NULL;
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_object(v)) {
        bad(a, DG_ERR_PARSE, field, "expected an object");
        return NULL;
    }
    return v;
}

static const json_t *get_arr(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const json_t *v = o ? json_object_get(o, key) : NULL;
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_array(v)) {
        bad(a, DG_ERR_PARSE, field, "expected an array");
        return NULL;
    }
    if (json_array_size(v) > ENGINE_MAX_LIST) {
        bad(a, DG_ERR_LIMIT, field, "too many entries");
        return NULL;
    }
    return v;
}

static const char *get_str(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const json_t *v = o ? json_object_get(o, key) : NULL;
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        bad(a, DG_ERR_PARSE, field, "expected a string");
        return NULL;
    }
    return json_string_value(v);
}

/* Non-empty string duplicated, else NULL. */
static char *dup_str(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const char *s = get_str(a, o, key, field);
    return s && *s ? dg_xstrdup(s) : NULL;
}

static bool get_bool(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const json_t *v = o ? json_object_get(o, key) : NULL;
    if (!v || json_is_null(v)) return false;
    if (!json_is_boolean(v)) {
        bad(a, DG_ERR_PARSE, field, "expected true or false");
        return false;
    }
    return json_is_true(v);
}

static int64_t get_int(struct adapt *a, const json_t *o, const char *key, const char *field)
{
    const json_t *v = o ? json_object_get(o, key) : NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_integer(v)) {
        bad(a, DG_ERR_PARSE, field, "expected an integer");
        return 0;
    }
    return (int64_t)json_integer_value(v);
}

static int clamp_int(int64_t v)
{
    return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
}

/* Array of strings → callback per string. */
static void each_str(struct adapt *a, const json_t *arr, const char *field, void (*fn)(void *, const char *), void *ud)
{
    if (!arr) return;
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v)) {
            bad(a, DG_ERR_PARSE, field, "expected an array of strings");
            return;
        }
        fn(ud, json_string_value(v));
    }
}

static const struct dg_pos nopos = {NULL, 0, 0};

static void push_strs(void *ud, const char *s)
{
    cs_strs_push(ud, s, nopos);
}

static void push_env(void *ud, const char *s)
{
    const char *eq = strchr(s, '=');
    if (!eq) {
        cs_kvs_push(ud, s, NULL, nopos);
        return;
    }
    char *k = dg_xstrndup(s, (size_t)(eq - s));
    cs_kvs_push(ud, k, eq + 1, nopos);
    struct cs_kvs *l = ud;
    /* An API value is literal: "$X" is not expanded by the daemon. */
    l->v[l->n - 1].value_is_ref = false;
    free(k);
}

static void kvs_from_object(struct adapt *a, const json_t *o, const char *field, struct cs_kvs *out)
{
    if (!o) return;
    if (json_object_size(o) > ENGINE_MAX_LIST) {
        bad(a, DG_ERR_LIMIT, field, "too many entries");
        return;
    }
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        if (!json_is_string(v)) {
            bad(a, DG_ERR_PARSE, field, "expected string values");
            return;
        }
        cs_kvs_push(out, k, json_string_value(v), nopos);
        out->v[out->n - 1].value_is_ref = false;
    }
}

/* Health test as one line: ["CMD-SHELL", "x"] → "x", ["CMD", "a", "b"] → "a b". */
static char *join_test(const json_t *test)
{
    struct dg_buf b;
    dg_buf_init(&b, 1u << 16);
    size_t i;
    const json_t *v;
    json_array_foreach(test, i, v) {
        if (i == 0 || !json_is_string(v)) continue;
        if (b.len) dg_buf_putc(&b, ' ');
        dg_buf_puts(&b, json_string_value(v));
    }
    char *s = dg_buf_steal(&b);
    return s ? s : dg_xstrdup("");
}

/* Healthcheck object → -1 disabled, 0 none, 1 set; *test gets the command. */
static int health_of(struct adapt *a, const json_t *config, char **test)
{
    const json_t *hc = get_obj(a, config, "Healthcheck", "Config.Healthcheck");
    *test = NULL;
    if (!hc) return 0;
    const json_t *t = get_arr(a, hc, "Test", "Config.Healthcheck.Test");
    if (!t || json_array_size(t) == 0) return 0;   /* empty Test inherits the image's */
    const char *first = json_string_value(json_array_get(t, 0));
    if (!first) {
        bad(a, DG_ERR_PARSE, "Config.Healthcheck.Test", "expected an array of strings");
        return 0;
    }
    if (strcmp(first, "NONE") == 0) return -1;
    *test = join_test(t);
    return 1;
}

/* ---- container ------------------------------------------------------- */

static void fill_config(struct adapt *a, const json_t *cfg, struct container_spec *c)
{
    if (!cfg) return;
    free(c->image);
    c->image = dup_str(a, cfg, "Image", "Config.Image");
    c->user = dup_str(a, cfg, "User", "Config.User");
    each_str(a, get_arr(a, cfg, "Env", "Config.Env"), "Config.Env", push_env, &c->env);
    kvs_from_object(a, get_obj(a, cfg, "Labels", "Config.Labels"), "Config.Labels", &c->labels);
    c->healthcheck = health_of(a, cfg, &c->health_test);
    /* Exposed-only ports; published ones are added from PortBindings. */
    const json_t *ex = get_obj(a, cfg, "ExposedPorts", "Config.ExposedPorts");
    if (ex && json_object_size(ex) > ENGINE_MAX_LIST) bad(a, DG_ERR_LIMIT, "Config.ExposedPorts", "too many entries");
    else if (ex) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)ex, k, v) {
            (void)v;
            struct cs_port *p = cs_add_port(c);
            char *end;
            unsigned long port = strtoul(k, &end, 10);
            p->ctr_lo = p->ctr_hi = port <= 65535 ? (unsigned)port : 0;
            p->proto = dg_xstrdup(*end == '/' ? end + 1 : "tcp");
            p->raw = dg_xstrdup(k);
            p->published = false;
        }
    }
}

/* "8080", "8080-8090" or "" → range (0 = ephemeral). */
static void parse_host_port(const char *s, unsigned *lo, unsigned *hi)
{
    *lo = *hi = 0;
    if (!s || !*s) return;
    char *end;
    unsigned long a = strtoul(s, &end, 10), b = a;
    if (*end == '-') b = strtoul(end + 1, &end, 10);
    if (*end || a > 65535 || b > 65535 || b < a) return;
    *lo = (unsigned)a;
    *hi = (unsigned)b;
}

static struct cs_port *find_exposed(struct container_spec *c, unsigned port, const char *proto)
{
    for (size_t i = 0; i < c->nports; i++)
        if (!c->ports[i].published && c->ports[i].ctr_lo == port && strcmp(c->ports[i].proto, proto) == 0)
            return &c->ports[i];
    return NULL;
}

static void fill_ports(struct adapt *a, const json_t *pb, struct container_spec *c)
{
    if (!pb) return;
    if (json_object_size(pb) > ENGINE_MAX_LIST) {
        bad(a, DG_ERR_LIMIT, "HostConfig.PortBindings", "too many entries");
        return;
    }
    const char *k;
    const json_t *list;
    json_object_foreach((json_t *)pb, k, list) {
        if (json_is_null(list)) continue;
        if (!json_is_array(list) || json_array_size(list) > ENGINE_MAX_LIST) {
            bad(a, DG_ERR_PARSE, "HostConfig.PortBindings", "expected arrays of bindings");
            return;
        }
        char *end;
        unsigned long port = strtoul(k, &end, 10);
        const char *proto = *end == '/' ? end + 1 : "tcp";
        if (port > 65535) port = 0;
        size_t i;
        const json_t *b;
        json_array_foreach(list, i, b) {
            if (!json_is_object(b)) {
                bad(a, DG_ERR_PARSE, "HostConfig.PortBindings", "expected binding objects");
                return;
            }
            const char *ip = get_str(a, b, "HostIp", "HostConfig.PortBindings.HostIp");
            const char *hp = get_str(a, b, "HostPort", "HostConfig.PortBindings.HostPort");
            /* Reuse the expose-only entry this binding publishes. */
            struct cs_port *p = find_exposed(c, (unsigned)port, proto);
            if (!p) {
                p = cs_add_port(c);
                p->proto = dg_xstrdup(proto);
            }
            p->published = true;
            p->ctr_lo = p->ctr_hi = (unsigned)port;
            free(p->host_ip);
            p->host_ip = ip && *ip ? dg_xstrdup(ip) : NULL;
            parse_host_port(hp, &p->host_lo, &p->host_hi);
            free(p->raw);
            bool v6 = ip && strchr(ip, ':');
            p->raw = dg_xasprintf("%s%s%s%s%s->%s", v6 ? "[" : "", ip ? ip : "", v6 ? "]" : "", ip && *ip ? ":" : "",
                                  hp ? hp : "", k);
        }
    }
}

static void mount_raw(struct cs_mount *m)
{
    m->raw = dg_xasprintf("%s:%s%s%s%s", m->source ? m->source : "", m->target ? m->target : "",
                          m->read_only ? ":ro" : "", m->propagation ? ":" : "", m->propagation ? m->propagation : "");
}

/* "src:dst[:opts]" from HostConfig.Binds (create requests). */
static void add_bind(void *ud, const char *s)
{
    struct container_spec *c = ud;
    struct cs_mount *m = cs_add_mount(c);
    const char *c1 = strchr(s, ':');
    if (!c1) {
        /* "/data" alone is an anonymous volume. */
        m->type = CS_MOUNT_VOLUME;
        m->target = dg_xstrdup(s);
        m->raw = dg_xstrdup(s);
        return;
    }
    m->source = dg_xstrndup(s, (size_t)(c1 - s));
    const char *c2 = strchr(c1 + 1, ':');
    m->target = c2 ? dg_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) : dg_xstrdup(c1 + 1);
    m->type = m->source[0] == '/' ? CS_MOUNT_BIND : CS_MOUNT_VOLUME;
    if (c2) {
        char *opts = dg_xstrdup(c2 + 1), *save = NULL;
        for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
            if (strcmp(o, "ro") == 0) m->read_only = true;
            else if (strcmp(o, "shared") == 0 || strcmp(o, "rshared") == 0 || strcmp(o, "slave") == 0 ||
                     strcmp(o, "rslave") == 0 || strcmp(o, "private") == 0 || strcmp(o, "rprivate") == 0) {
                free(m->propagation);
                m->propagation = dg_xstrdup(o);
            }
        }
        free(opts);
    }
    m->raw = dg_xstrdup(s);
}

static enum cs_mount_type mount_type(const char *t)
{
    if (!t || strcmp(t, "bind") == 0) return CS_MOUNT_BIND;
    if (strcmp(t, "volume") == 0) return CS_MOUNT_VOLUME;
    if (strcmp(t, "tmpfs") == 0) return CS_MOUNT_TMPFS;
    if (strcmp(t, "npipe") == 0) return CS_MOUNT_NPIPE;
    return CS_MOUNT_CLUSTER;
}

/* Inspect's top-level Mounts: what is really mounted. */
static void fill_live_mounts(struct adapt *a, const json_t *arr, struct container_spec *c)
{
    if (!arr) return;
    size_t i;
    const json_t *o;
    json_array_foreach(arr, i, o) {
        if (!json_is_object(o)) {
            bad(a, DG_ERR_PARSE, "Mounts", "expected mount objects");
            return;
        }
        struct cs_mount *m = cs_add_mount(c);
        m->type = mount_type(get_str(a, o, "Type", "Mounts.Type"));
        /* A volume is named by its name; its Source is the daemon's folder. */
        m->source = m->type == CS_MOUNT_VOLUME ? dup_str(a, o, "Name", "Mounts.Name")
                                               : dup_str(a, o, "Source", "Mounts.Source");
        m->target = dup_str(a, o, "Destination", "Mounts.Destination");
        const json_t *rw = json_object_get(o, "RW");
        m->read_only = rw && json_is_false(rw);
        m->propagation = dup_str(a, o, "Propagation", "Mounts.Propagation");
        mount_raw(m);
    }
}

/* HostConfig.Mounts (--mount) in create requests. */
static void fill_request_mounts(struct adapt *a, const json_t *arr, struct container_spec *c)
{
    if (!arr) return;
    size_t i;
    const json_t *o;
    json_array_foreach(arr, i, o) {
        if (!json_is_object(o)) {
            bad(a, DG_ERR_PARSE, "HostConfig.Mounts", "expected mount objects");
            return;
        }
        struct cs_mount *m = cs_add_mount(c);
        m->type = mount_type(get_str(a, o, "Type", "HostConfig.Mounts.Type"));
        m->source = dup_str(a, o, "Source", "HostConfig.Mounts.Source");
        m->target = dup_str(a, o, "Target", "HostConfig.Mounts.Target");
        m->read_only = get_bool(a, o, "ReadOnly", "HostConfig.Mounts.ReadOnly");
        const json_t *bo = get_obj(a, o, "BindOptions", "HostConfig.Mounts.BindOptions");
        m->propagation = dup_str(a, bo, "Propagation", "HostConfig.Mounts.BindOptions.Propagation");
        mount_raw(m);
    }
}

static void fill_hostconfig(struct adapt *a, const json_t *hc, struct container_spec *c, bool request)
{
    if (!hc) return;
    c->privileged = get_bool(a, hc, "Privileged", "HostConfig.Privileged");
    c->read_only = get_bool(a, hc, "ReadonlyRootfs", "HostConfig.ReadonlyRootfs");
    c->publish_all = get_bool(a, hc, "PublishAllPorts", "HostConfig.PublishAllPorts");
    c->init = get_bool(a, hc, "Init", "HostConfig.Init");
    c->oom_kill_disable = get_bool(a, hc, "OomKillDisable", "HostConfig.OomKillDisable");
    each_str(a, get_arr(a, hc, "CapAdd", "HostConfig.CapAdd"), "HostConfig.CapAdd", push_strs, &c->cap_add);
    each_str(a, get_arr(a, hc, "CapDrop", "HostConfig.CapDrop"), "HostConfig.CapDrop", push_strs, &c->cap_drop);
    each_str(a, get_arr(a, hc, "SecurityOpt", "HostConfig.SecurityOpt"), "HostConfig.SecurityOpt", push_strs,
             &c->security_opt);
    c->network_mode = dup_str(a, hc, "NetworkMode", "HostConfig.NetworkMode");
    c->pid_mode = dup_str(a, hc, "PidMode", "HostConfig.PidMode");
    c->ipc_mode = dup_str(a, hc, "IpcMode", "HostConfig.IpcMode");
    c->uts_mode = dup_str(a, hc, "UTSMode", "HostConfig.UTSMode");
    c->userns_mode = dup_str(a, hc, "UsernsMode", "HostConfig.UsernsMode");
    c->cgroup_parent = dup_str(a, hc, "CgroupParent", "HostConfig.CgroupParent");
    c->cgroupns_mode = dup_str(a, hc, "CgroupnsMode", "HostConfig.CgroupnsMode");
    c->memory = get_int(a, hc, "Memory", "HostConfig.Memory");
    c->memory_reservation = get_int(a, hc, "MemoryReservation", "HostConfig.MemoryReservation");
    c->memory_swap = get_int(a, hc, "MemorySwap", "HostConfig.MemorySwap");
    c->nano_cpus = get_int(a, hc, "NanoCpus", "HostConfig.NanoCpus");
    c->cpu_quota = get_int(a, hc, "CpuQuota", "HostConfig.CpuQuota");
    c->cpu_period = get_int(a, hc, "CpuPeriod", "HostConfig.CpuPeriod");
    c->cpu_shares = get_int(a, hc, "CpuShares", "HostConfig.CpuShares");
    c->pids_limit = get_int(a, hc, "PidsLimit", "HostConfig.PidsLimit");
    const json_t *rp = get_obj(a, hc, "RestartPolicy", "HostConfig.RestartPolicy");
    if (rp) {
        const char *n = get_str(a, rp, "Name", "HostConfig.RestartPolicy.Name");
        c->restart_name = dg_xstrdup(n && *n ? n : "no");
        c->restart_max = clamp_int(get_int(a, rp, "MaximumRetryCount", "HostConfig.RestartPolicy.MaximumRetryCount"));
    }
    const json_t *devs = get_arr(a, hc, "Devices", "HostConfig.Devices");
    if (devs) {
        size_t i;
        const json_t *d;
        json_array_foreach(devs, i, d) {
            if (!json_is_object(d)) {
                bad(a, DG_ERR_PARSE, "HostConfig.Devices", "expected device objects");
                break;
            }
            const char *h = get_str(a, d, "PathOnHost", "HostConfig.Devices.PathOnHost");
            const char *in = get_str(a, d, "PathInContainer", "HostConfig.Devices.PathInContainer");
            const char *perm = get_str(a, d, "CgroupPermissions", "HostConfig.Devices.CgroupPermissions");
            char *s = dg_xasprintf("%s:%s%s%s", h ? h : "", in && *in ? in : h ? h : "", perm && *perm ? ":" : "",
                                   perm && *perm ? perm : "");
            cs_strs_push(&c->devices, s, nopos);
            free(s);
        }
    }
    const json_t *ul = get_arr(a, hc, "Ulimits", "HostConfig.Ulimits");
    if (ul) {
        size_t i;
        const json_t *u;
        json_array_foreach(ul, i, u) {
            if (!json_is_object(u)) {
                bad(a, DG_ERR_PARSE, "HostConfig.Ulimits", "expected ulimit objects");
                break;
            }
            const char *n = get_str(a, u, "Name", "HostConfig.Ulimits.Name");
            char *v = dg_xasprintf("%" PRId64 ":%" PRId64, get_int(a, u, "Soft", "HostConfig.Ulimits.Soft"),
                                   get_int(a, u, "Hard", "HostConfig.Ulimits.Hard"));
            cs_kvs_push(&c->ulimits, n ? n : "", v, nopos);
            free(v);
        }
    }
    kvs_from_object(a, get_obj(a, hc, "Sysctls", "HostConfig.Sysctls"), "HostConfig.Sysctls", &c->sysctls);
    const json_t *tmpfs = get_obj(a, hc, "Tmpfs", "HostConfig.Tmpfs");
    if (tmpfs) {
        struct cs_kvs tmp = {0};
        kvs_from_object(a, tmpfs, "HostConfig.Tmpfs", &tmp);
        for (size_t i = 0; i < tmp.n; i++) {
            char *s = tmp.v[i].value && *tmp.v[i].value ? dg_xasprintf("%s:%s", tmp.v[i].key, tmp.v[i].value)
                                                        : dg_xstrdup(tmp.v[i].key);
            cs_strs_push(&c->tmpfs, s, nopos);
            free(s);
        }
        cs_kvs_free(&tmp);
    }
    fill_ports(a, get_obj(a, hc, "PortBindings", "HostConfig.PortBindings"), c);
    if (request) {
        each_str(a, get_arr(a, hc, "Binds", "HostConfig.Binds"), "HostConfig.Binds", add_bind, c);
        fill_request_mounts(a, get_arr(a, hc, "Mounts", "HostConfig.Mounts"), c);
    }
}

const char *engine_container_name(const json_t *inspect)
{
    const char *n = json_string_value(json_object_get(inspect, "Name"));
    if (n && *n) return n;
    n = json_string_value(json_object_get(inspect, "Id"));
    return n && *n ? n : "?";
}

int engine_container_spec_from_inspect(const json_t *inspect, struct container_spec *c, struct dg_error *err)
{
    cs_init(c);
    char *what = dg_xasprintf("container:%s", json_is_object(inspect) ? engine_container_name(inspect) : "?");
    struct adapt a = {what, err, 0};
    if (!json_is_object(inspect)) {
        bad(&a, DG_ERR_PARSE, "inspect", "expected an object");
        free(what);
        return a.rc;
    }
    const char *name = get_str(&a, inspect, "Name", "Name");
    if (name && *name) c->name = dg_xstrdup(name[0] == '/' ? name + 1 : name);
    fill_config(&a, get_obj(&a, inspect, "Config", "Config"), c);
    fill_hostconfig(&a, get_obj(&a, inspect, "HostConfig", "HostConfig"), c, false);
    fill_live_mounts(&a, get_arr(&a, inspect, "Mounts", "Mounts"), c);
    struct cs_live *l = &c->live;
    l->present = true;
    l->host_apparmor = l->host_selinux = -1;
    l->id = dup_str(&a, inspect, "Id", "Id");
    l->image_id = dup_str(&a, inspect, "Image", "Image");
    l->created = dup_str(&a, inspect, "Created", "Created");
    l->restart_count = clamp_int(get_int(&a, inspect, "RestartCount", "RestartCount"));
    l->apparmor_profile = dup_str(&a, inspect, "AppArmorProfile", "AppArmorProfile");
    l->process_label = dup_str(&a, inspect, "ProcessLabel", "ProcessLabel");
    const json_t *st = get_obj(&a, inspect, "State", "State");
    l->running = get_bool(&a, st, "Running", "State.Running");
    int64_t pid = get_int(&a, st, "Pid", "State.Pid");
    l->pid = pid > 0 && pid <= INT32_MAX ? (int)pid : 0;
    l->health_status = dup_str(&a, get_obj(&a, st, "Health", "State.Health"), "Status", "State.Health.Status");
    /* The image as the user named it; Config.Image can be empty for
     * containers whose image was removed. */
    if (!c->image && l->image_id) c->image = dg_xstrdup(l->image_id);
    cs_normalize(c);
    free(what);
    return a.rc;
}

int engine_container_spec_from_create(const json_t *body, const char *name, struct container_spec *c,
                                      struct dg_error *err)
{
    cs_init(c);
    char *what = dg_xasprintf("create request%s%s", name ? " " : "", name ? name : "");
    struct adapt a = {what, err, 0};
    if (!json_is_object(body)) {
        bad(&a, DG_ERR_PARSE, "body", "expected an object");
        free(what);
        return a.rc;
    }
    if (name && *name) c->name = dg_xstrdup(name[0] == '/' ? name + 1 : name);
    /* A create body is a Config object with HostConfig inside it. */
    fill_config(&a, body, c);
    fill_hostconfig(&a, get_obj(&a, body, "HostConfig", "HostConfig"), c, true);
    cs_normalize(c);
    free(what);
    return a.rc;
}

static int security_option(const json_t *info, const char *name)
{
    const json_t *so = json_object_get(info, "SecurityOptions");
    if (!json_is_array(so)) return -1;
    size_t i;
    const json_t *v;
    size_t n = strlen(name);
    json_array_foreach(so, i, v) {
        const char *s = json_string_value(v);
        /* "name=apparmor" or "name=seccomp,profile=default" */
        if (s && dg_str_has_prefix(s, "name=") && strncmp(s + 5, name, n) == 0 && (s[5 + n] == '\0' || s[5 + n] == ','))
            return 1;
    }
    return 0;
}

void engine_container_apply_info(struct container_spec *c, const json_t *info)
{
    if (!json_is_object(info)) return;
    c->live.host_apparmor = security_option(info, "apparmor");
    c->live.host_selinux = security_option(info, "selinux");
}

int engine_container_apply_top(struct container_spec *c, const json_t *top, struct dg_error *err)
{
    char *what = dg_xasprintf("container:/%s top", c->name ? c->name : "?");
    struct adapt a = {what, err, 0};
    const json_t *titles = get_arr(&a, top, "Titles", "Titles");
    const json_t *procs = get_arr(&a, top, "Processes", "Processes");
    long iuid = -1, ipid = -1, icmd = -1;
    size_t i;
    const json_t *v;
    if (titles) json_array_foreach(titles, i, v) {
        const char *t = json_string_value(v);
        if (!t) continue;
        if (strcmp(t, "UID") == 0 || strcmp(t, "USER") == 0) iuid = (long)i;
        else if (strcmp(t, "PID") == 0) ipid = (long)i;
        else if (strcmp(t, "CMD") == 0 || strcmp(t, "COMMAND") == 0) icmd = (long)i;
    }
    if (!a.rc && (!titles || !procs || iuid < 0 || ipid < 0 || icmd < 0))
        bad(&a, DG_ERR_PARSE, "Titles", "expected UID, PID and CMD columns");
    if (!a.rc) {
        json_array_foreach(procs, i, v) {
            const char *u = json_string_value(json_array_get(v, (size_t)iuid));
            const char *p = json_string_value(json_array_get(v, (size_t)ipid));
            const char *cmd = json_string_value(json_array_get(v, (size_t)icmd));
            if (!json_is_array(v) || !u || !p || !cmd) {
                bad(&a, DG_ERR_PARSE, "Processes", "expected rows of strings");
                break;
            }
            dg_strv_push(&c->live.top_users, u);
            dg_strv_push(&c->live.top_pids, p);
            dg_strv_push(&c->live.top_cmds, cmd);
        }
    }
    c->live.top_known = a.rc == 0;
    free(what);
    return a.rc;
}

/* ---- image ----------------------------------------------------------- */

char *engine_image_ref(const json_t *inspect)
{
    const char *keys[] = {"RepoTags", "RepoDigests"};
    for (size_t k = 0; k < 2; k++) {
        const json_t *arr = json_object_get(inspect, keys[k]);
        size_t i;
        const json_t *v;
        if (!json_is_array(arr)) continue;
        json_array_foreach(arr, i, v) {
            const char *s = json_string_value(v);
            if (s && *s && strcmp(s, "<none>:<none>") != 0 && strcmp(s, "<none>@<none>") != 0) return dg_xstrdup(s);
        }
    }
    const char *id = json_string_value(json_object_get(inspect, "Id"));
    if (!id) return dg_xstrdup("?");
    if (dg_str_has_prefix(id, "sha256:")) id += 7;
    return dg_xstrndup(id, 12);
}

static void push_strv(void *ud, const char *s)
{
    dg_strv_push(ud, s);
}

int engine_image_spec_from_inspect(const json_t *inspect, const json_t *history, struct image_spec *s,
                                   struct dg_error *err)
{
    is_init(s);
    char *ref = json_is_object(inspect) ? engine_image_ref(inspect) : dg_xstrdup("?");
    char *what = dg_xasprintf("image %s", ref);
    struct adapt a = {what, err, 0};
    s->ref = ref;
    if (!json_is_object(inspect)) {
        bad(&a, DG_ERR_PARSE, "inspect", "expected an object");
        free(what);
        return a.rc;
    }
    s->id = dup_str(&a, inspect, "Id", "Id");
    s->os = dup_str(&a, inspect, "Os", "Os");
    s->arch = dup_str(&a, inspect, "Architecture", "Architecture");
    s->created = dup_str(&a, inspect, "Created", "Created");
    const json_t *cfg = get_obj(&a, inspect, "Config", "Config");
    if (cfg) {
        s->user = dup_str(&a, cfg, "User", "Config.User");
        s->user_set = s->user != NULL;
        char *test = NULL;
        int h = health_of(&a, cfg, &test);
        s->health = h < 0 ? IS_HEALTH_NONE : h > 0 ? IS_HEALTH_CMD : IS_HEALTH_UNSET;
        s->health_test = test;
        each_str(&a, get_arr(&a, cfg, "Env", "Config.Env"), "Config.Env", push_env, &s->env);
        kvs_from_object(&a, get_obj(&a, cfg, "Labels", "Config.Labels"), "Config.Labels", &s->labels);
        const json_t *ex = get_obj(&a, cfg, "ExposedPorts", "Config.ExposedPorts");
        if (ex && json_object_size(ex) <= ENGINE_MAX_LIST) {
            const char *k;
            const json_t *v;
            json_object_foreach((json_t *)ex, k, v) {
                (void)v;
                char *end;
                unsigned long port = strtoul(k, &end, 10);
                struct is_port *p = is_add_port(s);
                p->port = port <= 65535 ? (unsigned)port : 0;
                p->proto = dg_xstrdup(*end == '/' ? end + 1 : "tcp");
            }
        } else if (ex) {
            bad(&a, DG_ERR_LIMIT, "Config.ExposedPorts", "too many entries");
        }
        each_str(&a, get_arr(&a, cfg, "Entrypoint", "Config.Entrypoint"), "Config.Entrypoint", push_strv,
                 &s->entrypoint);
        each_str(&a, get_arr(&a, cfg, "Cmd", "Config.Cmd"), "Config.Cmd", push_strv, &s->cmd);
        /* The shell form is stored as ["/bin/sh", "-c", "..."]. */
        s->entrypoint_shell = s->entrypoint.n >= 2 && strcmp(s->entrypoint.v[1], "-c") == 0 &&
                              dg_str_has_suffix(s->entrypoint.v[0], "sh");
        s->workdir = dup_str(&a, cfg, "WorkingDir", "Config.WorkingDir");
        const json_t *vols = get_obj(&a, cfg, "Volumes", "Config.Volumes");
        if (vols && json_object_size(vols) <= ENGINE_MAX_LIST) {
            const char *k;
            const json_t *v;
            json_object_foreach((json_t *)vols, k, v) {
                (void)v;
                dg_strv_push(&s->volumes, k);
            }
        }
    }
    if (history) {
        if (!json_is_array(history)) {
            bad(&a, DG_ERR_PARSE, "history", "expected an array");
        } else if (json_array_size(history) > ENGINE_MAX_LIST) {
            bad(&a, DG_ERR_LIMIT, "history", "too many entries");
        } else {
            /* The API lists newest first; the model keeps build order. */
            for (size_t i = json_array_size(history); i-- > 0;) {
                const json_t *h = json_array_get(history, i);
                if (!json_is_object(h)) {
                    bad(&a, DG_ERR_PARSE, "history", "expected history objects");
                    break;
                }
                struct is_history *e = is_add_history(s);
                const char *cb = get_str(&a, h, "CreatedBy", "history.CreatedBy");
                e->created_by = dg_xstrdup(cb ? cb : "");
                /* The API has no empty_layer flag; a zero-size step added
                 * no layer content, which is what the flag records. */
                e->empty_layer = get_int(&a, h, "Size", "history.Size") == 0;
            }
        }
    }
    free(what);
    return a.rc;
}

/* ---- inventory ------------------------------------------------------- */

int engine_inventory_from_lists(const json_t *images, const json_t *containers, struct inventory *v,
                                struct dg_error *err)
{
    inv_init(v);
    struct adapt a = {"inventory", err, 0};
    if (!json_is_array(images) || !json_is_array(containers)) {
        bad(&a, DG_ERR_PARSE, "lists", "expected arrays of images and containers");
        return a.rc;
    }
    size_t i;
    const json_t *o;
    json_array_foreach(images, i, o) {
        if (!json_is_object(o)) {
            bad(&a, DG_ERR_PARSE, "GET /images/json", "expected image objects");
            break;
        }
        struct inv_image *im = inv_add_image(v);
        im->id = dup_str(&a, o, "Id", "Images.Id");
        const json_t *tags = get_arr(&a, o, "RepoTags", "Images.RepoTags");
        size_t j;
        const json_t *t;
        if (tags) json_array_foreach(tags, j, t) {
            const char *s = json_string_value(t);
            if (s && *s && strcmp(s, "<none>:<none>") != 0) dg_strv_push(&im->tags, s);
        }
        const json_t *sz = json_object_get(o, "Size");
        im->size = json_is_integer(sz) ? (int64_t)json_integer_value(sz) : -1;
        im->created = get_int(&a, o, "Created", "Images.Created");
    }
    json_array_foreach(containers, i, o) {
        if (!json_is_object(o)) {
            bad(&a, DG_ERR_PARSE, "GET /containers/json", "expected container objects");
            break;
        }
        struct inv_container *c = inv_add_container(v);
        c->id = dup_str(&a, o, "Id", "Containers.Id");
        const json_t *names = get_arr(&a, o, "Names", "Containers.Names");
        const char *n = names ? json_string_value(json_array_get(names, 0)) : NULL;
        c->name = dg_xstrdup(n ? n : c->id ? c->id : "?");
        c->image_id = dup_str(&a, o, "ImageID", "Containers.ImageID");
        c->state = dup_str(&a, o, "State", "Containers.State");
        c->running = c->state && strcmp(c->state, "running") == 0;
    }
    inv_link(v);
    v->present = a.rc == 0;
    return a.rc;
}
