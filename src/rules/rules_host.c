/* Rules written against the host model: CIS section 1 (separate
 * partition, docker group, audit rules, engine version) and section 3 (file
 * ownership and permissions, one table-driven check shared by every
 * owner/mode rule). */
#include "rules/tables.h"
#include "host/host.h"
#include "model/host.h"

#include <stdio.h>
#include <string.h>

#define H(s) ((const struct host *)(s))

static void check_partition(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    if (h->data_root_separate < 0) {
        rule_skip(ctx, "%s", h->mountinfo_error ? h->mountinfo_error : "mount table unavailable");
        return;
    }
    if (!h->data_root_separate) {
        struct dg_pos p = {"/proc/self/mountinfo", 0, 0};
        rule_emit(ctx, p, h->data_root,
                  "%s is on the root filesystem: containers filling it can fill the host's / partition", h->data_root);
    }
}

static void check_docker_group(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    if (h->docker_group < 0) {
        rule_skip(ctx, "/etc/group is not readable under the audit root");
        return;
    }
    if (h->docker_group == 0 || h->docker_members.n == 0) return;
    struct dg_buf b;
    dg_buf_init(&b, 4096);
    for (size_t i = 0; i < h->docker_members.n; i++)
        dg_buf_printf(&b, "%s%s", i ? ", " : "", h->docker_members.v[i]);
    struct dg_pos p = {"/etc/group", 0, 0};
    rule_emit(ctx, p, b.data, "members of the docker group are root-equivalent on this host: %s", b.data);
    dg_buf_free(&b);
}

/* ---- audit rules ------------------------------------------------------ */

enum audit_target {
    AT_DOCKERD, AT_RUN_CONTAINERD, AT_DATA_ROOT, AT_ETC_DOCKER, AT_SERVICE, AT_CONTAINERD_SOCK, AT_DOCKER_SOCK,
    AT_DEFAULT, AT_DAEMON_JSON, AT_CONTAINERD_TOML, AT_SYSCONFIG, AT_CONTAINERD, AT_SHIM, AT_SHIM_V1, AT_SHIM_V2,
    AT_RUNC
};

struct audit_row {
    const char *rule;
    enum audit_target target;
    const char *name;         /* for messages when the path is unknown */
};

static const struct audit_row audit_rows[] = {
    {"DG-H003", AT_DOCKERD, "the dockerd binary"},
    {"DG-H004", AT_RUN_CONTAINERD, "/run/containerd"},
    {"DG-H005", AT_DATA_ROOT, "the Docker data root"},
    {"DG-H006", AT_ETC_DOCKER, "/etc/docker"},
    {"DG-H007", AT_SERVICE, "docker.service"},
    {"DG-H008", AT_CONTAINERD_SOCK, "containerd.sock"},
    {"DG-H009", AT_DOCKER_SOCK, "docker.sock"},
    {"DG-H010", AT_DEFAULT, "/etc/default/docker"},
    {"DG-H011", AT_DAEMON_JSON, "daemon.json"},
    {"DG-H012", AT_CONTAINERD_TOML, "/etc/containerd/config.toml"},
    {"DG-H013", AT_SYSCONFIG, "/etc/sysconfig/docker"},
    {"DG-H014", AT_CONTAINERD, "the containerd binary"},
    {"DG-H015", AT_SHIM, "the containerd-shim binary"},
    {"DG-H016", AT_SHIM_V1, "the containerd-shim-runc-v1 binary"},
    {"DG-H017", AT_SHIM_V2, "the containerd-shim-runc-v2 binary"},
    {"DG-H018", AT_RUNC, "the runc binary"},
};

/* The stat of a fixed path recorded by the file table, or NULL. */
static const struct host_perm_entry *perm_entry_for(const struct host *h, const char *path)
{
    for (size_t i = 0; i < h->nperms; i++)
        if (!strcmp(h->perms[i].path, path)) return &h->perms[i];
    return NULL;
}

