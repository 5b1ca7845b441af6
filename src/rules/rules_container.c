/* Rules written against the container model (DG-C001–C099, CIS Docker
 * Benchmark section 5). Each check is a pure function of a container_spec,
 * so the same code judges a compose service, a `docker run` line, a live
 * container and a create request seen by the authorization plugin. */
#include "rules/tables.h"
#include "rules/imageref.h"
#include "model/container_spec.h"
#include "model/image_spec.h"
#include "core/secrets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SPEC(s) const struct container_spec *c = (s)

static bool str_is(const char *s, const char *v) { return s && strcasecmp(s, v) == 0; }

/* ---- mounts ------------------------------------------------------------ */

/* Host paths are compared after lexical cleaning (as Docker's daemon does
 * with filepath.Clean): "//etc/", "/tmp/../etc" and "/etc/./" are /etc. */
#define CLEAN_MAX 4096

/* Writes the cleaned form of an absolute path into out; false when the path
 * is too long to clean (then it is judged as written). */
static bool path_clean(const char *p, char *out, size_t outlen)
{
    size_t n = strlen(p);
    if (n + 2 > outlen || p[0] != '/') return false;
    size_t o = 0;
    out[o++] = '/';
    const char *q = p;
    while (*q) {
        while (*q == '/') q++;
        if (!*q) break;
        size_t len = strcspn(q, "/");
        if (len == 1 && q[0] == '.') {
            /* "." adds nothing */
        } else if (len == 2 && q[0] == '.' && q[1] == '.') {
            /* ".." drops the last component; above / it stays at / */
            while (o > 1 && out[o - 1] != '/') o--;
            if (o > 1) o--;
        } else {
            if (o > 1) out[o++] = '/';
            memcpy(out + o, q, len);
            o += len;
        }
        q += len;
    }
    out[o] = '\0';
    return true;
}

/* True when path (cleaned) equals base or lies below it. */
static bool path_under(const char *path, const char *base)
{
    size_t bn = strlen(base);
    if (bn == 1) return true; /* everything lies below / */
    return strncmp(path, base, bn) == 0 && (path[bn] == '\0' || path[bn] == '/');
}

/* A bind mount of an absolute host path, with that path cleaned into buf. */
static const char *bind_source(const struct cs_mount *m, char *buf, size_t len)
{
    if (m->type != CS_MOUNT_BIND || !m->source || m->source[0] != '/') return NULL;
    return path_clean(m->source, buf, len) ? buf : m->source;
}

/* Host directories whose exposure gives the container control over, or
 * knowledge of, the host (CIS 5.6). The whole-directory list is matched
 * exactly: subdirectories of /usr, /lib or /dev (/usr/share/zoneinfo,
 * /lib/modules, /dev/fuse) are routinely mounted for narrow reasons. Below
 * /etc, /proc, /sys, /boot, /root and Docker's data root every path is
 * sensitive (/etc/shadow, /proc/sysrq-trigger, /sys/fs/cgroup). */
static const char *const sensitive_exact[] = {"/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64",
                                              "/proc", "/root", "/sbin", "/sys", "/usr", "/var/lib/docker"};
static const char *const sensitive_below[] = {"/boot", "/etc", "/proc", "/root", "/sys", "/var/lib/docker"};

static bool sensitive_match(const char *src)
{
    for (size_t i = 0; i < sizeof sensitive_exact / sizeof sensitive_exact[0]; i++)
        if (!strcmp(src, sensitive_exact[i])) return true;
    for (size_t i = 0; i < sizeof sensitive_below / sizeof sensitive_below[0]; i++)
        if (path_under(src, sensitive_below[i])) return true;
    return false;
}

/* The Docker, containerd, CRI-O and podman API sockets and the run
 * directories that hold them: whoever can reach one controls the host.
 * Mounting /run or /var/run exposes every socket in them. */
