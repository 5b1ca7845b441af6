/* Rules written against the daemon model: CIS section 2 (daemon
 * configuration), known engine vulnerabilities that depend on how the
 * daemon is configured, and the swarm items (CIS 5.1 and section 7). */
#include "rules/tables.h"
#include "host/host.h"
#include "model/daemon_spec.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define D(s) ((const struct daemon_spec *)(s))

/* True when nothing at all is known about the daemon: then no setting can
 * be judged (the rule skips). */
static bool unknown_daemon(struct rule_ctx *ctx, const struct daemon_spec *d)
{
    if (d->config_exists || d->args_source || d->info.present || d->pid) return false;
    rule_skip(ctx, "no dockerd process, systemd unit, daemon.json or API answer was found");
    return true;
}

/* A setting that only the files can tell: skip when daemon.json is invalid
 * and the running daemon did not answer. */
static bool config_unusable(struct rule_ctx *ctx, const struct daemon_spec *d)
{
    if (unknown_daemon(ctx, d)) return true;
    if (d->config_error && !d->info.present) {
        rule_skip(ctx, "daemon.json could not be read: %s", d->config_error);
        return true;
    }
    return false;
}

static void check_root_daemon(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (unknown_daemon(ctx, d)) return;
    if (d->rootless == 1 || d->info.rootless || (d->pid && d->uid != 0)) return;
    struct dg_pos p = {d->args_source ? d->args_source : d->config_path, d->args_line, 0};
    rule_emit(ctx, p, NULL, "dockerd runs as root; rootless mode would contain a daemon compromise");
}

static void check_icc(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (d->info.bridge_icc < 0 && config_unusable(ctx, d)) return;
    if (!ds_icc_enabled(d)) return;
    rule_emit(ctx, ds_pos(d, DS_ICC), d->icc == 1 ? "\"icc\": true" : NULL,
              d->icc == 1 ? "inter-container communication is enabled on the default bridge"
                          : "inter-container communication on the default bridge is enabled (dockerd's default)");
}

static void check_log_level(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    const char *lvl = d->log_level;
    if ((!lvl && d->debug == 1) || (!lvl && d->info.debug == 1)) lvl = "debug";
    if (!lvl || !strcasecmp(lvl, "info")) return;
    rule_emit(ctx, ds_pos(d, d->log_level ? DS_LOG_LEVEL : DS_DEBUG), lvl,
              "daemon log level is '%s'%s", lvl,
              !strcasecmp(lvl, "debug") ? ": debug logs are verbose and can record sensitive request data"
                                        : ": events needed to investigate incidents are not logged");
}

static void check_iptables(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    if (d->iptables == 0)
        rule_emit(ctx, ds_pos(d, DS_IPTABLES), "iptables=false",
                  "dockerd is not allowed to manage iptables, so published ports and network isolation "
                  "depend on hand-written firewall rules");
}

/* True for registries on the loopback interface only: an IP literal in
 * 127.0.0.0/8 or ::1 (with an optional port or CIDR length), or the name
 * "localhost". "localhost.example.com" or "127.0.0.1.nip.io" are not. */
static bool loopback_registry(const char *r)
{
    char host[256];
    const char *end;
    if (r[0] == '[') {
        end = strchr(r, ']');
        if (!end || (size_t)(end - r - 1) >= sizeof host) return false;
        memcpy(host, r + 1, (size_t)(end - r - 1));
        host[end - r - 1] = '\0';
    } else {
        size_t n = strcspn(r, "/");
        if (n >= sizeof host) return false;
        memcpy(host, r, n);
        host[n] = '\0';
        /* One colon is a port; several mean a bare IPv6 address. */
        char *colon = strchr(host, ':');
        if (colon && !strchr(colon + 1, ':')) *colon = '\0';
    }
    if (!strcasecmp(host, "localhost")) return true;
    unsigned char a[16];
    if (inet_pton(AF_INET, host, a) == 1) return a[0] == 127;
    if (inet_pton(AF_INET6, host, a) == 1) return !memcmp(a, in6addr_loopback.s6_addr, 16);
    return false;
}

static int cmp_reg(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    int c = strcmp(x[0], y[0]);
    /* Configured entries (flag 0) sort before the API's for the same name. */
    return c ? c : (x[1] != NULL) - (y[1] != NULL);
}