static const struct host_perm_entry *perm_entry_kind(const struct host *h, enum host_path_kind k)
{
    size_t n;
    const struct host_perm_row *rows = host_perm_table(&n);
    for (size_t i = 0; i < h->nperms; i++)
        if (rows[h->perms[i].row].kind == k) return &h->perms[i];
    return NULL;
}

/* Path to audit for a target; NULL (with *skip set) when not applicable. */
static const char *audit_path(const struct host *h, enum audit_target t, const char **skip)
{
    const struct host_perm_entry *e = NULL;
    *skip = NULL;
    switch (t) {
    case AT_DOCKERD: if (!h->bin_dockerd) *skip = "dockerd was not found under the audit root"; return h->bin_dockerd;
    case AT_RUN_CONTAINERD: return "/run/containerd";
    case AT_DATA_ROOT: return h->data_root;
    case AT_ETC_DOCKER: return "/etc/docker";
    case AT_SERVICE: if (!h->unit_service) *skip = "no docker.service unit on this host"; return h->unit_service;
    case AT_CONTAINERD_SOCK: return h->containerd_sock;
    case AT_DOCKER_SOCK: return h->docker_sock;
    case AT_DEFAULT: e = perm_entry_for(h, "/etc/default/docker"); break;
    case AT_DAEMON_JSON: e = perm_entry_kind(h, HP_DAEMON_JSON); break;
    case AT_CONTAINERD_TOML: e = perm_entry_for(h, "/etc/containerd/config.toml"); break;
    case AT_SYSCONFIG: e = perm_entry_for(h, "/etc/sysconfig/docker"); break;
    case AT_CONTAINERD: if (!h->bin_containerd) *skip = "containerd was not found"; return h->bin_containerd;
    case AT_SHIM: if (!h->bin_shim) *skip = "containerd-shim is not installed"; return h->bin_shim;
    case AT_SHIM_V1: if (!h->bin_shim_v1) *skip = "containerd-shim-runc-v1 is not installed"; return h->bin_shim_v1;
    case AT_SHIM_V2: if (!h->bin_shim_v2) *skip = "containerd-shim-runc-v2 is not installed"; return h->bin_shim_v2;
    case AT_RUNC: if (!h->bin_runc) *skip = "runc was not found"; return h->bin_runc;
    }
    if (!e || e->st.state == 0) {
        *skip = "the file does not exist on this host";
        return NULL;
    }
    return e->path;
}

static void check_audit(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    const struct audit_row *row = NULL;
    for (size_t i = 0; i < sizeof audit_rows / sizeof audit_rows[0]; i++)
        if (!strcmp(audit_rows[i].rule, ctx->rule->id)) row = &audit_rows[i];
    if (!row) return;
    const char *skip;
    const char *path = audit_path(h, row->target, &skip);
    if (!path) {
        rule_skip(ctx, "%s", skip);
        return;
    }
    if (h->audit_state < 0) {
        rule_skip(ctx, "%s", h->audit_error ? h->audit_error : "audit rules are not readable");
        return;
    }
    if (h->audit_state == 0) {
        struct dg_pos p = {"/etc/audit/rules.d", 0, 0};
        rule_emit(ctx, p, path, "no audit rules are configured at all; nothing records changes to %s "
                  "(add: -w %s -p wa -k docker)", path, path);
        return;
    }
    const struct host_audit_rule *which;
    const char *why;
    if (host_audit_covers(h, path, &which, &why)) return;
    if (which && why) {
        struct dg_pos p = {which->file, which->line, 0};
        rule_emit(ctx, p, which->path, "%s is not audited for writes: %s", path, why);
        return;
    }
    struct dg_pos p = {h->audit_sources.n ? h->audit_sources.v[0] : "/etc/audit/rules.d", 0, 0};
    rule_emit(ctx, p, path, "no audit rule records changes to %s (add: -w %s -p wa -k docker)", path, path);
}

/* ---- engine version ----------------------------------------------------- */