static bool is_engine_socket(const char *src)
{
    static const char *const dirs[] = {"/var/run", "/run"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (!strcmp(src, dirs[i])) return true;
    static const char *const below[] = {"/var/run/docker", "/run/docker", "/var/run/containerd", "/run/containerd",
                                        "/var/run/crio", "/run/crio", "/var/run/podman", "/run/podman",
                                        "/var/lib/docker/containerd"};
    for (size_t i = 0; i < sizeof below / sizeof below[0]; i++)
        if (path_under(src, below[i])) return true;
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    static const char *const names[] = {"docker.sock", "containerd.sock", "podman.sock", "crio.sock",
                                        "dockershim.sock", "cri-dockerd.sock"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(base, names[i])) return true;
    return false;
}

static void check_sensitive_mount(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    char buf[CLEAN_MAX];
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        const char *src = bind_source(m, buf, sizeof buf);
        /* The socket rule reports engine sockets (more severe, one finding). */
        if (!src || is_engine_socket(src) || !sensitive_match(src)) continue;
        rule_emit(ctx, m->pos, m->raw, "host directory %s is mounted into the container at %s%s", src,
                  m->target ? m->target : "?", m->read_only ? " (read-only)" : " (writable)");
    }
}

static void check_socket_mount(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    char buf[CLEAN_MAX];
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        const char *src = bind_source(m, buf, sizeof buf);
        if (!src || !is_engine_socket(src)) continue;
        const char *ro = m->read_only ? " (read-only does not limit API calls)" : "";
        if (!strcmp(src, "/run") || !strcmp(src, "/var/run"))
            rule_emit(ctx, m->pos, m->raw,
                      "%s, which holds the container engine sockets, is mounted into the container%s", src, ro);
        else
            rule_emit(ctx, m->pos, m->raw, "container engine socket %s is mounted into the container%s", src, ro);
    }
}

static void check_bind_writable(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    char buf[CLEAN_MAX];
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        const char *src = bind_source(m, buf, sizeof buf);
        /* Sockets and sensitive directories have their own, stronger findings. */
        if (src && !m->read_only && !is_engine_socket(src) && !sensitive_match(src))
            rule_emit(ctx, m->pos, m->raw, "host path %s is mounted writable at %s", src,
                      m->target ? m->target : "?");
    }
}

static void check_propagation(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        if (str_is(m->propagation, "shared") || str_is(m->propagation, "rshared"))
            rule_emit(ctx, m->pos, m->raw, "mount %s uses %s propagation", m->target ? m->target : "?",
                      m->propagation);
    }
}

/* ---- privileges -------------------------------------------------------- */

static void check_privileged(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->privileged) rule_emit(ctx, cs_pos(c, CS_PRIVILEGED), NULL, "container runs privileged");
}

static void check_root_user(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (!c->user || !*c->user) {
        /* No user in the spec: the image's USER decides, and the image is not
         * part of the spec. The image rules (DG-I001 on the image, DG-B001 on
         * its Dockerfile) judge that default; reporting it here would be a
         * guess for every service of a project that sets USER correctly. */
        rule_skip(ctx, "no user set: the image's USER applies and is judged by the image rules");
        return;
    }
    if (is_user_is_root(c->user))
        rule_emit(ctx, cs_pos(c, CS_USER), c->user, "container runs as root (user %s)", c->user);
}

static void check_no_new_privs(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    /* A privileged container can do anything no-new-privileges would stop;
     * DG-C001 reports it, a second finding would add nothing. */
    if (!c->no_new_privileges && !c->privileged)
        rule_emit(ctx, cs_pos(c, CS_SECURITY_OPT), NULL, "no-new-privileges is not set");
}

/* Finds a security option "name=value" or "name:value" with the given name. */
static const struct cs_str *secopt_find(const struct container_spec *c, const char *name, const char *value)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < c->security_opt.n; i++) {
        const char *o = c->security_opt.v[i].s;
        if (strncasecmp(o, name, nl) == 0 && (o[nl] == '=' || o[nl] == ':') && !strcasecmp(o + nl + 1, value))
            return &c->security_opt.v[i];
    }
    return NULL;
}

static void check_seccomp(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    const struct cs_str *o = secopt_find(c, "seccomp", "unconfined");
    if (o) rule_emit(ctx, o->pos, o->s, "seccomp profile is disabled");
}

static void check_apparmor(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    const struct cs_str *o = secopt_find(c, "apparmor", "unconfined");
    if (o) rule_emit(ctx, o->pos, o->s, "AppArmor confinement is disabled");
}