static void check_insecure_registries(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (unknown_daemon(ctx, d)) return;
    /* Sorted pairs {name, from_api} so duplicates are dropped in n log n,
     * whatever a hostile daemon.json lists. */
    size_t n = d->insecure_registries.n + d->info.insecure_registries.n;
    if (!n) return;
    const char **v = dg_xcalloc(n * 2, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < d->insecure_registries.n; i++, k++) v[2 * k] = d->insecure_registries.v[i];
    for (size_t i = 0; i < d->info.insecure_registries.n; i++, k++) {
        v[2 * k] = d->info.insecure_registries.v[i];
        v[2 * k + 1] = "api";
    }
    qsort(v, n, 2 * sizeof *v, cmp_reg);
    for (size_t i = 0; i < n; i++) {
        const char *r = v[2 * i];
        if (loopback_registry(r) || (i && !strcmp(r, v[2 * (i - 1)]))) continue;
        if (!v[2 * i + 1]) {
            rule_emit(ctx, ds_pos(d, DS_INSECURE_REGISTRIES), r,
                      "registry %s is trusted without TLS verification: images pulled from it can be tampered with", r);
        } else {
            struct dg_pos p = {"docker:/info", 0, 0};
            rule_emit(ctx, p, r, "the running daemon treats registry %s as insecure (no TLS verification)", r);
        }
    }
    free(v);
}

static void check_aufs(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (!d->info.present && config_unusable(ctx, d)) return;
    const char *drv = ds_storage_driver(d);
    if (drv && !strcmp(drv, "aufs"))
        rule_emit(ctx, ds_pos(d, DS_STORAGE_DRIVER), drv,
                  "the aufs storage driver is used: it is unmaintained and removed from current engines");
}

/* A -H/hosts entry that listens on the network. */
static bool tcp_host(const char *h)
{
    if (!strncmp(h, "unix://", 7) || !strncmp(h, "fd://", 5) || !strncmp(h, "npipe://", 8)) return false;
    if (h[0] == '/') return false;
    return true; /* tcp://, bare host:port, :2375 */
}

static void check_tls(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    for (size_t i = 0; i < d->hosts.n; i++) {
        const char *h = d->hosts.v[i];
        if (!tcp_host(h)) continue;
        if (d->tlsverify == 1) continue;
        rule_emit(ctx, ds_pos(d, DS_HOSTS), h,
                  d->tls == 1 ? "the API listens on %s with TLS but without client verification (tlsverify): "
                                "any client that can connect controls the daemon"
                              : "the API listens on %s without TLS client authentication: anyone who can reach it "
                                "is root on this host",
                  h);
    }
}

static void check_ulimits(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    if (d->default_ulimits.n == 0)
        rule_emit(ctx, ds_pos(d, DS_DEFAULT_ULIMITS), NULL,
                  "no default-ulimits: containers inherit the daemon's limits (nofile, nproc)");
}

static void check_userns(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (d->info.present) {
        if (d->info.userns || d->info.rootless) return;
    } else {
        if (config_unusable(ctx, d)) return;
        if ((d->userns_remap && *d->userns_remap) || d->rootless == 1) return;
    }
    rule_emit(ctx, ds_pos(d, DS_USERNS_REMAP), NULL,
              "user namespace remapping is off: root in a container is root on the host");
}

static void check_cgroup_parent(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    if (d->cgroup_parent && *d->cgroup_parent)
        rule_emit(ctx, ds_pos(d, DS_CGROUP_PARENT), d->cgroup_parent,
                  "containers are placed under cgroup parent '%s': confirm its limits are intended",
                  d->cgroup_parent);
}

static void check_basesize(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    for (size_t i = 0; i < d->storage_opts.n; i++)
        if (!strncasecmp(d->storage_opts.v[i], "dm.basesize", 11))
            rule_emit(ctx, ds_pos(d, DS_STORAGE_OPTS), d->storage_opts.v[i],
                      "the base device size is changed (%s)", d->storage_opts.v[i]);
}

static void check_authz(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (d->info.present) {
        if (d->info.authz_plugins.n) return;
    } else {
        if (config_unusable(ctx, d)) return;
        if (d->authz_plugins.n) return;
    }
    rule_emit(ctx, ds_pos(d, DS_AUTHZ_PLUGINS), NULL,
              "no authorization plugin: every client of the API may do everything");
}

