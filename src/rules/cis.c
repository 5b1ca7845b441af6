/* CIS Docker Benchmark numbering across versions, and the item table the
 * docs and `dockguard rules --cis` print.
 *
 * Where the numbers and labels come from (and what is inferred):
 *  - v1.6.0: the item list and Automated/Manual labels as published in
 *    docker-bench-security's v1.6.0 checks (its section 2 still says
 *    "Scored", the benchmark's pre-2020 word for Automated; we record those
 *    as Automated) and the v1.6.0 audit item lists published by scanners.
 *    v1.6.0 moved "Ensure swarm mode is not Enabled, if not needed" from 7.1
 *    into the container runtime section as 5.1; section 7 keeps 7.1-7.9.
 *  - v1.7.0: sections 1 and 2 match v1.6.0 in published audit item lists
 *    (2.7 is still TLS, 7.5 still auto-lock); we assume sections 3-7 keep
 *    v1.6.0's numbers too (inferred, not checked item by item).
 *  - v1.8.0 (July 2025): inserts a new 2.7, so v1.7.0's 2.7-2.18 become
 *    2.8-2.19; the title and label of the new 2.7 could not be confirmed
 *    from a public source and are marked unknown. Other sections are
 *    assumed unchanged in numbering (inferred). 1.1.9 is about docker.sock
 *    (the socket), which v1.8.0 words unambiguously.
 * Rules carry their v1.8.0 number in rule_def.cis; everything else is
 * derived from this table. */
#include "rules/cis.h"
#include "core/finding.h"
#include "core/rule.h"

#include <string.h>