static void check_selinux(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    const struct cs_str *o = secopt_find(c, "label", "disable");
    if (o) {
        rule_emit(ctx, o->pos, o->s, "SELinux labelling is disabled");
        return;
    }
    /* spc_t is the "super privileged container" type: unconfined as well. */
    o = secopt_find(c, "label", "type:spc_t");
    if (o) rule_emit(ctx, o->pos, o->s, "SELinux type spc_t runs the container unconfined");
}

static bool cap_is_all(const char *cap) { return !strcasecmp(cap, "ALL"); }

static bool cap_dangerous(const char *cap)
{
    /* Capabilities with known container escapes or host-wide effect:
     * mounting and namespaces (SYS_ADMIN), kernel modules, raw I/O, reboot,
     * tracing host-visible processes, reading any file by handle
     * (DAC_READ_SEARCH, "shocker"), the host's network stack, the LSM, and
     * eBPF/perf (kernel memory access). */
    static const char *const caps[] = {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE",
                                       "DAC_READ_SEARCH", "SYS_RAWIO", "SYS_BOOT", "MAC_ADMIN", "MAC_OVERRIDE",
                                       "BPF", "PERFMON"};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (!strcasecmp(cap, caps[i])) return true;
    return false;
}

static void check_cap_add(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->cap_add.n; i++)
        if (!cap_dangerous(c->cap_add.v[i].s))
            rule_emit(ctx, c->cap_add.v[i].pos, c->cap_add.v[i].s, "capability %s is added", c->cap_add.v[i].s);
}

static void check_cap_dangerous(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->cap_add.n; i++)
        if (cap_dangerous(c->cap_add.v[i].s))
            rule_emit(ctx, c->cap_add.v[i].pos, c->cap_add.v[i].s, "%s capability %s is added",
                      cap_is_all(c->cap_add.v[i].s) ? "every" : "powerful", c->cap_add.v[i].s);
}

static void check_cap_drop(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->privileged) {
        rule_skip(ctx, "a privileged container keeps every capability (DG-C001)");
        return;
    }
    for (size_t i = 0; i < c->cap_drop.n; i++)
        if (cap_is_all(c->cap_drop.v[i].s)) return;
    rule_emit(ctx, cs_pos(c, CS_CAP_DROP), NULL,
              c->cap_drop.n ? "only some capabilities are dropped, not ALL" : "no capabilities are dropped");
}

/* ---- namespaces -------------------------------------------------------- */

static void ns_host(struct rule_ctx *ctx, const struct container_spec *c, const char *mode, enum cs_field f,
                    const char *what)
{
    if (str_is(mode, "host")) rule_emit(ctx, cs_pos(c, f), mode, "container shares the host's %s namespace", what);
}

static void check_net_host(struct rule_ctx *ctx, const void *s) { SPEC(s); ns_host(ctx, c, c->network_mode, CS_NETWORK, "network"); }
static void check_pid_host(struct rule_ctx *ctx, const void *s) { SPEC(s); ns_host(ctx, c, c->pid_mode, CS_PID, "process"); }
static void check_ipc_host(struct rule_ctx *ctx, const void *s) { SPEC(s); ns_host(ctx, c, c->ipc_mode, CS_IPC, "IPC"); }
static void check_uts_host(struct rule_ctx *ctx, const void *s) { SPEC(s); ns_host(ctx, c, c->uts_mode, CS_UTS, "UTS"); }
static void check_userns_host(struct rule_ctx *ctx, const void *s) { SPEC(s); ns_host(ctx, c, c->userns_mode, CS_USERNS, "user"); }

/* ---- resources --------------------------------------------------------- */

static void check_memory(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->memory <= 0) rule_emit(ctx, cs_pos(c, CS_MEMORY), NULL, "no memory limit is set");
}

static void check_cpu(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    /* CPU shares are only a relative weight under contention: a container
     * with shares alone can still take every idle CPU. */
    if (c->nano_cpus > 0 || c->cpu_quota > 0) return;
    if (c->cpu_shares > 0)
        rule_emit(ctx, cs_pos(c, CS_CPU_SHARES), NULL, "only CPU shares (%lld) are set, no CPU limit",
                  (long long)c->cpu_shares);
    else
        rule_emit(ctx, cs_pos(c, CS_CPUS), NULL, "no CPU limit is set");
}

