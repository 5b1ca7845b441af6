/* Host and daemon collection for `dockguard audit`: reads everything under an
 * audit root (daemon.json, the dockerd command line, systemd units and the
 * environment files they read, audit rules, mountinfo, /etc/group, file
 * owners and modes, FIPS mode) and the daemon's API answers, and fills the
 * daemon_spec and host models that rules_daemon.c and rules_host.c check.
 *
 * Typical use (cmd_audit):
 *     struct daemon_spec d; struct host h;
 *     daemon_spec_collect(root, info, version, &d, &err);        // info/version may be NULL
 *     daemon_spec_add_api_objects(&d, swarm, networks, services, secrets, &err); // any may be NULL
 *     host_collect(root, &d, &h, &err);
 *     ctx.root = root;
 *     rules_run(DG_MODEL_DAEMON, &d, &ctx);
 *     rules_run(DG_MODEL_HOST, &h, &ctx);
 *     host_free(&h); ds_free(&d);
 *
 * Return values: 0, or a negative DG_ERR_* when an input is malformed or
 * unreadable in a way the user must hear about (invalid daemon.json,
 * malformed audit rules). Even then the model is fully initialised and
 * usable: what could be read is filled in and what could not is marked
 * unknown, so the caller prints err, counts an error, and still runs rules.
 * Files missing or unreadable for lack of privilege are not errors: they
 * become "unknown" and the rules that need them skip with a reason. */
#ifndef DG_HOST_HOST_H
#define DG_HOST_HOST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include "core/error.h"
#include "model/daemon_spec.h"
#include "model/host.h"

/* Limits on what is read (hostile input). */
#define HOST_MAX_CONFIG   (1u << 20)   /* daemon.json, units, env files */
#define HOST_MAX_RULES    (4u << 20)   /* one audit rules file */
#define HOST_MAX_NRULES   100000u      /* audit rules in total */
#define HOST_MAX_ARGS     4096u        /* dockerd arguments */
#define HOST_MAX_JSON_DEPTH 32

/* ---- daemon ---------------------------------------------------------- */

/* Fills d (ds_init is done here) from the files under root and, when not
 * NULL, GET /info and GET /version answers. */
int daemon_spec_collect(const char *root, const json_t *info, const json_t *version,
                        struct daemon_spec *d, struct dg_error *err);
/* The same for one known dockerd process (for example the peer of the API
 * socket when several daemons run): its command line, its daemon.json
 * (--config-file, or the rootless user's), its uid and binary. When pid is
 * not a dockerd under root's /proc, it is the same as daemon_spec_collect. */
int daemon_spec_collect_pid(const char *root, int pid, const json_t *info, const json_t *version,
                            struct daemon_spec *d, struct dg_error *err);
/* Adds swarm and network state: GET /swarm (only answers on managers),
 * /networks (also gives the default bridge's icc), /services, /secrets.
 * Any argument may be NULL (not available). */
int daemon_spec_add_api_objects(struct daemon_spec *d, const json_t *swarm, const json_t *networks,
                                const json_t *services, const json_t *secrets, struct dg_error *err);

/* Lower layers, exposed for tests and fuzzers. */
/* Parses daemon.json text; rejects duplicate keys (dockerd does too) and
 * wrong types with "file:line: message"; records positions of keys. */
int daemon_json_parse(const char *text, size_t len, const char *file, struct daemon_spec *d,
                      struct dg_error *err);
/* Applies dockerd command-line arguments (argv[0] excluded). source/line are
 * where they were read, for positions. */
int daemon_args_parse(const struct dg_strv *argv, const char *source, int line, struct daemon_spec *d,
                      struct dg_error *err);
/* Applies GET /info and /version (either may be NULL). */
void daemon_info_apply(struct daemon_spec *d, const json_t *info, const json_t *version);
/* Splits an ExecStart= value the way systemd does (quotes, backslashes),
 * expanding $VAR and ${VAR} from env (KEY=VALUE strings) into words.
 * Returns 0 or DG_ERR_PARSE / DG_ERR_LIMIT. */
int host_split_command(const char *cmd, const struct dg_strv *env, struct dg_strv *out, struct dg_error *err);