static void check_remote_logging(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (!d->info.present && config_unusable(ctx, d)) return;
    const char *drv = ds_log_driver(d);
    if (!strcmp(drv, "json-file") || !strcmp(drv, "local") || !strcmp(drv, "none"))
        rule_emit(ctx, ds_pos(d, DS_LOG_DRIVER), drv,
                  "container logs stay on this host (log driver %s): an intruder can erase them", drv);
}

static void check_nnp(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (d->info.present && d->info.no_new_privileges) return;
    if (config_unusable(ctx, d)) return;
    if (d->no_new_privileges == 1) return;
    rule_emit(ctx, ds_pos(d, DS_NO_NEW_PRIVILEGES), NULL,
              "containers may gain privileges through setuid binaries (no-new-privileges is not the default)");
}

static void check_live_restore(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (ds_swarm_active(d)) {
        rule_skip(ctx, "live-restore cannot be used in swarm mode");
        return;
    }
    int lr = d->info.live_restore >= 0 ? d->info.live_restore : d->live_restore;
    if (d->info.live_restore < 0 && config_unusable(ctx, d)) return;
    if (lr != 1)
        rule_emit(ctx, ds_pos(d, DS_LIVE_RESTORE), NULL,
                  "live-restore is off: restarting or upgrading dockerd stops every container");
}

static void check_userland_proxy(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (config_unusable(ctx, d)) return;
    if (d->userland_proxy != 0)
        rule_emit(ctx, ds_pos(d, DS_USERLAND_PROXY), NULL,
                  "the userland proxy is enabled%s: a docker-proxy process per published port widens the attack "
                  "surface",
                  d->userland_proxy < 0 ? " (dockerd's default)" : "");
}

static void check_seccomp(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (!d->info.present && config_unusable(ctx, d)) return;
    bool unconfined = (d->seccomp_profile && !strcasecmp(d->seccomp_profile, "unconfined")) ||
                      (d->info.seccomp_profile && !strcasecmp(d->info.seccomp_profile, "unconfined"));
    if (unconfined)
        rule_emit(ctx, ds_pos(d, DS_SECCOMP_PROFILE), "unconfined",
                  "the daemon-wide seccomp profile is 'unconfined': containers may call every system call");
}

static void check_experimental(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    int on = d->info.experimental >= 0 ? d->info.experimental : d->experimental;
    if (d->info.experimental < 0 && config_unusable(ctx, d)) return;
    if (on == 1)
        rule_emit(ctx, ds_pos(d, DS_EXPERIMENTAL), "experimental",
                  "experimental features are enabled on this daemon");
}

static void check_config_invalid(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (!d->config_error) return;
    struct dg_pos p = {d->config_path, d->config_error_line, 0};
    rule_emit(ctx, p, NULL, "%s; dockerd will refuse to start with this file", d->config_error);
}

static void check_conflicts(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (unknown_daemon(ctx, d)) return;
    for (size_t i = 0; i < d->conflicts.n; i++) {
        struct dg_pos p = {d->args_source, d->args_line, 0};
        rule_emit(ctx, p, d->conflicts.v[i],
                  "'%s' is set both in %s and on the dockerd command line: dockerd refuses to start", d->conflicts.v[i],
                  d->config_path);
    }
}

static bool authz_in_use(const struct daemon_spec *d)
{
    return d->authz_plugins.n > 0 || d->info.authz_plugins.n > 0;
}

static void check_authz_cves(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (!authz_in_use(d)) return;
    const char *v = ds_version(d);
    if (!v) {
        rule_skip(ctx, "the engine version is unknown (the daemon API did not answer)");
        return;
    }
    size_t n;
    const struct host_vuln *t = host_vuln_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (!t[i].needs_authz || !host_version_affected(v, &t[i])) continue;
        rule_emit(ctx, ds_pos(d, DS_AUTHZ_PLUGINS), t[i].id,
                  "engine %s is affected by %s (%s) and an authorization plugin is in use%s%s", v, t[i].id,
                  t[i].summary, t[i].note ? "; " : "", t[i].note ? t[i].note : "");
    }
}

/* ---- swarm ------------------------------------------------------------ */

static bool swarm_unknown(struct rule_ctx *ctx, const struct daemon_spec *d)
{
    if (!d->info.present) {
        rule_skip(ctx, "the daemon API did not answer, so swarm state is unknown");
        return true;
    }
    return false;
}

static const struct dg_pos swarm_pos = {"docker:swarm", 0, 0};

