/* host_collect: reads the machine around the daemon under an audit root —
 * users and groups, the docker group, the data root's mount, audit rules
 * (rules.d, audit.rules, or the live kernel's list), the binaries that run
 * containers, FIPS mode, and the owner/mode of every file in the CIS
 * section 3 table. */
#include "host/host.h"
#include "host/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_IDS 65536

static void read_ids(const char *root, const char *path, struct host_id_name **v, size_t *n, struct host *h,
                     bool group_file)
{
    char *text = NULL;
    size_t len = 0;
    int rc = host_read(root, path, 16u << 20, &text, &len, NULL);
    if (rc != 0) {
        if (group_file) h->docker_group = -1;
        return;
    }
    if (group_file) h->docker_group = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && *n < MAX_IDS; line = strtok_r(NULL, "\n", &save)) {
        char *f[7];
        size_t nf = host_split_colon(line, f, 7);
        if (nf < 3 || !*f[0]) continue;
        char *end;
        unsigned long id = strtoul(f[2], &end, 10);
        if (*end || end == f[2]) continue;
        *v = dg_xrealloc(*v, (*n + 1) * sizeof **v);
        (*v)[*n].id = (unsigned)id;
        (*v)[*n].name = dg_xstrdup(f[0]);
        (*n)++;
        if (group_file && !strcmp(f[0], "docker")) {
            h->docker_group = 1;
            h->docker_gid = (unsigned)id;
            if (nf >= 4) {
                char *s2 = NULL;
                for (char *m = strtok_r(f[3], ",", &s2); m; m = strtok_r(NULL, ",", &s2)) {
                    dg_str_trim(m);
                    if (*m && !dg_strv_contains(&h->docker_members, m)) dg_strv_push(&h->docker_members, m);
                }
            }
        }
    }
    free(text);
}

/* Users whose primary group is docker are members too. */
static void primary_members(const char *root, struct host *h)
{
    if (h->docker_group != 1) return;
    char *text = NULL;
    size_t len = 0;
    if (host_read(root, "/etc/passwd", 16u << 20, &text, &len, NULL) != 0) return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[7];
        if (host_split_colon(line, f, 7) < 4) continue;
        char *end;
        unsigned long gid = strtoul(f[3], &end, 10);
        if (*end || gid != h->docker_gid) continue;
        if (!dg_strv_contains(&h->docker_members, f[0])) dg_strv_push(&h->docker_members, f[0]);
    }
    free(text);
}

/* ---- mountinfo -------------------------------------------------------- */