static void check_version(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    if (!h->engine_version) {
        rule_skip(ctx, "the engine version is unknown (the daemon API did not answer)");
        return;
    }
    size_t n;
    const struct host_vuln *t = host_vuln_table(&n);
    struct dg_pos p = {"docker:/version", 0, 0};
    for (size_t i = 0; i < n; i++) {
        /* Authorization-plugin bypasses are judged by DG-D021 with the
         * daemon's plugin configuration. */
        if (t[i].needs_authz || !host_version_affected(h->engine_version, &t[i])) continue;
        rule_emit(ctx, p, t[i].id, "engine %s lacks the fix for %s: %s%s%s", h->engine_version, t[i].id,
                  t[i].summary, t[i].note ? "; " : "", t[i].note ? t[i].note : "");
    }
}

static void check_fips(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    if (h->fips < 0) {
        rule_skip(ctx, "the kernel does not report FIPS mode (/proc/sys/crypto/fips_enabled is absent)");
        return;
    }
    if (!h->fips) {
        struct dg_pos p = {"/proc/sys/crypto/fips_enabled", 0, 0};
        rule_emit(ctx, p, "0", "the kernel is not in FIPS mode");
    }
}

static void check_swarm_ports(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    if (h->swarm_ports_any < 0) {
        rule_skip(ctx, "no /proc/net/tcp under the audit root");
        return;
    }
    if (h->swarm_ports_any == 1) {
        struct dg_pos p = {"/proc/net/tcp", 0, 0};
        rule_emit(ctx, p, h->swarm_listener,
                  "a swarm port listens on every interface (%s): bind it to the cluster network with "
                  "--listen-addr/--advertise-addr", h->swarm_listener);
    }
}

/* ---- section 3: one table-driven owner/mode check ---------------------- */

static void describe_owner(const struct host *h, unsigned uid, unsigned gid, char *buf, size_t n)
{
    const char *u = host_user_name(h, uid), *g = host_group_name(h, gid);
    char ub[16], gb[16];
    snprintf(ub, sizeof ub, "%u", uid);
    snprintf(gb, sizeof gb, "%u", gid);
    snprintf(buf, n, "%s:%s", u ? u : ub, g ? g : gb);
}

static void check_perms(struct rule_ctx *ctx, const void *s)
{
    const struct host *h = H(s);
    size_t nrows;
    const struct host_perm_row *rows = host_perm_table(&nrows);
    const char *id = ctx->rule->id;
    if (h->rootless) {
        rule_skip(ctx, "the daemon runs rootless: its files belong to uid %u, not root", h->daemon_uid);
        return;
    }
    bool any = false;
    for (size_t i = 0; i < h->nperms; i++) {
        const struct host_perm_entry *e = &h->perms[i];
        const struct host_perm_row *row = &rows[e->row];
        bool owner = !strcmp(row->owner_rule, id), mode = !strcmp(row->mode_rule, id);
        if (!owner && !mode) continue;
        any = true;
        if (e->st.state == 0) {
            rule_skip(ctx, "%s does not exist on this host", e->path);
            continue;
        }
        if (e->st.state < 0) {
            rule_skip(ctx, "cannot stat %s: %s%s", e->path, strerror(e->st.err),
                      h->privileged ? "" : " (run as root)");
            continue;
        }
        if ((row->kind == HP_DOCKER_SOCK || row->kind == HP_CONTAINERD_SOCK) && e->st.type != 's') {
            /* A directory here is what a bind mount of a missing socket leaves behind. */
            rule_skip(ctx, "%s is not a socket (is the daemon running?)", e->path);
            continue;
        }
        struct dg_pos p = {e->path, 0, 0};
        char have[160];
        describe_owner(h, e->st.uid, e->st.gid, have, sizeof have);
        if (owner) {
            bool gid_ok = e->st.gid == 0 || (row->group_docker && h->docker_group == 1 && e->st.gid == h->docker_gid);
            if (e->st.uid != 0 || !gid_ok)
                rule_emit(ctx, p, have, "%s %s is owned by %s, expected root:%s", row->what, e->path, have,
                          row->group_docker ? "docker" : "root");
        }
        if (mode) {
            unsigned excess = host_mode_excess(e->st.mode, row->max_mode);
            if (excess) {
                char ev[8];
                snprintf(ev, sizeof ev, "%04o", e->st.mode);
                rule_emit(ctx, p, ev, "%s %s has mode %04o; bits %04o exceed the allowed %04o", row->what, e->path,
                          e->st.mode, excess, row->max_mode);
            }
        }
    }
    if (!any) {
        for (size_t r = 0; r < nrows; r++)
            if (!strcmp(rows[r].owner_rule, id) || !strcmp(rows[r].mode_rule, id)) {
                rule_skip(ctx, "no %s is configured or found on this host", rows[r].what);
                return;
            }
    }
}

