/* container_spec: how a container runs. Produced by a compose service, a
 * `docker run` command line, GET /containers/{id}/json and a create request
 * body seen by the authz plugin; checked by src/rules/rules_container.c.
 * Every field that a source can point at carries a dg_pos. */
#ifndef DG_MODEL_CONTAINER_SPEC_H
#define DG_MODEL_CONTAINER_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include "core/finding.h"
#include "core/util.h"

/* Positions of scalar settings, indexed by enum cs_field. */
enum cs_field {
    CS_IMAGE = 0, CS_USER, CS_PRIVILEGED, CS_READ_ONLY, CS_NETWORK, CS_PID, CS_IPC, CS_UTS,
    CS_USERNS, CS_CGROUP_PARENT, CS_CGROUPNS, CS_MEMORY, CS_MEMORY_RESERVATION, CS_MEMORY_SWAP,
    CS_CPUS, CS_CPU_QUOTA, CS_CPU_SHARES, CS_PIDS_LIMIT, CS_RESTART, CS_HEALTHCHECK,
    CS_PUBLISH_ALL, CS_CAP_ADD, CS_CAP_DROP, CS_SECURITY_OPT, CS_PORTS, CS_VOLUMES,
    CS_DEVICES, CS_ENV, CS_SYSCTLS, CS_ULIMITS, CS_TMPFS, CS_NAME, CS_INIT, CS_OOM_KILL_DISABLE,
    CS_BUILD,
    CS_FIELD__COUNT
};

/* A string with where it came from. */
struct cs_str {
    char *s;
    struct dg_pos pos;
};

struct cs_strs {
    struct cs_str *v;
    size_t n, cap;
};

enum cs_mount_type { CS_MOUNT_BIND = 0, CS_MOUNT_VOLUME, CS_MOUNT_TMPFS, CS_MOUNT_NPIPE, CS_MOUNT_CLUSTER };

struct cs_mount {
    enum cs_mount_type type;
    char *source;        /* host path for binds, volume name for volumes, NULL for anonymous/tmpfs */
    char *target;        /* path inside the container */
    bool read_only;
    char *propagation;   /* "rprivate", "shared", "rshared", "slave", ... or NULL */
    char *raw;           /* as written, for evidence */
    struct dg_pos pos;
};

struct cs_port {
    char *host_ip;       /* NULL or "" = all interfaces; "0.0.0.0", "::", "127.0.0.1", "[::1]" normalised without brackets */
    unsigned host_lo, host_hi;   /* 0 = not published to a fixed host port (ephemeral) */
    unsigned ctr_lo, ctr_hi;
    char *proto;         /* "tcp", "udp", "sctp" */
    bool published;      /* false for expose-only entries */
    char *raw;
    struct dg_pos pos;
};

struct cs_kv {
    char *key;
    char *value;         /* NULL when only the name is given (taken from the environment) */
    bool value_is_ref;   /* value is an unresolved ${VAR} reference: not a literal secret */
    struct dg_pos pos;
};

struct cs_kvs {
    struct cs_kv *v;
    size_t n, cap;
};

/* What only a live container shows (audit); present == false elsewhere. */
struct cs_live {
    bool present;
    bool running;
    int pid;                  /* State.Pid, 0 when not running */
    int restart_count;
    char *health_status;      /* "healthy", "unhealthy", "starting" or NULL */
    char *apparmor_profile;   /* AppArmorProfile as applied */
    char *id;
    char *image_id;
    char *created;
    /* Facts about the daemon's host that decide whether a live setting is
     * meaningful: -1 unknown, 0 not available there, 1 enabled. */
    int host_apparmor;
    int host_selinux;
    char *process_label;      /* SELinux ProcessLabel as applied, NULL or "" when none */
    /* Processes of a running container as the host sees them (GET
     * /containers/{id}/top or /proc), never by running anything inside it. */
    bool top_known;
    struct dg_strv top_pids;  /* host pid of each process, as text */
    struct dg_strv top_users; /* host user each runs as (name or uid), same order */
    struct dg_strv top_cmds;  /* command lines, same order */
};

struct container_spec {
    char *name;               /* service name, container name, or NULL */
    char *image;              /* as written: "nginx", "nginx:1.25@sha256:..." */
    char *user;               /* NULL = image default */
    bool privileged;
    bool read_only;
    bool publish_all;         /* -P */
    bool init;
    bool oom_kill_disable;
    bool no_new_privileges;   /* derived from security_opt by cs_normalize() */
    char *network_mode;       /* "host", "bridge", "none", "container:x", "service:x", a network name, or NULL */
    char *pid_mode;
    char *ipc_mode;
    char *uts_mode;
    char *userns_mode;
    char *cgroup_parent;
    char *cgroupns_mode;
    int64_t memory;           /* bytes, 0 = unlimited/unset */
    int64_t memory_reservation;
    int64_t memory_swap;      /* -1 = unlimited */
    int64_t nano_cpus;        /* 1e9 = one CPU, 0 = unset */
    int64_t cpu_quota;
    int64_t cpu_period;
    int64_t cpu_shares;
    int64_t pids_limit;       /* <= 0 = unlimited/unset */
    char *restart_name;       /* "no", "always", "unless-stopped", "on-failure", or NULL */
    int restart_max;          /* max retries for on-failure, 0 = unlimited */
    int healthcheck;          /* 0 = unset (image default), 1 = set, -1 = disabled */
    char *health_test;
    struct cs_strs cap_add;
    struct cs_strs cap_drop;
    struct cs_strs security_opt;
    struct cs_strs devices;
    struct cs_strs tmpfs;
    struct cs_strs env_files;
    struct cs_strs secrets;
    struct cs_mount *mounts;
    size_t nmounts, cap_mounts;
    struct cs_port *ports;
    size_t nports, cap_ports;
    struct cs_kvs env;
    struct cs_kvs sysctls;
    struct cs_kvs ulimits;
    struct cs_kvs labels;
    char *build_context;      /* compose `build:`; the linter follows it */
    char *build_dockerfile;
    struct dg_pos pos[CS_FIELD__COUNT];
    struct cs_live live;
};

void cs_init(struct container_spec *c);
void cs_free(struct container_spec *c);
void cs_strs_push(struct cs_strs *l, const char *s, struct dg_pos pos);
void cs_strs_free(struct cs_strs *l);
void cs_kvs_push(struct cs_kvs *l, const char *key, const char *value, struct dg_pos pos);
void cs_kvs_free(struct cs_kvs *l);
struct cs_mount *cs_add_mount(struct container_spec *c);  /* zeroed, owned by c */
struct cs_port *cs_add_port(struct container_spec *c);
/* Derives summary fields (no_new_privileges) and normalises spellings:
 * capabilities upper-case without CAP_ prefix, host IPs without brackets. */
void cs_normalize(struct container_spec *c);
/* Position of a field, falling back to the image/name position. */
struct dg_pos cs_pos(const struct container_spec *c, enum cs_field f);

/* Parses Docker's size syntax ("512m", "1g", "1024", "1.5GB") into bytes.
 * Returns 0 or -1 when malformed. */
int cs_parse_bytes(const char *s, int64_t *out);

#endif