static void check_swarm_enabled(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d)) return;
    if (ds_swarm_active(d))
        rule_emit(ctx, swarm_pos, d->info.swarm_state,
                  "swarm mode is enabled: the node listens on cluster ports; leave the swarm if it is not needed");
}

static void check_managers(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    int m = d->info.swarm_managers, n = d->info.swarm_nodes;
    if (m < 0) {
        rule_skip(ctx, "manager count is only reported on manager nodes");
        return;
    }
    if (m > 1 && m % 2 == 0)
        rule_emit(ctx, swarm_pos, NULL, "%d managers: an even number adds no fault tolerance over %d", m, m - 1);
    else if (m == 1 && n > 1)
        rule_emit(ctx, swarm_pos, NULL, "one manager for %d nodes: losing it loses control of the swarm", n);
    else if (m > 7)
        rule_emit(ctx, swarm_pos, NULL, "%d managers: more than 7 slows consensus without adding safety", m);
}

static void check_overlay_encrypted(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    if (!d->swarm.networks && d->swarm.nservices < 0 && !d->swarm.present) {
        rule_skip(ctx, "the network list was not available");
        return;
    }
    for (size_t i = 0; i < d->swarm.nnetworks; i++) {
        const struct ds_network *nw = &d->swarm.networks[i];
        if (nw->encrypted) continue;
        struct dg_pos p = {"docker:networks", 0, 0};
        rule_emit(ctx, p, nw->name, "overlay network '%s' is not encrypted: traffic between nodes is clear text%s",
                  nw->name, nw->ingress ? " (the ingress network must be recreated with --opt encrypted)" : "");
    }
}

static void check_secrets_used(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    if (d->swarm.nservices < 0 || d->swarm.services_with_secrets < 0) {
        rule_skip(ctx, "services are only listed on manager nodes");
        return;
    }
    if (d->swarm.nservices > 0 && d->swarm.services_with_secrets == 0)
        rule_emit(ctx, swarm_pos, NULL,
                  "%d services and none uses a swarm secret: credentials are likely passed in environment "
                  "variables or files", d->swarm.nservices);
}

static void check_autolock(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    if (!d->swarm.present || d->swarm.autolock < 0) {
        rule_skip(ctx, "swarm settings are only readable on manager nodes");
        return;
    }
    if (!d->swarm.autolock)
        rule_emit(ctx, swarm_pos, NULL,
                  "autolock is off: the raft encryption key and TLS keys are usable by anyone who copies the "
                  "manager's disk");
}

static void check_node_cert_expiry(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    if (!d->swarm.present || d->swarm.node_cert_expiry_s < 0) {
        rule_skip(ctx, "swarm settings are only readable on manager nodes");
        return;
    }
    if (d->swarm.node_cert_expiry_s > 90LL * 86400)
        rule_emit(ctx, swarm_pos, NULL, "node certificates are valid for %lld days before rotation (more than 90)",
                  (long long)(d->swarm.node_cert_expiry_s / 86400));
}

static void check_ca_rotation(struct rule_ctx *ctx, const void *s)
{
    const struct daemon_spec *d = D(s);
    if (swarm_unknown(ctx, d) || !ds_swarm_active(d)) return;
    if (!d->swarm.present || !d->swarm.ca_not_after) {
        rule_skip(ctx, "the swarm root CA is only readable on manager nodes");
        return;
    }
    int64_t now = (int64_t)time(NULL);
    if (d->swarm.ca_not_after < now)
        rule_emit(ctx, swarm_pos, NULL, "the swarm root CA certificate has expired");
    else if (d->swarm.ca_not_after - now < 30LL * 86400)
        rule_emit(ctx, swarm_pos, NULL, "the swarm root CA certificate expires in %lld days",
                  (long long)((d->swarm.ca_not_after - now) / 86400));
    else if (d->swarm.ca_not_before && now - d->swarm.ca_not_before > 365LL * 86400)
        rule_emit(ctx, swarm_pos, NULL, "the swarm root CA has not been rotated for %lld days",
                  (long long)((now - d->swarm.ca_not_before) / 86400));
}

#define RULE(id, title, sev, cis, why, fix, fn) \
    {id, title, sev, DG_MODEL_DAEMON, cis, NULL, NULL, NULL, why, fix, fn}