/* Decodes the \040-style octal escapes of mountinfo fields in place. */
static void unescape_octal(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static bool mount_covers(const char *mp, const char *path)
{
    size_t n = strlen(mp);
    if (n == 1 && mp[0] == '/') return true;
    return strncmp(mp, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

char *host_mount_point_of(const char *mountinfo, size_t len, const char *path)
{
    char *best = NULL;
    size_t i = 0;
    unsigned lines = 0;
    while (i < len && lines++ < 100000) {
        size_t n = 0;
        while (i + n < len && mountinfo[i + n] != '\n') n++;
        char *line = dg_xstrndup(mountinfo + i, n);
        i += n + 1;
        /* id parent major:minor root mountpoint options ... */
        char *f[6], *save = NULL;
        size_t nf = 0;
        for (char *t = strtok_r(line, " ", &save); t && nf < 6; t = strtok_r(NULL, " ", &save)) f[nf++] = t;
        if (nf >= 5 && f[4][0] == '/') {
            unescape_octal(f[4]);
            /* The last matching entry wins at equal length: later mounts hide earlier ones. */
            if (mount_covers(f[4], path) && (!best || strlen(f[4]) >= strlen(best))) {
                free(best);
                best = dg_xstrdup(f[4]);
            }
        }
        free(line);
    }
    return best;
}

static void check_partition(const char *root, struct host *h)
{
    char *text = NULL;
    size_t len = 0;
    struct dg_error e = {0};
    int rc = host_read(root, "/proc/self/mountinfo", 16u << 20, &text, &len, &e);
    if (rc != 0) {
        h->mountinfo_error = rc == DG_ERR_NOTFOUND ? dg_xstrdup("no /proc/self/mountinfo under the audit root")
                                                   : dg_xstrdup(e.msg);
        return;
    }
    /* A data root that is a symlink lives where the link points. */
    char *real = host_resolve(root, h->data_root);
    const char *path = h->data_root;
    if (real) {
        size_t rl = host_root_is_slash(root) ? 0 : strlen(root);
        while (rl > 1 && root[rl - 1] == '/') rl--;
        if (strlen(real) > rl && real[rl] == '/') path = real + rl;
    }
    char *mp = host_mount_point_of(text, len, path);
    free(real);
    free(text);
    if (!mp) {
        h->mountinfo_error = dg_xstrdup("mountinfo has no entry covering the data root");
        return;
    }
    h->data_root_separate = strcmp(mp, "/") != 0;
    h->data_root_mount = mp;
}

/* ---- audit rules ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs `auditctl -l` (fixed argv, no shell) and returns its output, or NULL. */
static char *run_auditctl(size_t *len)
{
    static const char *const cands[] = {"/sbin/auditctl", "/usr/sbin/auditctl", NULL};
    const char *bin = NULL;
    for (size_t i = 0; cands[i] && !bin; i++)
        if (access(cands[i], X_OK) == 0) bin = cands[i];
    if (!bin) return NULL;
    int fds[2];
    if (pipe(fds) != 0) return NULL;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(fds[1], 1);
        if (devnull >= 0) { dup2(devnull, 0); dup2(devnull, 2); }
        close(fds[0]);
        char *const argv[] = {(char *)"auditctl", (char *)"-l", NULL};
        char *const envp[] = {(char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin", (char *)"LC_ALL=C", NULL};
        execve(bin, argv, envp);
        _exit(127);
    }
    close(fds[1]);
    struct dg_buf b;
    dg_buf_init(&b, HOST_MAX_RULES);
    char chunk[8192];
    bool ok = true;
    for (;;) {
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (dg_buf_append(&b, chunk, (size_t)n) != 0) { ok = false; break; }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        dg_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return dg_buf_steal(&b);
}

static int read_audit(const char *root, struct host *h, struct dg_error *err)
{
    int rc = 0;
    struct dg_error e = {0};
    if (host_root_is_slash(root) && h->privileged) {
        size_t len = 0;
        char *out = run_auditctl(&len);
        if (out) {
            h->audit_state = 1;
            h->auditctl_used = true;
            dg_strv_push(&h->audit_sources, "auditctl -l");
            if (!dg_str_has_prefix(out, "No rules") && host_audit_parse(out, len, "auditctl -l", h, &e) != 0) {
                h->audit_error = dg_xstrdup(e.msg);
                rc = dg_error_set(err, e.code, "%s", e.msg);
            }
            free(out);
            return rc;
        }
    }
    /* augenrules builds the loaded set from rules.d in file-name order. */
    struct dg_strv files = {0};
    char *dir = host_resolve(root, "/etc/audit/rules.d");
    int dir_errno = 0;
    if (dir) {
        DIR *dh = opendir(dir);
        if (!dh) dir_errno = errno;
        struct dirent *de;
        while (dh && (de = readdir(dh)) && files.n < 1024)
            if (dg_str_has_suffix(de->d_name, ".rules"))
                dg_strv_push_owned(&files, dg_xasprintf("/etc/audit/rules.d/%s", de->d_name));
        if (dh) closedir(dh);
        free(dir);
    } else {
        int en = 0;
        char *r = host_resolve_err(root, "/etc/audit/rules.d", &en);
        free(r);
        if (en == EACCES) dir_errno = EACCES;
    }
    if (files.n) qsort(files.v, files.n, sizeof *files.v, cmp_str);
    if (!files.n) dg_strv_push(&files, "/etc/audit/audit.rules");
    bool any = false, denied = dir_errno == EACCES;
    for (size_t i = 0; i < files.n; i++) {
        char *text = NULL;
        size_t len = 0;
        dg_error_clear(&e);
        int r = host_read(root, files.v[i], HOST_MAX_RULES, &text, &len, &e);
        if (r == DG_ERR_NOTFOUND) continue;
        if (r != 0) {
            if (r == DG_ERR_LIMIT && !rc) rc = dg_error_set(err, r, "%s", e.msg);
            denied = true;
            continue;
        }
        any = true;
        dg_strv_push(&h->audit_sources, files.v[i]);
        if (host_audit_parse(text, len, files.v[i], h, &e) != 0 && !rc) {
            h->audit_error = dg_xstrdup(e.msg);
            rc = dg_error_set(err, e.code, "%s", e.msg);
        }
        free(text);
    }
    dg_strv_free(&files);
    if (any) h->audit_state = 1;
    else if (denied) {
        h->audit_state = -1;
        if (!h->audit_error)
            h->audit_error = dg_xstrdup("audit rules under /etc/audit are not readable (run as root)");
    } else {
        h->audit_state = 0;
    }
    /* A watch on a directory covers what is below it. */
    for (size_t i = 0; i < h->naudit; i++) {
        struct host_stat st;
        host_stat_path(root, h->audit[i].path, &st);
        if (st.state == 1 && st.type == 'd') h->audit[i].dir = true;
    }
    return rc;
}

/* ---- binaries --------------------------------------------------------- */

static const char *const path_dirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin",
                                        "/bin", "/usr/libexec/docker", NULL};

static bool is_file(const char *root, const char *path)
{
    struct host_stat st;
    host_stat_path(root, path, &st);
    return st.state == 1 && st.type == 'f';
}

/* Looks in the daemon's own directory first, then the usual PATH. */
static char *find_bin(const char *root, const char *near, const char *name)
{
    if (near) {
        const char *slash = strrchr(near, '/');
        if (slash) {
            char *p = dg_xasprintf("%.*s/%s", (int)(slash - near), near, name);
            if (is_file(root, p)) return p;
            free(p);
        }
    }
    for (size_t i = 0; path_dirs[i]; i++) {
        char *p = dg_xasprintf("%s/%s", path_dirs[i], name);
        if (is_file(root, p)) return p;
        free(p);
    }
    return NULL;
}

/* ---- file table ------------------------------------------------------- */

static void add_perm(const char *root, struct host *h, size_t row, const char *path)
{
    h->perms = dg_xrealloc(h->perms, (h->nperms + 1) * sizeof *h->perms);
    struct host_perm_entry *e = &h->perms[h->nperms++];
    e->row = row;
    e->path = dg_xstrdup(path);
    host_stat_path(root, path, &e->st);
}

static void certs_d(const char *root, struct host *h, size_t row)
{
    char *dir = host_resolve(root, "/etc/docker/certs.d");
    DIR *dh = dir ? opendir(dir) : NULL;
    if (!dh) {
        add_perm(root, h, row, "/etc/docker/certs.d");
        free(dir);
        return;
    }
    struct dg_strv regs = {0};
    struct dirent *de;
    while ((de = readdir(dh)) && regs.n < 1024)
        if (de->d_name[0] != '.') dg_strv_push(&regs, de->d_name);
    closedir(dh);
    if (regs.n) qsort(regs.v, regs.n, sizeof *regs.v, cmp_str);
    size_t before = h->nperms;
    for (size_t i = 0; i < regs.n; i++) {
        char *rdir = dg_xasprintf("%s/%s", dir, regs.v[i]);
        DIR *rh = opendir(rdir);
        struct dg_strv names = {0};
        while (rh && (de = readdir(rh)) && names.n < 1024)
            if (de->d_name[0] != '.') dg_strv_push(&names, de->d_name);
        if (rh) closedir(rh);
        if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
        for (size_t j = 0; j < names.n; j++) {
            char *p = dg_xasprintf("/etc/docker/certs.d/%s/%s", regs.v[i], names.v[j]);
            struct host_stat st;
            host_stat_path(root, p, &st);
            if (st.state == 1 && st.type == 'f') add_perm(root, h, row, p);
            free(p);
        }
        dg_strv_free(&names);
        free(rdir);
    }
    if (h->nperms == before) add_perm(root, h, row, "/etc/docker/certs.d");
    dg_strv_free(&regs);
    free(dir);
}

static void collect_perms(const char *root, const struct daemon_spec *d, struct host *h)
{
    size_t n;
    const struct host_perm_row *rows = host_perm_table(&n);
    for (size_t r = 0; r < n; r++) {
        switch (rows[r].kind) {
        case HP_FIXED: add_perm(root, h, r, rows[r].path); break;
        case HP_UNIT_SERVICE: if (h->unit_service) add_perm(root, h, r, h->unit_service); break;
        case HP_UNIT_SOCKET: if (h->unit_socket) add_perm(root, h, r, h->unit_socket); break;
        case HP_CERTS_D: certs_d(root, h, r); break;
        case HP_TLSCACERT: if (d && d->tlscacert) add_perm(root, h, r, d->tlscacert); break;
        case HP_TLSCERT: if (d && d->tlscert) add_perm(root, h, r, d->tlscert); break;
        case HP_TLSKEY: if (d && d->tlskey) add_perm(root, h, r, d->tlskey); break;
        case HP_DOCKER_SOCK: add_perm(root, h, r, h->docker_sock); break;
        case HP_DAEMON_JSON: add_perm(root, h, r, d && d->config_path ? d->config_path : "/etc/docker/daemon.json"); break;
        case HP_CONTAINERD_SOCK: {
            add_perm(root, h, r, h->containerd_sock);
            /* dockerd starts its own containerd when none is given. */
            const char *managed = "/var/run/docker/containerd/containerd.sock";
            if (strcmp(h->containerd_sock, managed) != 0) {
                struct host_stat st;
                host_stat_path(root, managed, &st);
                if (st.state == 1) add_perm(root, h, r, managed);
            }
            break;
        }
        }
    }
}

/* Listening TCP sockets on the swarm ports bound to the wildcard address. */
static void swarm_listeners(const char *root, struct host *h)
{
    static const char *const files[] = {"/proc/net/tcp", "/proc/net/tcp6"};
    bool any_file = false;
    h->swarm_ports_any = 0;
    for (size_t f = 0; f < 2 && h->swarm_ports_any != 1; f++) {
        char *text = NULL;
        size_t len = 0;
        if (host_read(root, files[f], 16u << 20, &text, &len, NULL) != 0) continue;
        any_file = true;
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            /* "  0: 00000000:0979 00000000:0000 0A ..." */
            char local[80], remote[80], st[8];
            if (sscanf(line, " %*[0-9]: %79s %79s %7s", local, remote, st) != 3 || strcmp(st, "0A") != 0) continue;
            char *colon = strrchr(local, ':');
            if (!colon) continue;
            unsigned long port = strtoul(colon + 1, NULL, 16);
            if (port != 2377 && port != 7946) continue;
            *colon = '\0';
            if (strspn(local, "0") != strlen(local)) continue;
            h->swarm_ports_any = 1;
            h->swarm_listener = dg_xasprintf("%s:%lu", f ? "[::]" : "0.0.0.0", port);
            break;
        }
        free(text);
    }
    if (!any_file) h->swarm_ports_any = -1;
}

int host_collect(const char *root, const struct daemon_spec *d, struct host *h, struct dg_error *err)
{
    host_init(h);
    if (!root) root = "/";
    h->root = dg_xstrdup(root);
    h->privileged = geteuid() == 0;
    h->rootless = d && (d->rootless == 1 || d->info.rootless);
    h->daemon_uid = d ? d->uid : 0;
    int rc = 0;

    read_ids(root, "/etc/passwd", &h->users, &h->nusers, h, false);
    read_ids(root, "/etc/group", &h->groups, &h->ngroups, h, true);
    primary_members(root, h);

    h->data_root = dg_xstrdup(d ? ds_data_root(d) : "/var/lib/docker");
    check_partition(root, h);

    struct dg_error e = {0};
    if (read_audit(root, h, &e) != 0) rc = dg_error_set(err, e.code, "%s", e.msg);

    const char *exe = d ? d->exe : NULL;
    if (exe && is_file(root, exe)) h->bin_dockerd = dg_xstrdup(exe);
    else h->bin_dockerd = find_bin(root, NULL, "dockerd");
    h->bin_containerd = find_bin(root, h->bin_dockerd, "containerd");
    const char *near = h->bin_containerd ? h->bin_containerd : h->bin_dockerd;
    h->bin_shim = find_bin(root, near, "containerd-shim");
    h->bin_shim_v1 = find_bin(root, near, "containerd-shim-runc-v1");
    h->bin_shim_v2 = find_bin(root, near, "containerd-shim-runc-v2");
    h->bin_runc = find_bin(root, near, "runc");
    h->unit_service = host_unit_find(root, "docker.service");
    h->unit_socket = host_unit_find(root, "docker.socket");

    if (d) {
        for (size_t i = 0; i < d->hosts.n && !h->docker_sock; i++)
            if (dg_str_has_prefix(d->hosts.v[i], "unix://")) h->docker_sock = dg_xstrdup(d->hosts.v[i] + 7);
        if (!h->docker_sock && h->rootless) h->docker_sock = dg_xasprintf("/run/user/%u/docker.sock", d->uid);
        if (d->containerd) h->containerd_sock = dg_xstrdup(d->containerd);
    }
    if (!h->docker_sock) h->docker_sock = dg_xstrdup("/var/run/docker.sock");
    if (!h->containerd_sock) h->containerd_sock = dg_xstrdup("/run/containerd/containerd.sock");

    if (d && ds_version(d)) h->engine_version = dg_xstrdup(ds_version(d));

    char *fips = NULL;
    size_t flen = 0;
    if (host_read(root, "/proc/sys/crypto/fips_enabled", 64, &fips, &flen, NULL) == 0)
        h->fips = atoi(fips) == 1;
    free(fips);

    swarm_listeners(root, h);
    collect_perms(root, d, h);
    return rc;
}
