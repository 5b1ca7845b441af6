/* daemon_spec: how dockerd runs. Produced by src/host/ from daemon.json, the
 * dockerd command line (the running process or the systemd unit), the
 * environment files the unit reads, and GET /info, /version, /swarm,
 * /networks, /services, /secrets; checked by src/rules/rules_daemon.c
 * (CIS section 2 and the swarm items). Plain data, no I/O.
 *
 * Configured values keep where they were set (a dg_pos into daemon.json or
 * the command line) so findings point at the line to change. What the API
 * reports about the running daemon is kept apart (struct ds_info): it is the
 * truth when present, the files are what the next restart will use. */
#ifndef DG_MODEL_DAEMON_SPEC_H
#define DG_MODEL_DAEMON_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include "core/finding.h"
#include "core/util.h"

/* Settings with a position, indexed by enum ds_field. */
enum ds_field {
    DS_ICC = 0, DS_LOG_LEVEL, DS_IPTABLES, DS_INSECURE_REGISTRIES, DS_STORAGE_DRIVER, DS_HOSTS,
    DS_TLS, DS_TLSVERIFY, DS_TLSCACERT, DS_TLSCERT, DS_TLSKEY, DS_DEFAULT_ULIMITS, DS_USERNS_REMAP,
    DS_CGROUP_PARENT, DS_STORAGE_OPTS, DS_AUTHZ_PLUGINS, DS_LOG_DRIVER, DS_LOG_OPTS,
    DS_NO_NEW_PRIVILEGES, DS_LIVE_RESTORE, DS_USERLAND_PROXY, DS_SECCOMP_PROFILE, DS_EXPERIMENTAL,
    DS_DATA_ROOT, DS_DEBUG, DS_SELINUX, DS_ROOTLESS, DS_CONTAINERD, DS_IP,
    DS_FIELD__COUNT
};
const char *ds_field_key(enum ds_field f);   /* daemon.json key, e.g. "log-level" */

/* Where a setting came from. */
enum ds_source { DS_SRC_DEFAULT = 0, DS_SRC_CONFIG, DS_SRC_ARGS };

/* What the running daemon reports (GET /info and /version). present is
 * false when the daemon was not reachable: rules that need it skip. */
struct ds_info {
    bool present;
    char *server_version;         /* "27.1.1", "20.10.24+dfsg1" */
    char *driver;                 /* storage driver */
    char *logging_driver;
    char *docker_root_dir;
    char *cgroup_driver;
    int live_restore;             /* -1 unknown, 0, 1 */
    int experimental;
    int debug;
    bool userns;                  /* SecurityOptions has name=userns */
    bool rootless;                /* SecurityOptions has name=rootless */
    bool seccomp;                 /* SecurityOptions has name=seccomp */
    char *seccomp_profile;        /* its profile=…: "default", "unconfined", "builtin", a path; NULL */
    bool no_new_privileges;       /* SecurityOptions has name=no-new-privileges */
    struct dg_strv security_options;
    struct dg_strv authz_plugins;     /* Plugins.Authorization */
    struct dg_strv insecure_registries; /* IndexConfigs with Secure=false and CIDRs, loopback removed */
    char *swarm_state;            /* Swarm.LocalNodeState: "inactive", "active", "locked", ... */
    bool swarm_manager;           /* Swarm.ControlAvailable */
    int swarm_managers;           /* Swarm.Managers, -1 unknown */
    int swarm_nodes;              /* Swarm.Nodes, -1 unknown */
    char *swarm_node_addr;        /* Swarm.NodeAddr */
    int bridge_icc;               /* default bridge network's enable_icc option, -1 unknown */
};

/* An overlay network seen through GET /networks. */
struct ds_network {
    char *name;
    char *id;
    bool encrypted;   /* Options has "encrypted" */
    bool ingress;
};

/* Swarm state seen through GET /swarm, /networks, /services, /secrets. */
struct ds_swarm {
    bool present;                 /* GET /swarm answered (manager nodes only) */
    int autolock;                 /* Spec.EncryptionConfig.AutoLockManagers, -1 unknown */
    int64_t node_cert_expiry_s;   /* Spec.CAConfig.NodeCertExpiry in seconds, -1 unknown */
    int64_t ca_not_before;        /* TLSInfo.TrustRoot validity (unix time), 0 unknown */
    int64_t ca_not_after;
    struct ds_network *networks;  /* overlay networks only */
    size_t nnetworks;
    int nservices;                /* -1 unknown */
    int nsecrets;                 /* -1 unknown */
    int services_with_secrets;    /* services referencing at least one secret, -1 unknown */
};

struct daemon_spec {
    /* Sources. Positions point into these strings, which the spec owns. */
    char *config_path;            /* daemon.json as on the audited host ("/etc/docker/daemon.json") */
    bool config_exists;
    char *config_error;           /* "file:line: message" when daemon.json is invalid; NULL otherwise */
    int config_error_line;
    char *args_source;            /* "/proc/1234/cmdline" or "/lib/systemd/system/docker.service" */
    int args_line;                /* line of ExecStart= in a unit, 0 for a process */
    struct dg_strv argv;          /* dockerd arguments (argv[0] excluded) */
    int pid;                      /* running dockerd, 0 when none was found */
    unsigned uid;                 /* its real uid (0 for rootful) */
    char *exe;                    /* dockerd binary path as on the host, NULL unknown */
    struct dg_strv conflicts;     /* keys set both in daemon.json and on the command line */
    struct dg_strv arg_files;     /* environment files flags came from ($DOCKER_OPTS); positions point here */

    /* Effective configured values (command line wins over daemon.json only
     * where dockerd itself would accept both; conflicts are recorded).
     * Tri-states: -1 unset (dockerd default applies), 0 false, 1 true. */
    int icc, iptables, tls, tlsverify, no_new_privileges, live_restore, userland_proxy;
    int experimental, debug, selinux, rootless;
    char *log_level, *storage_driver, *tlscacert, *tlscert, *tlskey, *userns_remap;
    char *cgroup_parent, *log_driver, *seccomp_profile, *data_root, *containerd, *ip;
    struct dg_strv insecure_registries, hosts, default_ulimits, storage_opts, authz_plugins, log_opts;

    struct dg_pos pos[DS_FIELD__COUNT];
    enum ds_source src[DS_FIELD__COUNT];

    struct ds_info info;
    struct ds_swarm swarm;
};

void ds_init(struct daemon_spec *d);
void ds_free(struct daemon_spec *d);
/* Where a setting was made; when it was not set anywhere, daemon.json line 0
 * (the place to add it). */
struct dg_pos ds_pos(const struct daemon_spec *d, enum ds_field f);
/* Effective values with dockerd's defaults applied and the running daemon's
 * report preferred when present. */
bool ds_icc_enabled(const struct daemon_spec *d);
bool ds_swarm_active(const struct daemon_spec *d);
const char *ds_storage_driver(const struct daemon_spec *d);   /* NULL unknown */
const char *ds_log_driver(const struct daemon_spec *d);       /* "json-file" default */
const char *ds_data_root(const struct daemon_spec *d);        /* "/var/lib/docker" default */
const char *ds_version(const struct daemon_spec *d);          /* NULL unknown */

#endif