static void check_pids(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->pids_limit <= 0) rule_emit(ctx, cs_pos(c, CS_PIDS_LIMIT), NULL, "no PIDs limit is set");
}

static void check_read_only(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (!c->read_only) rule_emit(ctx, cs_pos(c, CS_READ_ONLY), NULL, "root filesystem is writable");
}

static void check_oom_kill(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->oom_kill_disable && c->memory <= 0)
        rule_emit(ctx, cs_pos(c, CS_OOM_KILL_DISABLE), NULL, "OOM killer is disabled without a memory limit");
}

static void check_ulimits(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->ulimits.n; i++) {
        const struct cs_kv *kv = &c->ulimits.v[i];
        if (!kv->key) continue;
        char *ev = dg_xasprintf("%s=%s", kv->key, kv->value ? kv->value : "");
        rule_emit(ctx, kv->pos, ev, "default ulimit %s is overridden (%s)", kv->key, kv->value ? kv->value : "");
        free(ev);
    }
}

static void check_cgroup_parent(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->cgroup_parent && *c->cgroup_parent)
        rule_emit(ctx, cs_pos(c, CS_CGROUP_PARENT), c->cgroup_parent, "container runs under cgroup parent %s",
                  c->cgroup_parent);
}

/* ---- ports ------------------------------------------------------------- */

static bool ip_is_any(const char *ip)
{
    return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") || !strcmp(ip, "[::]") ||
           !strcmp(ip, "0:0:0:0:0:0:0:0");
}

static void check_ports_any(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nports; i++) {
        const struct cs_port *p = &c->ports[i];
        if (!p->published || !ip_is_any(p->host_ip)) continue;
        char host[32];
        if (p->host_lo == 0) snprintf(host, sizeof host, "an ephemeral host port");
        else snprintf(host, sizeof host, "host port %u", p->host_lo);
        rule_emit(ctx, p->pos, p->raw, "container port %u/%s is published on %s on all %sinterfaces%s", p->ctr_lo,
                  p->proto ? p->proto : "tcp", host, p->host_ip && strchr(p->host_ip, ':') ? "IPv6 " : "",
                  p->host_ip && *p->host_ip ? "" : " (no host address given)");
    }
}

static void check_ports_privileged(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nports; i++) {
        const struct cs_port *p = &c->ports[i];
        if (p->published && p->host_lo > 0 && p->host_lo < 1024)
            rule_emit(ctx, p->pos, p->raw, "privileged host port %u is mapped", p->host_lo);
    }
}

static void check_publish_all(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->publish_all) rule_emit(ctx, cs_pos(c, CS_PUBLISH_ALL), NULL, "every exposed port is published (-P)");
}

/* Docker's default bridge (docker0) connects every container started
 * without a network: they reach each other freely and without names. */
static void check_default_bridge(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (str_is(c->network_mode, "bridge") || str_is(c->network_mode, "default"))
        rule_emit(ctx, cs_pos(c, CS_NETWORK), c->network_mode, "container uses Docker's default bridge network");
}

/* ---- lifecycle --------------------------------------------------------- */

static void check_restart(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    const char *n = c->restart_name;
    if (str_is(n, "always") || str_is(n, "unless-stopped"))
        rule_emit(ctx, cs_pos(c, CS_RESTART), n, "restart policy '%s' restarts without limit", n);
    else if (str_is(n, "on-failure") && (c->restart_max <= 0 || c->restart_max > 5))
        rule_emit(ctx, cs_pos(c, CS_RESTART), n, "restart policy on-failure has %s retries",
                  c->restart_max <= 0 ? "unlimited" : "more than 5");
}

static void check_health_disabled(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (c->healthcheck < 0) rule_emit(ctx, cs_pos(c, CS_HEALTHCHECK), NULL, "health check is disabled");
}

static void check_devices(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->devices.n; i++)
        rule_emit(ctx, c->devices.v[i].pos, c->devices.v[i].s, "host device %s is exposed", c->devices.v[i].s);
}

/* Sysctls worth a second look. Docker accepts only namespaced ones
 * (kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.*, net.*); of those,
 * forwarding makes the container a router between networks, route_localnet
 * exposes 127.0.0.0/8 services to the network, and accepting redirects or
 * source routes lets others steer its traffic. Anything else under kernel.,
 * vm. or fs. is not namespaced: other runtimes would apply it to the host. */