/* ---- host ------------------------------------------------------------ */

/* Fills h (host_init is done here). d may be NULL; it gives the data root,
 * TLS file paths, the socket, the binary and the engine version. */
int host_collect(const char *root, const struct daemon_spec *d, struct host *h, struct dg_error *err);

/* Parses audit rules text (auditctl syntax, as in /etc/audit/rules.d/ *.rules
 * or `auditctl -l` output) and appends the path rules to h. "-D" drops the
 * rules read so far, as auditctl does. */
int host_audit_parse(const char *text, size_t len, const char *file, struct host *h, struct dg_error *err);
/* True when an audit rule records writes to path: a watch or path= rule on
 * exactly that path, or a watch/dir= rule on a directory that contains it
 * (component boundary, never a string prefix: /usr/bin/dockerd-foo does not
 * cover /usr/bin/dockerd). /var/run and /run name the same directory.
 * *why (optional) gets a static reason when a rule exists but does not
 * record writes (read-only perms, an "-a never" rule). */
bool host_audit_covers(const struct host *h, const char *path, const struct host_audit_rule **which,
                       const char **why);

/* Parses a /proc/<pid>/mountinfo text and returns (allocated) the mount
 * point containing path, or NULL when the text has no usable entry. */
char *host_mount_point_of(const char *mountinfo, size_t len, const char *path);

/* Stats path (as on the host) under root, resolving symlinks inside the
 * root (an absolute link target is taken relative to root, never the
 * auditor's /). */
void host_stat_path(const char *root, const char *path, struct host_stat *st);
/* Returns the real location of path under root (allocated, root-prefixed)
 * after resolving symlinks inside the root, or NULL when a component is
 * missing or the links loop. */
char *host_resolve(const char *root, const char *path);

/* ---- file owner/mode table (CIS section 3) ---------------------------- */

enum host_path_kind {
    HP_FIXED = 0,         /* path */
    HP_UNIT_SERVICE,      /* docker.service wherever systemd has it */
    HP_UNIT_SOCKET,       /* docker.socket */
    HP_CERTS_D,           /* every file under /etc/docker/certs.d/<registry>/ */
    HP_TLSCACERT,         /* files named by the daemon's TLS settings */
    HP_TLSCERT,
    HP_TLSKEY,
    HP_DOCKER_SOCK,       /* the daemon's unix socket */
    HP_DAEMON_JSON,       /* the daemon's config file */
    HP_CONTAINERD_SOCK    /* containerd's socket(s), system and dockerd-managed */
};

struct host_perm_row {
    const char *what;         /* "docker.service", "TLS server key", ... */
    enum host_path_kind kind;
    const char *path;         /* for HP_FIXED */
    bool group_docker;        /* owner group may be "docker" (else root) */
    unsigned max_mode;        /* most permissive mode allowed: bits outside it fail */
    const char *owner_rule;   /* rule ids checking this row */
    const char *mode_rule;
};
const struct host_perm_row *host_perm_table(size_t *n);
/* Bits of mode that max does not allow (0 = compliant). Compared as bit
 * masks: 0600 passes a 0644 limit, 0660 fails it. */
unsigned host_mode_excess(unsigned mode, unsigned max);

/* ---- engine versions with known security fixes ------------------------ */

struct host_vuln {
    const char *id;           /* "CVE-2024-41110" */
    const char *summary;
    int severity;             /* enum dg_severity */
    bool needs_authz;         /* only matters when an authorization plugin is used */
    const char *introduced;   /* first affected version, NULL = all older */
    const char *const *fixed; /* fixed releases, one per maintained branch, NULL-terminated */
    const char *note;         /* caveat shown with the finding, or NULL */
};
const struct host_vuln *host_vuln_table(size_t *n);
/* Compares dotted versions numerically ("20.10.24+dfsg1" reads as 20.10.24;
 * a leading "v" is ignored). Returns <0, 0, >0. */
int host_version_cmp(const char *a, const char *b);
/* True when version lacks v's fix: affected range and no fixed release on
 * its branch (major.minor) at or below it, and older than the newest branch
 * that has a fix. */
bool host_version_affected(const char *version, const struct host_vuln *v);

#endif