#define RULE(id, title, sev, cis, why, fix, fn) \
    {id, title, sev, DG_MODEL_HOST, cis, NULL, NULL, NULL, why, fix, fn}

#define AUDIT_WHY "Audit records of changes to the files and binaries that run containers are how tampering " \
                  "with the container runtime is detected and investigated."
#define AUDIT(id, what, sev, cis) \
    RULE(id, "No audit rule for " what, sev, cis, AUDIT_WHY, \
         "Add a watch to /etc/audit/rules.d/docker.rules, e.g. \"-w <path> -p wa -k docker\", and run augenrules --load.", \
         check_audit)

#define OWNER(id, what, cis, want) \
    RULE(id, what " not owned by " want, DG_SEV_MEDIUM, cis, \
         "Whoever owns this file can change how the daemon runs or what it trusts.", \
         "chown " want " <path>", check_perms)
#define MODE(id, what, sev, cis, mode) \
    RULE(id, what " permissions looser than " mode, sev, cis, \
         "Group or world write (or read, for keys) access lets local users change or steal what the daemon trusts.", \
         "chmod " mode " <path> (more restrictive is fine)", check_perms)

static const struct rule_def rules[] = {
    RULE("DG-H001", "Docker data root not on a separate partition", DG_SEV_LOW, "1.1.1",
         "Images, containers and volumes grow without bound; on the root filesystem they can fill it and stop "
         "the host's own services, logging included.",
         "Mount a dedicated filesystem (LVM volume or disk) at /var/lib/docker (or the daemon's data-root).",
         check_partition),
    RULE("DG-H002", "Docker group members are root-equivalent", DG_SEV_INFO, "1.1.2",
         "Access to the Docker socket is root access: any member of the docker group can start a privileged "
         "container that mounts /.",
         "Keep the docker group to the administrators who need it: gpasswd -d <user> docker.", check_docker_group),
    AUDIT("DG-H003", "the Docker daemon binary", DG_SEV_MEDIUM, "1.1.3"),
    AUDIT("DG-H004", "/run/containerd", DG_SEV_LOW, "1.1.4"),
    AUDIT("DG-H005", "the Docker data root", DG_SEV_LOW, "1.1.5"),
    AUDIT("DG-H006", "/etc/docker", DG_SEV_LOW, "1.1.6"),
    AUDIT("DG-H007", "docker.service", DG_SEV_LOW, "1.1.7"),
    AUDIT("DG-H008", "containerd.sock", DG_SEV_LOW, "1.1.8"),
    AUDIT("DG-H009", "docker.sock", DG_SEV_LOW, "1.1.9"),
    AUDIT("DG-H010", "/etc/default/docker", DG_SEV_LOW, "1.1.10"),
    AUDIT("DG-H011", "daemon.json", DG_SEV_LOW, "1.1.11"),
    AUDIT("DG-H012", "/etc/containerd/config.toml", DG_SEV_LOW, "1.1.12"),
    AUDIT("DG-H013", "/etc/sysconfig/docker", DG_SEV_LOW, "1.1.13"),
    AUDIT("DG-H014", "the containerd binary", DG_SEV_LOW, "1.1.14"),
    AUDIT("DG-H015", "containerd-shim", DG_SEV_LOW, "1.1.15"),
    AUDIT("DG-H016", "containerd-shim-runc-v1", DG_SEV_LOW, "1.1.16"),
    AUDIT("DG-H017", "containerd-shim-runc-v2", DG_SEV_LOW, "1.1.17"),
    AUDIT("DG-H018", "runc", DG_SEV_LOW, "1.1.18"),
    RULE("DG-H019", "Engine version lacks known security fixes", DG_SEV_HIGH, "1.2.2",
         "Engine releases fix vulnerabilities that let containers or API clients reach the host.",
         "Upgrade Docker Engine to a current release of a maintained branch.", check_version),
    RULE("DG-H020", "Kernel not in FIPS mode", DG_SEV_INFO, NULL,
         "Regulated environments require FIPS-validated cryptography; the kernel flag shows whether the host is "
         "configured for it.",
         "Enable FIPS mode if your policy requires it (e.g. fips-mode-setup --enable, or fips=1 on the kernel "
         "command line).",
         check_fips),
    RULE("DG-H021", "Swarm port listens on every interface", DG_SEV_LOW, "7.2",
         "Swarm's management (2377) and gossip (7946) ports accept connections on every interface, including "
         "ones facing networks that should not reach the cluster.",
         "Initialise or join with --listen-addr <cluster-ip>:2377 (and --advertise-addr), so the ports bind one "
         "interface.",
         check_swarm_ports),
    OWNER("DG-H031", "docker.service", "3.1", "root:root"),
    MODE("DG-H032", "docker.service", DG_SEV_MEDIUM, "3.2", "644"),
    OWNER("DG-H033", "docker.socket", "3.3", "root:root"),
    MODE("DG-H034", "docker.socket", DG_SEV_MEDIUM, "3.4", "644"),
    OWNER("DG-H035", "/etc/docker", "3.5", "root:root"),
    MODE("DG-H036", "/etc/docker", DG_SEV_MEDIUM, "3.6", "755"),
    OWNER("DG-H037", "Registry certificate", "3.7", "root:root"),
    MODE("DG-H038", "Registry certificate", DG_SEV_MEDIUM, "3.8", "444"),
    OWNER("DG-H039", "TLS CA certificate", "3.9", "root:root"),
    MODE("DG-H040", "TLS CA certificate", DG_SEV_MEDIUM, "3.10", "444"),
    OWNER("DG-H041", "Docker server certificate", "3.11", "root:root"),
    MODE("DG-H042", "Docker server certificate", DG_SEV_MEDIUM, "3.12", "444"),
    OWNER("DG-H043", "Docker server key", "3.13", "root:root"),
    MODE("DG-H044", "Docker server key", DG_SEV_HIGH, "3.14", "400"),
    OWNER("DG-H045", "Docker socket", "3.15", "root:docker"),
    MODE("DG-H046", "Docker socket", DG_SEV_HIGH, "3.16", "660"),
    OWNER("DG-H047", "daemon.json", "3.17", "root:root"),
    MODE("DG-H048", "daemon.json", DG_SEV_MEDIUM, "3.18", "644"),
    OWNER("DG-H049", "/etc/default/docker", "3.19", "root:root"),
    MODE("DG-H050", "/etc/default/docker", DG_SEV_MEDIUM, "3.20", "644"),
    MODE("DG-H051", "/etc/sysconfig/docker", DG_SEV_MEDIUM, "3.21", "644"),
    OWNER("DG-H052", "/etc/sysconfig/docker", "3.22", "root:root"),
    OWNER("DG-H053", "containerd socket", "3.23", "root:root"),
    MODE("DG-H054", "containerd socket", DG_SEV_HIGH, "3.24", "660"),
    RULE("DG-H055", "/etc/containerd/config.toml not root-owned or writable by others", DG_SEV_MEDIUM, NULL,
         "containerd's configuration decides runtimes and plugins for every container on the host.",
         "chown root:root /etc/containerd/config.toml && chmod 644 /etc/containerd/config.toml", check_perms),
};

const struct rule_table rules_host_table = {rules, sizeof rules / sizeof rules[0]};