static bool sysctl_enables(const char *v) { return !v || (strcmp(v, "0") != 0 && *v); }

static const char *sysctl_risk(const char *k, const char *v)
{
    if (!strncmp(k, "kernel.", 7)) {
        if (!strncmp(k, "kernel.msg", 10) || !strcmp(k, "kernel.sem") || !strncmp(k, "kernel.shm", 10)) return NULL;
        return "is not namespaced and acts on the host";
    }
    if (!strncmp(k, "fs.", 3)) return strncmp(k, "fs.mqueue.", 10) ? "is not namespaced and acts on the host" : NULL;
    if (!strncmp(k, "vm.", 3)) return "is not namespaced and acts on the host";
    if (!strncmp(k, "net.", 4) && sysctl_enables(v)) {
        size_t n = strlen(k);
        if (!strcmp(k, "net.ipv4.ip_forward") || (n > 11 && !strcmp(k + n - 11, ".forwarding")))
            return "turns the container into a router";
        if (n > 15 && !strcmp(k + n - 15, ".route_localnet")) return "routes loopback addresses from the network";
        if ((n > 17 && !strcmp(k + n - 17, ".accept_redirects")) ||
            (n > 20 && !strcmp(k + n - 20, ".accept_source_route")))
            return "lets other hosts steer the container's traffic";
    }
    return NULL;
}

static void check_sysctls(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->sysctls.n; i++) {
        const struct cs_kv *kv = &c->sysctls.v[i];
        const char *why = kv->key ? sysctl_risk(kv->key, kv->value) : NULL;
        if (!why) continue;
        char *ev = dg_xasprintf("%s=%s", kv->key, kv->value ? kv->value : "");
        rule_emit(ctx, kv->pos, ev, "sysctl %s %s", kv->key, why);
        free(ev);
    }
}

/* ---- secrets ----------------------------------------------------------- */

/* Evidence for a secret shows the name and at most the first two
 * characters of the value: enough to recognise it, too little to use. */
static char *secret_evidence(const char *key, const char *value)
{
    size_t n = strlen(value);
    if (n >= 8) return dg_xasprintf("%s=%.2s***", key, value);
    return dg_xasprintf("%s=***", key);
}

static void check_env_secrets(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->env.n; i++) {
        const struct cs_kv *kv = &c->env.v[i];
        /* "-e NAME" / "NAME" alone takes the value from the caller's
         * environment, and ${VAR} is resolved at run time: neither is
         * written down here. */
        if (!kv->key || !kv->value || kv->value_is_ref) continue;
        struct secret_match m;
        const char *what = NULL;
        if (secrets_value_match(kv->value, strlen(kv->value), &m))
            what = m.kind;
        else if (!secrets_name_sensitive(kv->key) || secrets_value_is_placeholder(kv->value))
            continue;
        char *ev = secret_evidence(kv->key, kv->value);
        if (what)
            rule_emit(ctx, kv->pos, ev, "environment variable %s holds a %s", kv->key, what);
        else
            rule_emit(ctx, kv->pos, ev, "environment variable %s holds a literal credential", kv->key);
        free(ev);
    }
}

/* ---- image ------------------------------------------------------------- */

static int image_parse(struct rule_ctx *ctx, const struct container_spec *c, struct imageref *r)
{
    if (!c->image || !*c->image) {
        rule_skip(ctx, "no image is named (built by the project)");
        return -1;
    }
    if (c->build_context) {
        /* With build:, image: names the result of the build, not a pull. */
        rule_skip(ctx, "image %s is built by the project", c->image);
        return -1;
    }
    if (imageref_parse(c->image, r) != 0) {
        rule_skip(ctx, "image reference '%s' cannot be parsed", c->image);
        return -1;
    }
    if (r->has_var) {
        rule_skip(ctx, "image reference '%s' holds a variable", c->image);
        imageref_free(r);
        return -1;
    }
    return 0;
}

static void check_image_unpinned(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    struct imageref r;
    if (image_parse(ctx, c, &r) != 0) return;
    if (!r.scratch && imageref_is_unpinned_tag(&r))
        rule_emit(ctx, cs_pos(c, CS_IMAGE), c->image, "image %s is not pinned to a version", c->image);
    imageref_free(&r);
}