static const struct cis_item items[] = {
    {"1.1.1", "1.1.1", "1.1.1", "Ensure a separate partition for containers has been created", CIS_AUTOMATED},
    {"1.1.2", "1.1.2", "1.1.2", "Ensure only trusted users are allowed to control Docker daemon", CIS_AUTOMATED},
    {"1.1.3", "1.1.3", "1.1.3", "Ensure auditing is configured for the Docker daemon", CIS_AUTOMATED},
    {"1.1.4", "1.1.4", "1.1.4", "Ensure auditing is configured for Docker files and directories - /run/containerd", CIS_AUTOMATED},
    {"1.1.5", "1.1.5", "1.1.5", "Ensure auditing is configured for Docker files and directories - /var/lib/docker", CIS_AUTOMATED},
    {"1.1.6", "1.1.6", "1.1.6", "Ensure auditing is configured for Docker files and directories - /etc/docker", CIS_AUTOMATED},
    {"1.1.7", "1.1.7", "1.1.7", "Ensure auditing is configured for Docker files and directories - docker.service", CIS_AUTOMATED},
    {"1.1.8", "1.1.8", "1.1.8", "Ensure auditing is configured for Docker files and directories - containerd.sock", CIS_AUTOMATED},
    {"1.1.9", "1.1.9", "1.1.9", "Ensure auditing is configured for Docker files and directories - docker.sock", CIS_AUTOMATED},
    {"1.1.10", "1.1.10", "1.1.10", "Ensure auditing is configured for Docker files and directories - /etc/default/docker", CIS_AUTOMATED},
    {"1.1.11", "1.1.11", "1.1.11", "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json", CIS_AUTOMATED},
    {"1.1.12", "1.1.12", "1.1.12", "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml", CIS_AUTOMATED},
    {"1.1.13", "1.1.13", "1.1.13", "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", CIS_AUTOMATED},
    {"1.1.14", "1.1.14", "1.1.14", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", CIS_AUTOMATED},
    {"1.1.15", "1.1.15", "1.1.15", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", CIS_AUTOMATED},
    {"1.1.16", "1.1.16", "1.1.16", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1", CIS_AUTOMATED},
    {"1.1.17", "1.1.17", "1.1.17", "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2", CIS_AUTOMATED},
    {"1.1.18", "1.1.18", "1.1.18", "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", CIS_AUTOMATED},
    {"1.2.1", "1.2.1", "1.2.1", "Ensure the container host has been Hardened", CIS_MANUAL},
    {"1.2.2", "1.2.2", "1.2.2", "Ensure that the version of Docker is up to date", CIS_MANUAL},
    {"2.1", "2.1", "2.1", "Run the Docker daemon as a non-root user, if possible", CIS_MANUAL},
    {"2.2", "2.2", "2.2", "Ensure network traffic is restricted between containers on the default bridge", CIS_AUTOMATED},
    {"2.3", "2.3", "2.3", "Ensure the logging level is set to 'info'", CIS_AUTOMATED},
    {"2.4", "2.4", "2.4", "Ensure Docker is allowed to make changes to iptables", CIS_AUTOMATED},
    {"2.5", "2.5", "2.5", "Ensure insecure registries are not used", CIS_AUTOMATED},
    {"2.6", "2.6", "2.6", "Ensure aufs storage driver is not used", CIS_AUTOMATED},
    {NULL, NULL, "2.7", "(item added in v1.8.0; its title could not be confirmed from a public source)", CIS_UNKNOWN},
    {"2.7", "2.7", "2.8", "Ensure TLS authentication for Docker daemon is configured", CIS_AUTOMATED},
    {"2.8", "2.8", "2.9", "Ensure the default ulimit is configured appropriately", CIS_MANUAL},
    {"2.9", "2.9", "2.10", "Enable user namespace support", CIS_AUTOMATED},
    {"2.10", "2.10", "2.11", "Ensure the default cgroup usage has been confirmed", CIS_AUTOMATED},
    {"2.11", "2.11", "2.12", "Ensure base device size is not changed until needed", CIS_AUTOMATED},
    {"2.12", "2.12", "2.13", "Ensure that authorization for Docker client commands is enabled", CIS_AUTOMATED},
    {"2.13", "2.13", "2.14", "Ensure centralized and remote logging is configured", CIS_AUTOMATED},
    {"2.14", "2.14", "2.15", "Ensure containers are restricted from acquiring new privileges", CIS_AUTOMATED},
    {"2.15", "2.15", "2.16", "Ensure live restore is enabled", CIS_AUTOMATED},
    {"2.16", "2.16", "2.17", "Ensure Userland Proxy is Disabled", CIS_AUTOMATED},
    {"2.17", "2.17", "2.18", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate", CIS_MANUAL},
    {"2.18", "2.18", "2.19", "Ensure that experimental features are not implemented in production", CIS_AUTOMATED},
    {"3.1", "3.1", "3.1", "Ensure that the docker.service file ownership is set to root:root", CIS_AUTOMATED},
    {"3.2", "3.2", "3.2", "Ensure that docker.service file permissions are appropriately set", CIS_AUTOMATED},
    {"3.3", "3.3", "3.3", "Ensure that docker.socket file ownership is set to root:root", CIS_AUTOMATED},
    {"3.4", "3.4", "3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive", CIS_AUTOMATED},
    {"3.5", "3.5", "3.5", "Ensure that the /etc/docker directory ownership is set to root:root", CIS_AUTOMATED},
    {"3.6", "3.6", "3.6", "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", CIS_AUTOMATED},
    {"3.7", "3.7", "3.7", "Ensure that registry certificate file ownership is set to root:root", CIS_AUTOMATED},
    {"3.8", "3.8", "3.8", "Ensure that registry certificate file permissions are set to 444 or more restrictively", CIS_AUTOMATED},
    {"3.9", "3.9", "3.9", "Ensure that TLS CA certificate file ownership is set to root:root", CIS_AUTOMATED},
    {"3.10", "3.10", "3.10", "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", CIS_AUTOMATED},
    {"3.11", "3.11", "3.11", "Ensure that Docker server certificate file ownership is set to root:root", CIS_AUTOMATED},
    {"3.12", "3.12", "3.12", "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", CIS_AUTOMATED},
    {"3.13", "3.13", "3.13", "Ensure that the Docker server certificate key file ownership is set to root:root", CIS_AUTOMATED},
    {"3.14", "3.14", "3.14", "Ensure that the Docker server certificate key file permissions are set to 400", CIS_AUTOMATED},
    {"3.15", "3.15", "3.15", "Ensure that the Docker socket file ownership is set to root:docker", CIS_AUTOMATED},
    {"3.16", "3.16", "3.16", "Ensure that the Docker socket file permissions are set to 660 or more restrictively", CIS_AUTOMATED},
    {"3.17", "3.17", "3.17", "Ensure that the daemon.json file ownership is set to root:root", CIS_AUTOMATED},
    {"3.18", "3.18", "3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive", CIS_AUTOMATED},
    {"3.19", "3.19", "3.19", "Ensure that the /etc/default/docker file ownership is set to root:root", CIS_AUTOMATED},
    {"3.20", "3.20", "3.20", "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively", CIS_AUTOMATED},
    {"3.21", "3.21", "3.21", "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", CIS_AUTOMATED},
    {"3.22", "3.22", "3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", CIS_AUTOMATED},
    {"3.23", "3.23", "3.23", "Ensure that the Containerd socket file ownership is set to root:root", CIS_AUTOMATED},
    {"3.24", "3.24", "3.24", "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", CIS_AUTOMATED},
    {"4.1", "4.1", "4.1", "Ensure that a user for the container has been created", CIS_AUTOMATED},
    {"4.2", "4.2", "4.2", "Ensure that containers use only trusted base images", CIS_MANUAL},
    {"4.3", "4.3", "4.3", "Ensure that unnecessary packages are not installed in the container", CIS_MANUAL},
    {"4.4", "4.4", "4.4", "Ensure images are scanned and rebuilt to include security patches", CIS_MANUAL},
    {"4.5", "4.5", "4.5", "Ensure Content trust for Docker is Enabled", CIS_AUTOMATED},
    {"4.6", "4.6", "4.6", "Ensure that HEALTHCHECK instructions have been added to container images", CIS_AUTOMATED},
    {"4.7", "4.7", "4.7", "Ensure update instructions are not used alone in the Dockerfile", CIS_MANUAL},
    {"4.8", "4.8", "4.8", "Ensure setuid and setgid permissions are removed", CIS_MANUAL},
    {"4.9", "4.9", "4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", CIS_MANUAL},
    {"4.10", "4.10", "4.10", "Ensure secrets are not stored in Dockerfiles", CIS_MANUAL},
    {"4.11", "4.11", "4.11", "Ensure only verified packages are installed", CIS_MANUAL},
    {"4.12", "4.12", "4.12", "Ensure all signed artifacts are validated", CIS_MANUAL},
    {"5.1", "5.1", "5.1", "Ensure swarm mode is not Enabled, if not needed", CIS_AUTOMATED},
    {"5.2", "5.2", "5.2", "Ensure that, if applicable, an AppArmor Profile is enabled", CIS_AUTOMATED},
    {"5.3", "5.3", "5.3", "Ensure that, if applicable, SELinux security options are set", CIS_AUTOMATED},
    {"5.4", "5.4", "5.4", "Ensure that Linux kernel capabilities are restricted within containers", CIS_AUTOMATED},
    {"5.5", "5.5", "5.5", "Ensure that privileged containers are not used", CIS_AUTOMATED},
    {"5.6", "5.6", "5.6", "Ensure sensitive host system directories are not mounted on containers", CIS_AUTOMATED},
    {"5.7", "5.7", "5.7", "Ensure sshd is not run within containers", CIS_AUTOMATED},
    {"5.8", "5.8", "5.8", "Ensure privileged ports are not mapped within containers", CIS_AUTOMATED},
    {"5.9", "5.9", "5.9", "Ensure that only needed ports are open on the container", CIS_MANUAL},
    {"5.10", "5.10", "5.10", "Ensure that the host's network namespace is not shared", CIS_AUTOMATED},
    {"5.11", "5.11", "5.11", "Ensure that the memory usage for containers is limited", CIS_AUTOMATED},
    {"5.12", "5.12", "5.12", "Ensure that CPU priority is set appropriately on containers", CIS_AUTOMATED},
    {"5.13", "5.13", "5.13", "Ensure that the container's root filesystem is mounted as read only", CIS_AUTOMATED},
    {"5.14", "5.14", "5.14", "Ensure that incoming container traffic is bound to a specific host interface", CIS_AUTOMATED},
    {"5.15", "5.15", "5.15", "Ensure that the 'on-failure' container restart policy is set to '5'", CIS_AUTOMATED},
    {"5.16", "5.16", "5.16", "Ensure that the host's process namespace is not shared", CIS_AUTOMATED},
    {"5.17", "5.17", "5.17", "Ensure that the host's IPC namespace is not shared", CIS_AUTOMATED},
    {"5.18", "5.18", "5.18", "Ensure that host devices are not directly exposed to containers", CIS_MANUAL},
    {"5.19", "5.19", "5.19", "Ensure that the default ulimit is overwritten at runtime if needed", CIS_MANUAL},
    {"5.20", "5.20", "5.20", "Ensure mount propagation mode is not set to shared", CIS_AUTOMATED},
    {"5.21", "5.21", "5.21", "Ensure that the host's UTS namespace is not shared", CIS_AUTOMATED},
    {"5.22", "5.22", "5.22", "Ensure the default seccomp profile is not Disabled", CIS_AUTOMATED},
    {"5.23", "5.23", "5.23", "Ensure that docker exec commands are not used with the privileged option", CIS_AUTOMATED},
    {"5.24", "5.24", "5.24", "Ensure that docker exec commands are not used with the user=root option", CIS_MANUAL},
    {"5.25", "5.25", "5.25", "Ensure that cgroup usage is confirmed", CIS_AUTOMATED},
    {"5.26", "5.26", "5.26", "Ensure that the container is restricted from acquiring additional privileges", CIS_AUTOMATED},
    {"5.27", "5.27", "5.27", "Ensure that container health is checked at runtime", CIS_AUTOMATED},
    {"5.28", "5.28", "5.28", "Ensure that Docker commands always make use of the latest version of their image", CIS_MANUAL},
    {"5.29", "5.29", "5.29", "Ensure that the PIDs cgroup limit is used", CIS_AUTOMATED},
    {"5.30", "5.30", "5.30", "Ensure that Docker's default bridge 'docker0' is not used", CIS_MANUAL},
    {"5.31", "5.31", "5.31", "Ensure that the host's user namespaces are not shared", CIS_AUTOMATED},
    {"5.32", "5.32", "5.32", "Ensure that the Docker socket is not mounted inside any containers", CIS_AUTOMATED},
    {"6.1", "6.1", "6.1", "Ensure that image sprawl is avoided", CIS_MANUAL},
    {"6.2", "6.2", "6.2", "Ensure that container sprawl is avoided", CIS_MANUAL},
    {"7.1", "7.1", "7.1", "Ensure that the minimum number of manager nodes have been created in a swarm", CIS_AUTOMATED},
    {"7.2", "7.2", "7.2", "Ensure that swarm services are bound to a specific host interface", CIS_AUTOMATED},
    {"7.3", "7.3", "7.3", "Ensure that all Docker swarm overlay networks are encrypted", CIS_AUTOMATED},
    {"7.4", "7.4", "7.4", "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster", CIS_MANUAL},
    {"7.5", "7.5", "7.5", "Ensure that swarm manager is run in auto-lock mode", CIS_AUTOMATED},
    {"7.6", "7.6", "7.6", "Ensure that the swarm manager auto-lock key is rotated periodically", CIS_MANUAL},
    {"7.7", "7.7", "7.7", "Ensure that node certificates are rotated as appropriate", CIS_MANUAL},
    {"7.8", "7.8", "7.8", "Ensure that CA certificates are rotated as appropriate", CIS_MANUAL},
    {"7.9", "7.9", "7.9", "Ensure that management plane traffic is separated from data plane traffic", CIS_MANUAL},
};

const struct cis_item *cis_items(size_t *n)
{
    *n = sizeof items / sizeof items[0];
    return items;
}

const char *cis_version_canonical(const char *version)
{
    if (!version || !*version) return CIS_NEWEST;
    if (*version == 'v' || *version == 'V') version++;
    static const char *const known[] = {"1.6.0", "1.7.0", "1.8.0"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(known[i]);
        if (!strcmp(version, known[i])) return known[i];
        /* "1.8" for "1.8.0" */
        if (strlen(version) == n - 2 && !strncmp(version, known[i], n - 2)) return known[i];
    }
    return NULL;
}

const struct cis_item *cis_find(const char *item_v180)
{
    if (!item_v180) return NULL;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (items[i].v180 && !strcmp(items[i].v180, item_v180)) return &items[i];
    return NULL;
}

const char *cis_item_number(const struct cis_item *it, const char *version)
{
    const char *v = cis_version_canonical(version);
    if (!it || !v) return NULL;
    if (!strcmp(v, "1.6.0")) return it->v160;
    if (!strcmp(v, "1.7.0")) return it->v170;
    return it->v180;
}

const char *rules_cis_item(const struct rule_def *r, const char *version)
{
    if (!r->cis) return NULL;
    const char *v = cis_version_canonical(version);
    if (!v) return NULL;
    const struct cis_item *it = cis_find(r->cis);
    /* A reference the table does not know stays as written for the newest
     * version and has no number in older ones. */
    if (!it) return !strcmp(v, CIS_NEWEST) ? r->cis : NULL;
    return cis_item_number(it, v);
}

static const char *label_name(int label)
{
    return label == CIS_AUTOMATED ? "Automated" : label == CIS_MANUAL ? "Manual" : "unknown";
}

int cis_print_table(FILE *out, const char *version)
{
    const char *v = cis_version_canonical(version);
    if (!v) return -1;
    fprintf(out, "| CIS %s | Title | Benchmark label | dockguard | Rules (severity) | Other versions |\n", v);
    fprintf(out, "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        const struct cis_item *it = &items[i];
        const char *num = cis_item_number(it, v);
        if (!num) continue;
        struct dg_buf rules;
        dg_buf_init(&rules, 0);
        size_t nr = 0;
        for (size_t r = 0; r < rules_count(); r++) {
            const struct rule_def *rd = rules_at(r);
            if (!rd->cis || !it->v180 || strcmp(rd->cis, it->v180) != 0) continue;
            dg_buf_printf(&rules, "%s%s (%s)", nr++ ? ", " : "", rd->id, dg_severity_name(rd->severity));
        }
        /* Numbers this item has in the other versions, when they differ. */
        struct dg_buf other;
        dg_buf_init(&other, 0);
        const char *vers[] = {"1.6.0", "1.7.0", "1.8.0"};
        for (size_t k = 0; k < 3; k++) {
            if (!strcmp(vers[k], v)) continue;
            const char *o = cis_item_number(it, vers[k]);
            if (o && !strcmp(o, num)) continue;
            dg_buf_printf(&other, "%s%s: %s", other.len ? "; " : "", vers[k], o ? o : "absent");
        }
        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", num, it->title, label_name(it->label), nr ? "yes" : "no",
                nr ? rules.data : "-", other.len ? other.data : "-");
        dg_buf_free(&rules);
        dg_buf_free(&other);
    }
    return 0;
}