static const struct rule_def rules[] = {
    RULE("DG-D001", "Docker daemon runs as root", DG_SEV_INFO, "2.1",
         "A rootful dockerd is root: anyone who controls its API, or escapes a container through it, owns the host.",
         "Where the workloads allow it, run the daemon in rootless mode (dockerd-rootless-setuptool.sh install).",
         check_root_daemon),
    RULE("DG-D002", "Inter-container communication enabled on the default bridge", DG_SEV_MEDIUM, "2.2",
         "With icc on, every container on docker0 can reach every other container's ports, so one compromised "
         "container can attack the rest.",
         "Set \"icc\": false in daemon.json and connect containers that must talk through user-defined networks.",
         check_icc),
    RULE("DG-D003", "Daemon log level is not info", DG_SEV_LOW, "2.3",
         "Below info, security-relevant events are not recorded; debug records request details that may "
         "include secrets.",
         "Remove the log-level/debug setting or set \"log-level\": \"info\".", check_log_level),
    RULE("DG-D004", "Docker is not allowed to change iptables", DG_SEV_MEDIUM, "2.4",
         "With iptables disabled, published ports and inter-network isolation are not enforced by rules that "
         "dockerd keeps in sync; hand-written rules drift.",
         "Remove \"iptables\": false (or --iptables=false).", check_iptables),
    RULE("DG-D005", "Insecure registry configured", DG_SEV_HIGH, "2.5",
         "Images from an insecure registry are fetched without TLS verification; anyone on the path can "
         "substitute them.",
         "Remove the registry from insecure-registries and give it a certificate (or put its CA in "
         "/etc/docker/certs.d/<registry>/ca.crt).",
         check_insecure_registries),
    RULE("DG-D006", "aufs storage driver in use", DG_SEV_MEDIUM, "2.6",
         "aufs is unmaintained, has had kernel security problems and is gone from current engines.",
         "Move to overlay2: set \"storage-driver\": \"overlay2\" (existing images must be pulled again).",
         check_aufs),
    RULE("DG-D008", "Daemon API reachable over TCP without TLS client verification", DG_SEV_CRITICAL, "2.8",
         "The Docker API is root on the host. Without tlsverify, anyone who can reach the port can start a "
         "privileged container.",
         "Listen on the unix socket only, or set \"tlsverify\": true with tlscacert, tlscert and tlskey.",
         check_tls),
    RULE("DG-D009", "No default ulimits configured", DG_SEV_INFO, "2.9",
         "Without daemon-wide defaults a container inherits the daemon's generous limits and can exhaust file "
         "descriptors or processes.",
         "Set \"default-ulimits\", e.g. {\"nofile\": {\"Name\": \"nofile\", \"Soft\": 64000, \"Hard\": 64000}}.",
         check_ulimits),
    RULE("DG-D010", "User namespace remapping not enabled", DG_SEV_LOW, "2.10",
         "Without userns-remap, uid 0 in a container is uid 0 on the host, so an escape lands as root.",
         "Set \"userns-remap\": \"default\" (and check volumes' ownership), or run rootless.", check_userns),
    RULE("DG-D011", "Default cgroup parent changed", DG_SEV_INFO, "2.11",
         "A custom cgroup parent changes which limits and accounting apply to every container.",
         "Confirm the cgroup-parent setting is intended, or remove it.", check_cgroup_parent),
    RULE("DG-D012", "Base device size changed", DG_SEV_LOW, "2.12",
         "A larger devicemapper base size lets a container fill the host's storage.",
         "Remove dm.basesize from storage-opts unless it is needed.", check_basesize),
    RULE("DG-D013", "No authorization plugin", DG_SEV_LOW, "2.13",
         "Docker's API is all-or-nothing: without an authorization plugin, any user of the socket may run "
         "privileged containers.",
         "Add an authorization plugin (\"authorization-plugins\": [\"...\"]), e.g. dockguard authz.", check_authz),
    RULE("DG-D014", "Container logs are not sent to a central log service", DG_SEV_LOW, "2.14",
         "Logs kept only on the host can be erased by whoever compromises it.",
         "Set a remote log driver (\"log-driver\": \"syslog\" with syslog-address, fluentd, gelf, ...).",
         check_remote_logging),
    RULE("DG-D015", "no-new-privileges not enabled by default", DG_SEV_MEDIUM, "2.15",
         "Without no-new-privileges, a process in a container can gain privileges through setuid or file "
         "capability binaries.",
         "Set \"no-new-privileges\": true in daemon.json.", check_nnp),
    RULE("DG-D016", "Live restore not enabled", DG_SEV_LOW, "2.16",
         "Without live-restore, patching or restarting dockerd stops every container, which pushes "
         "operators to delay daemon security updates.",
         "Set \"live-restore\": true (not available in swarm mode).", check_live_restore),
    RULE("DG-D017", "Userland proxy enabled", DG_SEV_LOW, "2.17",
         "docker-proxy processes forward published ports in user space; iptables/hairpin NAT does the same "
         "with less attack surface.",
         "Set \"userland-proxy\": false.", check_userland_proxy),
    RULE("DG-D018", "Daemon-wide seccomp profile is unconfined", DG_SEV_HIGH, "2.18",
         "Unconfined seccomp lets every container call every system call, including those used in kernel "
         "exploits.",
         "Remove \"seccomp-profile\": \"unconfined\"; use the default or a custom profile.", check_seccomp),
    RULE("DG-D019", "Experimental features enabled", DG_SEV_MEDIUM, "2.19",
         "Experimental features are not covered by Docker's stability and security guarantees.",
         "Remove \"experimental\": true in production.", check_experimental),
    RULE("DG-D020", "daemon.json is invalid", DG_SEV_MEDIUM, NULL,
         "dockerd refuses to start with an invalid daemon.json (bad JSON, a key given twice, a wrong type): the "
         "running daemon's settings are not what the file says, and the next restart fails.",
         "Fix the reported line; dockerd --validate --config-file /etc/docker/daemon.json checks it.",
         check_config_invalid),
    RULE("DG-D021", "Engine version has an authorization plugin bypass", DG_SEV_CRITICAL, "1.2.2",
         "Known engine bugs let a client bypass authorization plugins; with a plugin in use this is a direct "
         "path around the access policy.",
         "Upgrade the engine to a release with the fix (see the CVE in the message).", check_authz_cves),
    RULE("DG-D022", "Setting given both in daemon.json and on the command line", DG_SEV_MEDIUM, NULL,
         "dockerd refuses to start when one setting is in both places; the next restart leaves the host without "
         "a daemon (or with an unexpected one).",
         "Keep each setting in one place: remove it from the systemd unit or from daemon.json.", check_conflicts),
    RULE("DG-D150", "Swarm mode enabled", DG_SEV_INFO, "5.1",
         "A swarm node opens cluster management and data ports; unnecessary ones widen the attack surface.",
         "If the node does not need swarm, run docker swarm leave.", check_swarm_enabled),
    RULE("DG-D151", "Swarm manager count gives no fault tolerance", DG_SEV_LOW, "7.1",
         "Raft needs a majority of managers: one manager is a single point of failure, an even count adds no "
         "tolerance.",
         "Run an odd number of managers (3 or 5) with docker node promote/demote.", check_managers),
    RULE("DG-D153", "Overlay network not encrypted", DG_SEV_MEDIUM, "7.3",
         "Without encryption, overlay traffic crosses the network between nodes in clear text.",
         "Create overlay networks with --opt encrypted.", check_overlay_encrypted),
    RULE("DG-D154", "Swarm services do not use secrets", DG_SEV_INFO, "7.4",
         "Services that get credentials from environment variables or images expose them in inspect output "
         "and image layers.",
         "Store credentials with docker secret create and give them to services with --secret.",
         check_secrets_used),
    RULE("DG-D155", "Swarm autolock disabled", DG_SEV_MEDIUM, "7.5",
         "Without autolock, the keys that decrypt the raft log and authenticate the manager are stored "
         "unprotected on the manager's disk.",
         "docker swarm update --autolock=true, and keep the unlock key safe.", check_autolock),
    RULE("DG-D156", "Swarm node certificates rotate rarely", DG_SEV_LOW, "7.7",
         "Long-lived node certificates give a stolen certificate a long useful life.",
         "docker swarm update --cert-expiry 720h (or less).", check_node_cert_expiry),
    RULE("DG-D157", "Swarm root CA not rotated or about to expire", DG_SEV_LOW, "7.8",
         "A root CA that is never rotated keeps every leaked key trusted; an expired one breaks the cluster.",
         "docker swarm ca --rotate.", check_ca_rotation),
};

const struct rule_table rules_daemon_table = {rules, sizeof rules / sizeof rules[0]};