static void check_image_trusted(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    struct imageref r;
    if (image_parse(ctx, c, &r) != 0) return;
    if (!imageref_is_trusted(&r, ctx->config))
        rule_emit(ctx, cs_pos(c, CS_IMAGE), c->image, "image %s does not come from a trusted source", c->image);
    imageref_free(&r);
}

static void check_image_digest(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    struct imageref r;
    if (image_parse(ctx, c, &r) != 0) return;
    if (!r.scratch && !imageref_is_pinned(&r) && !imageref_is_unpinned_tag(&r))
        rule_emit(ctx, cs_pos(c, CS_IMAGE), c->image, "image %s is pinned by tag but not by digest", c->image);
    imageref_free(&r);
}

static const struct rule_def rules[] = {
    {"DG-C001", "Container runs privileged", DG_SEV_CRITICAL, DG_MODEL_CONTAINER, "5.5", NULL, NULL, NULL,
     "A privileged container gets every capability, every host device and no seccomp, AppArmor or SELinux "
     "confinement: root in it is root on the host.",
     "Remove --privileged / `privileged: true`; add only the capabilities and devices the workload needs.",
     check_privileged},
    {"DG-C002", "Container runs as root", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "A process running as root in the container is root on the host if it escapes, and can modify everything "
     "in the container. An unset user leaves the image's USER in force (not judged here).",
     "Run as an unprivileged user: `--user 1000:1000` / `user: \"1000:1000\"`, or set USER in the image.",
     check_root_user},
    {"DG-C003", "Sensitive host directory is mounted", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.6", NULL, NULL, NULL,
     "Mounting /, /etc, /proc, /sys, /dev, /boot, /usr, /lib or similar gives the container the means to read "
     "host secrets or change the host, even read-only for some of them.",
     "Mount only the application's own directories, or use named volumes.", check_sensitive_mount},
    {"DG-C004", "Container engine socket is mounted", DG_SEV_CRITICAL, DG_MODEL_CONTAINER, "5.32", NULL, NULL, NULL,
     "Whoever can talk to the Docker (containerd, podman, CRI-O) socket can start a privileged container and own "
     "the host. A read-only bind mount does not restrict API calls.",
     "Do not mount the socket; if a tool needs the API, put an authorising proxy in front of it.",
     check_socket_mount},
    {"DG-C005", "Host directory is mounted writable", DG_SEV_INFO, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "A writable bind mount lets the container change host files; many mounts (configuration, certificates) only "
     "need reading.",
     "Add `:ro` (`-v /src:/dst:ro`, `read_only: true` in long syntax) where the container need not write.",
     check_bind_writable},
    {"DG-C006", "Container shares the host network namespace", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.10", NULL, NULL,
     NULL,
     "With the host network the container sees every host interface, can bind any port and reach services "
     "listening on localhost.",
     "Use a bridge or user-defined network and publish only the ports needed.", check_net_host},
    {"DG-C007", "Container shares the host process namespace", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.16", NULL, NULL,
     NULL, "With the host PID namespace the container sees and can signal (as root: ptrace) every host process.",
     "Remove --pid=host / `pid: host`.", check_pid_host},
    {"DG-C008", "Container shares the host IPC namespace", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.17", NULL, NULL, NULL,
     "With the host IPC namespace the container can read and change host shared memory and semaphores.",
     "Remove --ipc=host / `ipc: host`.", check_ipc_host},
    {"DG-C009", "Container shares the host UTS namespace", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.21", NULL, NULL,
     NULL, "With the host UTS namespace the container can change the host's hostname.",
     "Remove --uts=host / `uts: host`.", check_uts_host},
    {"DG-C010", "Container shares the host user namespace", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.31", NULL, NULL,
     NULL,
     "--userns=host turns off the daemon's user-namespace remapping for this container: its root is host root.",
     "Remove --userns=host / `userns_mode: host`.", check_userns_host},
    {"DG-C011", "No memory limit", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.11", NULL, NULL, NULL,
     "Without a memory limit one container can exhaust host memory and make the kernel kill other processes.",
     "Set `--memory 512m` / `mem_limit: 512m` (or deploy.resources.limits.memory).", check_memory},
    {"DG-C012", "No CPU limit", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.12", NULL, NULL, NULL,
     "Without a CPU limit one container can starve the others and the host. CPU shares alone are only a "
     "weight under contention and do not cap usage.",
     "Set `--cpus 1.5` / `cpus: 1.5` (or deploy.resources.limits.cpus), or a CPU quota.", check_cpu},
    {"DG-C013", "No PIDs limit", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.29", NULL, NULL, NULL,
     "Without a PIDs limit a fork bomb in the container exhausts the host's process table.",
     "Set `--pids-limit 200` / `pids_limit: 200`.", check_pids},
    {"DG-C014", "Root filesystem is writable", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.13", NULL, NULL, NULL,
     "A read-only root filesystem stops an attacker from dropping tools or changing binaries in the container.",
     "Use `--read-only` / `read_only: true` with tmpfs or volumes for the paths that must be written.",
     check_read_only},
    {"DG-C015", "Port is published on all host interfaces", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.14", NULL, NULL, NULL,
     "A port without a host address (or with 0.0.0.0 or ::) listens on every IPv4 or IPv6 interface, public "
     "ones included, and Docker's iptables rules bypass host firewalls such as ufw.",
     "Bind to one address: `-p 127.0.0.1:8080:80` / `\"127.0.0.1:8080:80\"`.", check_ports_any},
    {"DG-C016", "Privileged host port is mapped", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.8", NULL, NULL, NULL,
     "Ports below 1024 are reserved for privileged services; mapping them should be a deliberate decision.",
     "Map to a host port of 1024 or above, or document why a low port is needed.", check_ports_privileged},
    {"DG-C017", "Every exposed port is published", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.9", NULL, NULL, NULL,
     "-P publishes every port the image exposes, on all interfaces, to random host ports: more is open than "
     "anybody reviewed.",
     "Publish only the ports needed with -p.", check_publish_all},
    {"DG-C018", "no-new-privileges is not set", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.26", NULL, NULL, NULL,
     "Without no-new-privileges, setuid binaries and file capabilities in the container can raise privileges.",
     "Add `--security-opt no-new-privileges:true` / `security_opt: [\"no-new-privileges:true\"]`.",
     check_no_new_privs},
    {"DG-C019", "Seccomp profile is disabled", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.22", NULL, NULL, NULL,
     "Docker's default seccomp profile blocks dozens of dangerous system calls; seccomp=unconfined removes it.",
     "Remove seccomp=unconfined, or supply a custom profile that allows only what is needed.", check_seccomp},
    {"DG-C020", "AppArmor is disabled", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.2", NULL, NULL, NULL,
     "apparmor=unconfined removes the docker-default profile that blocks writes to /proc and /sys and mounting.",
     "Remove apparmor=unconfined, or use a custom profile: `--security-opt apparmor=<profile>`.", check_apparmor},
    {"DG-C021", "SELinux labelling is disabled", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.3", NULL, NULL, NULL,
     "label=disable runs the container unconfined by SELinux on hosts that enforce it.",
     "Remove label=disable; relabel volumes with :z/:Z instead.", check_selinux},
    {"DG-C022", "Capability is added", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.4", NULL, NULL, NULL,
     "Each added capability widens what root in the container may do. (The powerful ones are reported by "
     "DG-C023 instead.)",
     "Drop ALL and add back only what the workload needs, after checking it really does.", check_cap_add},
    {"DG-C023", "Powerful capability is added", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.4", NULL, NULL, NULL,
     "ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, SYS_RAWIO, SYS_BOOT, MAC_ADMIN, "
     "MAC_OVERRIDE, BPF and PERFMON allow well-known container escapes or act on the whole host.",
     "Remove the capability; find a narrower one or move the task out of the container.", check_cap_dangerous},
    {"DG-C024", "Capabilities are not dropped", DG_SEV_INFO, DG_MODEL_CONTAINER, "5.4", NULL, NULL, NULL,
     "Docker's default set keeps 14 capabilities (CHOWN, SETUID, NET_RAW, ...) that most services never use.",
     "Add `--cap-drop ALL` / `cap_drop: [ALL]` and add back the few needed.", check_cap_drop},
    {"DG-C025", "Restart policy is unbounded", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.15", NULL, NULL, NULL,
     "always, unless-stopped and on-failure without a limit restart a failing (or attacked) container forever, "
     "which can hide a crash loop and exhaust the host.",
     "Use `--restart on-failure:5` / `restart: on-failure:5`.", check_restart},
    {"DG-C026", "Host device is exposed", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.18", NULL, NULL, NULL,
     "A host device in the container can give raw access to disks, GPUs or other hardware and bypass the "
     "container's isolation.",
     "Remove --device / `devices:`, or restrict it with permissions (`/dev/x:/dev/x:r`).", check_devices},
    {"DG-C027", "Mount uses shared propagation", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.20", NULL, NULL, NULL,
     "With shared propagation, mounts the container makes appear on the host (and the other way round).",
     "Use the default rprivate propagation, or slave if host mounts must show in the container.",
     check_propagation},
    {"DG-C028", "Default ulimit is overridden", DG_SEV_INFO, DG_MODEL_CONTAINER, "5.19", NULL, NULL, NULL,
     "A per-container ulimit replaces the daemon's default; it should be a reviewed exception.",
     "Keep the daemon default unless the workload needs more; document why.", check_ulimits},
    {"DG-C029", "cgroup parent is set", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.25", NULL, NULL, NULL,
     "A custom cgroup parent moves the container out of Docker's cgroup and its limits.",
     "Remove --cgroup-parent / `cgroup_parent:` unless it is a reviewed resource group.", check_cgroup_parent},
    {"DG-C030", "Secret in the container environment", DG_SEV_HIGH, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "Environment variables are visible to every process in the container, in `docker inspect`, in logs and "
     "in the shell history or file that sets them.",
     "Use Docker secrets (`secrets:` / `--secret`) or a file mounted read-only, and pass a *_FILE path.",
     check_env_secrets},
    {"DG-C031", "Health check is disabled", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.27", NULL, NULL, NULL,
     "Without a health check a hung service keeps running and orchestrators cannot replace it.",
     "Remove --no-healthcheck / `healthcheck: disable: true`, or define a check with --health-cmd.",
     check_health_disabled},
    {"DG-C032", "OOM killer is disabled without a memory limit", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, NULL, NULL,
     NULL, NULL,
     "With the OOM killer disabled and no memory limit, the kernel kills host processes instead of the "
     "container when memory runs out.",
     "Set a memory limit, or remove --oom-kill-disable.", check_oom_kill},
    {"DG-C033", "Risky sysctl is set", DG_SEV_LOW, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "IP forwarding makes the container a router between the networks it is attached to, route_localnet "
     "exposes loopback services, accepting redirects or source routes lets others steer its traffic, and "
     "kernel.*, vm.* and fs.* sysctls that are not namespaced act on the whole host.",
     "Remove the sysctl, or set it to 0; set host-wide sysctls on the host deliberately.", check_sysctls},
    {"DG-C034", "Image is not pinned to a version", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "Without a tag, or with `latest`, what runs changes whenever the image is pushed.",
     "Name a version, better a digest: `nginx:1.25.3@sha256:...`.", check_image_unpinned},
    {"DG-C035", "Image does not come from a trusted source", DG_SEV_INFO, DG_MODEL_CONTAINER, "4.2", NULL, NULL, NULL,
     "Images from unknown publishers may carry malware; trusted registries are listed in .dockguard.yaml.",
     "Use an official image or one from a registry listed under trusted-registries.", check_image_trusted},
    {"DG-C036", "Image is not pinned by digest", DG_SEV_INFO, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "A tag can be moved to other content; only a digest names exactly what runs.",
     "Append the digest: `nginx:1.25.3@sha256:...`.", check_image_digest},
    {"DG-C037", "Container uses the default bridge network", DG_SEV_INFO, DG_MODEL_CONTAINER, "5.30", NULL, NULL,
     NULL,
     "Every container on docker0 can reach every other one on it, without name resolution or isolation "
     "between applications.",
     "Attach the container to a user-defined network (`docker network create`, compose `networks:`).",
     check_default_bridge},
};

const struct rule_table rules_container_table = {rules, sizeof rules / sizeof rules[0]};
