/* host: the machine around the daemon. Produced by src/host/ from files
 * under an audit root (/ normally, or a host filesystem mounted elsewhere):
 * mountinfo, /etc/group and /etc/passwd, audit rules, the owner and mode of
 * the daemon's files, FIPS mode, the binaries that run containers; checked by
 * src/rules/rules_host.c (CIS sections 1 and 3). Plain data, no I/O.
 *
 * Every "could not tell" is kept as such (-1 / state fields) so that rules
 * skip with a reason instead of passing. */
#ifndef DG_MODEL_HOST_H
#define DG_MODEL_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include "core/util.h"

/* One stat() result of a path under the root. */
struct host_stat {
    int state;          /* 1 exists, 0 does not exist, -1 could not stat (errno in err) */
    int err;
    unsigned uid, gid;
    unsigned mode;      /* permission bits (07777) */
    char type;          /* 'f' file, 'd' directory, 's' socket, 'l' symlink, 'o' other */
};

/* One audit rule as auditd would load it (a watch or a syscall rule with a
 * path/dir field). Only rules that name a path are kept. */
struct host_audit_rule {
    char *path;         /* watched path */
    char *perms;        /* "rwxa" subset; NULL = all (auditctl's default) */
    char *key;          /* NULL when none */
    bool dir;           /* -F dir= (a subtree) */
    bool never;         /* -a never,...: suppresses instead of recording */
    char *file;         /* where it was read (as on the host), owned */
    int line;
};

/* One row of the file owner/mode table with what was found. */
struct host_perm_entry {
    size_t row;         /* index into host_perm_table() */
    char *path;         /* path as on the host */
    struct host_stat st;
};

/* A name for a uid or gid from the root's /etc/passwd or /etc/group. */
struct host_id_name {
    unsigned id;
    char *name;
};

struct host {
    char *root;               /* audit root, "/" normally */
    bool privileged;          /* running as uid 0: root-only files were readable */
    bool rootless;            /* the daemon runs rootless: its files belong to that user */
    unsigned daemon_uid;

    /* 1.1.1 */
    char *data_root;          /* /var/lib/docker or the daemon's data-root */
    int data_root_separate;   /* 1 own mount, 0 on its parent's filesystem, -1 unknown */
    char *data_root_mount;    /* its mount point when known */
    char *mountinfo_error;    /* why it is unknown */

    /* 1.1.2 */
    int docker_group;         /* 1 found, 0 no docker group, -1 /etc/group unreadable */
    unsigned docker_gid;
    struct dg_strv docker_members;  /* supplementary members and users whose primary group it is */

    /* 1.1.3–1.1.18 */
    int audit_state;          /* 1 rules read, 0 no rules found anywhere, -1 unreadable (not root, ...) */
    char *audit_error;        /* why -1, or the parse error of a malformed file */
    struct host_audit_rule *audit;
    size_t naudit;
    struct dg_strv audit_sources;   /* files read, or "auditctl -l" */
    bool auditctl_used;       /* rules came from the live kernel (auditctl -l) */

    /* Binaries as found on the host (NULL when not found). */
    char *bin_dockerd, *bin_containerd, *bin_shim, *bin_shim_v1, *bin_shim_v2, *bin_runc;
    char *unit_service;       /* docker.service path, NULL none */
    char *unit_socket;        /* docker.socket path, NULL none */
    char *docker_sock;        /* the daemon's unix socket path */
    char *containerd_sock;    /* /run/containerd/containerd.sock or the dockerd-managed one */

    /* 1.2.2 */
    char *engine_version;     /* NULL unknown */

    /* FIPS */
    int fips;                 /* 1 on, 0 off, -1 unknown */

    /* 7.2: swarm ports (2377 management, 7946 gossip) listening on every
     * interface, from /proc/net/tcp and tcp6 (the auditor's network
     * namespace when the root is /). */
    int swarm_ports_any;      /* 1 a swarm port listens on all interfaces, 0 none does, -1 unknown */
    char *swarm_listener;     /* "0.0.0.0:2377" or "[::]:7946" when 1 */

    /* Section 3 */
    struct host_perm_entry *perms;
    size_t nperms;

    struct host_id_name *users, *groups;
    size_t nusers, ngroups;
};

void host_init(struct host *h);
void host_free(struct host *h);
/* Name of a uid/gid from the root's passwd/group, or NULL. */
const char *host_user_name(const struct host *h, unsigned uid);
const char *host_group_name(const struct host *h, unsigned gid);

#endif
