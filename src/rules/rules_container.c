/* Rules written against the container model (DG-C001–C099, CIS Docker
 * Benchmark section 5). Each check is a pure function of a container_spec,
 * so the same code judges a compose service, a `docker run` line, a live
 * container and a create request seen by the authorization plugin. */
#include "rules/tables.h"
#include "rules/imageref.h"
#include "model/container_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SPEC(s) const struct container_spec *c = (s)

static bool str_is(const char *s, const char *v) { return s && strcasecmp(s, v) == 0; }

/* ---- mounts ------------------------------------------------------------ */

/* Host directories whose exposure gives the container control over, or
 * knowledge of, the host (CIS 5.6). Subpaths count too: /etc/shadow is as
 * bad as /etc. /dev/shm is excluded (routinely shared, no host control). */
static const char *const sensitive_paths[] = {"/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc",
                                              "/sys", "/usr", "/bin", "/sbin", "/root", "/var/lib/docker",
                                              "/var/lib/kubelet", "/run/containerd"};

/* Compares two paths ignoring trailing slashes and repeated slashes at the end. */
static size_t path_trim_len(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/') n--;
    return n;
}

/* True when path equals base or lies below it. */
static bool path_under(const char *path, const char *base)
{
    size_t bn = path_trim_len(base), pn = path_trim_len(path);
    if (bn == 1 && base[0] == '/') return pn == 1 && path[0] == '/';
    if (pn < bn || strncmp(path, base, bn) != 0) return false;
    return pn == bn || path[bn] == '/';
}

static bool is_bind(const struct cs_mount *m)
{
    return m->type == CS_MOUNT_BIND && m->source && m->source[0] == '/';
}

static const char *sensitive_match(const char *src)
{
    if (path_under(src, "/dev/shm")) return NULL;
    for (size_t i = 0; i < sizeof sensitive_paths / sizeof sensitive_paths[0]; i++)
        if (path_under(src, sensitive_paths[i])) return sensitive_paths[i];
    return NULL;
}

/* The Docker (and other container engine) API sockets: whoever holds one
 * controls the host. */
static bool is_engine_socket(const char *src)
{
    static const char *const socks[] = {"/var/run/docker.sock", "/run/docker.sock", "/var/run/docker",
                                        "/run/docker", "/var/run/containerd", "/run/containerd",
                                        "/var/run/crio", "/run/crio", "/run/podman", "/var/run/podman"};
    for (size_t i = 0; i < sizeof socks / sizeof socks[0]; i++)
        if (path_under(src, socks[i])) return true;
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    return !strcmp(base, "docker.sock") || !strcmp(base, "containerd.sock") || !strcmp(base, "podman.sock") ||
           !strcmp(base, "crio.sock") || !strcmp(base, "dockershim.sock");
}

static void check_sensitive_mount(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        if (!is_bind(m) || is_engine_socket(m->source)) continue;
        const char *hit = sensitive_match(m->source);
        if (hit)
            rule_emit(ctx, m->pos, m->raw, "host directory %s is mounted into the container at %s%s", m->source,
                      m->target ? m->target : "?", m->read_only ? " (read-only)" : " (writable)");
    }
}

static void check_socket_mount(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        if (is_bind(m) && is_engine_socket(m->source))
            rule_emit(ctx, m->pos, m->raw, "container engine socket %s is mounted into the container%s", m->source,
                      m->read_only ? " (read-only does not limit API calls)" : "");
    }
}

static void check_bind_writable(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->nmounts; i++) {
        const struct cs_mount *m = &c->mounts[i];
        if (is_bind(m) && !m->read_only && !is_engine_socket(m->source) && !sensitive_match(m->source))
            rule_emit(ctx, m->pos, m->raw, "host path %s is mounted writable", m->source);
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

static bool user_is_root(const char *u)
{
    /* "root", "0", "root:root", "0:0", "0:somegroup": the user part decides. */
    size_t n = strcspn(u, ":");
    return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

static void check_root_user(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    if (!c->user || !*c->user) {
        /* The image's USER decides then, and the spec does not show it. */
        rule_skip(ctx, "no user set: the image's USER applies and is not known here");
        return;
    }
    if (user_is_root(c->user)) rule_emit(ctx, cs_pos(c, CS_USER), c->user, "container runs as root (%s)", c->user);
}

static void check_no_new_privs(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
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
    if (o) rule_emit(ctx, o->pos, o->s, "SELinux labelling is disabled");
}

static bool cap_is_all(const char *cap) { return !strcasecmp(cap, "ALL"); }

static bool cap_dangerous(const char *cap)
{
    static const char *const caps[] = {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH",
                                       "SYS_RAWIO", "SYS_BOOT", "SYS_TIME", "MAC_ADMIN", "MAC_OVERRIDE", "BPF",
                                       "PERFMON", "SYSLOG", "NET_RAW", "DAC_OVERRIDE", "SETFCAP", "LINUX_IMMUTABLE"};
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
    if (c->privileged) return; /* privileged keeps every capability; DG-C001 says so */
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
    if (c->nano_cpus <= 0 && c->cpu_quota <= 0 && c->cpu_shares <= 0)
        rule_emit(ctx, cs_pos(c, CS_CPUS), NULL, "no CPU limit or CPU shares are set");
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
    for (size_t i = 0; i < c->ulimits.n; i++)
        rule_emit(ctx, c->ulimits.v[i].pos, c->ulimits.v[i].key, "default ulimit %s is overridden (%s)",
                  c->ulimits.v[i].key, c->ulimits.v[i].value ? c->ulimits.v[i].value : "");
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
        if (p->published && ip_is_any(p->host_ip))
            rule_emit(ctx, p->pos, p->raw, "container port %u is published on all host interfaces%s", p->ctr_lo,
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

/* Sysctls that reach beyond the container (kernel.* outside the namespaced
 * IPC ones) or turn it into a router for other hosts' traffic. */
static bool sysctl_weakens(const char *k)
{
    if (!strncmp(k, "kernel.", 7)) {
        /* namespaced IPC sysctls Docker allows are fine */
        return strncmp(k, "kernel.msg", 10) && strncmp(k, "kernel.sem", 10) && strncmp(k, "kernel.shm", 10);
    }
    return !strcmp(k, "net.ipv4.ip_forward") || !strncmp(k, "net.ipv4.conf.all.", 18) ||
           !strcmp(k, "net.ipv6.conf.all.forwarding") || !strncmp(k, "vm.", 3) || !strncmp(k, "fs.", 3);
}

static void check_sysctls(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->sysctls.n; i++)
        if (c->sysctls.v[i].key && sysctl_weakens(c->sysctls.v[i].key))
            rule_emit(ctx, c->sysctls.v[i].pos, c->sysctls.v[i].key, "sysctl %s=%s is set", c->sysctls.v[i].key,
                      c->sysctls.v[i].value ? c->sysctls.v[i].value : "");
}

/* ---- secrets ----------------------------------------------------------- */

/* Name heuristics: a credential-looking name whose value is a literal. Names
 * that point at a credential (X_FILE, X_PATH, X_URL) hold no secret. */
static bool env_name_sensitive(const char *name)
{
    static const char *const words[] = {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY",
                                        "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH_KEY"};
    static const char *const benign[] = {"_FILE", "_PATH", "_URL", "_NAME", "_DIR", "_ID"};
    char up[128];
    size_t n = strlen(name);
    if (n >= sizeof up) return false;
    for (size_t i = 0; i <= n; i++) up[i] = (char)((name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i]);
    for (size_t i = 0; i < sizeof benign / sizeof benign[0]; i++) {
        size_t bl = strlen(benign[i]);
        if (n > bl && !strcmp(up + n - bl, benign[i])) return false;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(up, words[i])) return true;
    return false;
}

static bool value_placeholder(const char *v)
{
    if (!v || !*v) return true;
    if (v[0] == '$' || strstr(v, "${")) return true;
    static const char *const ph[] = {"changeme", "change-me", "xxx", "***", "<", "example", "dummy", "none",
                                     "null", "secret", "password", "todo"};
    for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++)
        if (!strcasecmp(v, ph[i]) || (ph[i][0] == '<' && v[0] == '<')) return true;
    return false;
}

/* Value shapes that are credentials whatever the variable is called. */
static const char *value_shape(const char *v)
{
    size_t n = strlen(v);
    if (n == 20 && (!strncmp(v, "AKIA", 4) || !strncmp(v, "ASIA", 4))) return "AWS access key ID";
    if (n >= 40 && (!strncmp(v, "ghp_", 4) || !strncmp(v, "gho_", 4) || !strncmp(v, "ghs_", 4) ||
                    !strncmp(v, "github_pat_", 11)))
        return "GitHub token";
    if (n >= 20 && !strncmp(v, "glpat-", 6)) return "GitLab token";
    if (n >= 20 && (!strncmp(v, "xoxb-", 5) || !strncmp(v, "xoxp-", 5))) return "Slack token";
    if (strstr(v, "-----BEGIN") && strstr(v, "PRIVATE KEY")) return "private key";
    return NULL;
}

static void check_env_secrets(struct rule_ctx *ctx, const void *s)
{
    SPEC(s);
    for (size_t i = 0; i < c->env.n; i++) {
        const struct cs_kv *kv = &c->env.v[i];
        if (!kv->key || !kv->value || kv->value_is_ref) continue; /* -e NAME: from the environment */
        const char *shape = value_shape(kv->value);
        if (shape)
            rule_emit(ctx, kv->pos, kv->key, "environment variable %s holds a %s", kv->key, shape);
        else if (env_name_sensitive(kv->key) && !value_placeholder(kv->value))
            rule_emit(ctx, kv->pos, kv->key, "environment variable %s holds a literal credential", kv->key);
    }
}

/* ---- image ------------------------------------------------------------- */

static int image_parse(struct rule_ctx *ctx, const struct container_spec *c, struct imageref *r)
{
    if (!c->image || !*c->image) {
        rule_skip(ctx, "no image is named (built by the project)");
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
     "Without CPU shares or a quota one container can starve the others and the host.",
     "Set `--cpus 1.5` or `--cpu-shares 512` / `cpus: 1.5`.", check_cpu},
    {"DG-C013", "No PIDs limit", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.29", NULL, NULL, NULL,
     "Without a PIDs limit a fork bomb in the container exhausts the host's process table.",
     "Set `--pids-limit 200` / `pids_limit: 200`.", check_pids},
    {"DG-C014", "Root filesystem is writable", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.13", NULL, NULL, NULL,
     "A read-only root filesystem stops an attacker from dropping tools or changing binaries in the container.",
     "Use `--read-only` / `read_only: true` with tmpfs or volumes for the paths that must be written.",
     check_read_only},
    {"DG-C015", "Port is published on all host interfaces", DG_SEV_LOW, DG_MODEL_CONTAINER, "5.14", NULL, NULL, NULL,
     "A port without a host address (or with 0.0.0.0 or ::) listens on every interface, public ones included, "
     "and Docker's iptables rules bypass host firewalls such as ufw.",
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
     "Each added capability widens what root in the container may do.",
     "Drop ALL and add back only what the workload needs, after checking it really does.", check_cap_add},
    {"DG-C023", "Powerful capability is added", DG_SEV_HIGH, DG_MODEL_CONTAINER, "5.4", NULL, NULL, NULL,
     "SYS_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, NET_ADMIN, DAC_READ_SEARCH, BPF, ALL and similar capabilities "
     "allow well-known container escapes or host tampering.",
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
    {"DG-C029", "cgroup parent is set", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.25", NULL, NULL, NULL,
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
    {"DG-C032", "OOM killer is disabled without a memory limit", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.11", NULL,
     NULL, NULL,
     "With the OOM killer disabled and no memory limit, the kernel kills host processes instead of the "
     "container when memory runs out.",
     "Set a memory limit, or remove --oom-kill-disable.", check_oom_kill},
    {"DG-C033", "sysctl weakens isolation", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "kernel.*, vm.* and fs.* sysctls outside the namespaced IPC ones, and IP forwarding, act on the host or "
     "turn the container into a router.",
     "Remove the sysctl or set it on the host deliberately.", check_sysctls},
    {"DG-C034", "Image is not pinned to a version", DG_SEV_MEDIUM, DG_MODEL_CONTAINER, "5.28", "DL3007", NULL, NULL,
     "Without a tag, or with `latest`, what runs changes whenever the image is pushed.",
     "Name a version, better a digest: `nginx:1.25.3@sha256:...`.", check_image_unpinned},
    {"DG-C035", "Image does not come from a trusted source", DG_SEV_INFO, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "Images from unknown publishers may carry malware; trusted registries are listed in .dockguard.yaml.",
     "Use an official image or one from a registry listed under trusted-registries.", check_image_trusted},
    {"DG-C036", "Image is not pinned by digest", DG_SEV_INFO, DG_MODEL_CONTAINER, NULL, NULL, NULL, NULL,
     "A tag can be moved to other content; only a digest names exactly what runs.",
     "Append the digest: `nginx:1.25.3@sha256:...`.", check_image_digest},
};

const struct rule_table rules_container_table = {rules, sizeof rules / sizeof rules[0]};
