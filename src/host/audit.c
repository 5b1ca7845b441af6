/* Linux audit rules reader: the watches (-w PATH -p PERMS -k KEY) and the
 * syscall rules that name a path (-a always,exit -F path=... / -F dir=...
 * -F perm=...) in auditctl syntax, and the exact test of whether they
 * record writes to a given file. Paths are compared by component, never
 * by substring. */
#include "host/host.h"
#include "host/internal.h"

#include <stdlib.h>
#include <string.h>

static void add_rule(struct host *h, const char *path, const char *perms, const char *key, bool dir, bool never,
                     const char *file, int line)
{
    h->audit = dg_xrealloc(h->audit, (h->naudit + 1) * sizeof *h->audit);
    struct host_audit_rule *r = &h->audit[h->naudit++];
    r->path = dg_xstrdup(path);
    /* Trailing slashes do not change what is watched. */
    size_t n = strlen(r->path);
    while (n > 1 && r->path[n - 1] == '/') r->path[--n] = '\0';
    r->perms = perms ? dg_xstrdup(perms) : NULL;
    r->key = key ? dg_xstrdup(key) : NULL;
    r->dir = dir;
    r->never = never;
    r->file = dg_xstrdup(file ? file : "audit rules");
    r->line = line;
}

static void drop_rules(struct host *h)
{
    for (size_t i = 0; i < h->naudit; i++) {
        free(h->audit[i].path);
        free(h->audit[i].perms);
        free(h->audit[i].key);
        free(h->audit[i].file);
    }
    h->naudit = 0;
}

static bool valid_perms(const char *p)
{
    if (!*p || strlen(p) > 4) return false;
    for (; *p; p++)
        if (!strchr("rwxa", *p)) return false;
    return true;
}

/* Options of auditctl that take an argument. */
static bool takes_arg(const char *opt)
{
    static const char *const with_arg[] = {"-b", "-f", "-r", "-e", "-S", "-C", "-F", "-k", "-p", "-w", "-W",
                                           "-a", "-A", "-d", "--backlog_wait_time", NULL};
    for (size_t i = 0; with_arg[i]; i++)
        if (!strcmp(opt, with_arg[i])) return true;
    return false;
}

/* One line: returns 0, or DG_ERR_PARSE with err set. */
static int parse_line(struct host *h, char *line, const char *file, int lineno, struct dg_error *err)
{
    char *tok[128];
    size_t nt = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (nt == sizeof tok / sizeof tok[0])
            return dg_error_at(err, DG_ERR_LIMIT, file, lineno, "more than %zu words on one audit rule line",
                               sizeof tok / sizeof tok[0]);
        tok[nt++] = t;
    }
    if (!nt) return 0;
    const char *watch = NULL, *perms = NULL, *key = NULL, *fpath = NULL, *fdir = NULL, *fperm = NULL;
    bool syscall_rule = false, never = false, exit_list = false, removal = false;
    for (size_t i = 0; i < nt; i++) {
        const char *o = tok[i];
        const char *arg = i + 1 < nt ? tok[i + 1] : NULL;
        if (!strcmp(o, "-D")) { drop_rules(h); continue; }
        if (o[0] != '-') return dg_error_at(err, DG_ERR_PARSE, file, lineno, "unexpected word '%s' in audit rule", o);
        if (!takes_arg(o)) continue;
        if (!arg) return dg_error_at(err, DG_ERR_PARSE, file, lineno, "audit option %s needs an argument", o);
        i++;
        if (!strcmp(o, "-w") || !strcmp(o, "-W")) {
            if (arg[0] != '/') return dg_error_at(err, DG_ERR_PARSE, file, lineno, "watch path '%s' is not absolute", arg);
            watch = arg;
            removal = o[1] == 'W';
        } else if (!strcmp(o, "-p")) {
            if (!valid_perms(arg))
                return dg_error_at(err, DG_ERR_PARSE, file, lineno, "bad permission filter '%s' (want a subset of rwxa)", arg);
            perms = arg;
        } else if (!strcmp(o, "-k")) {
            key = arg;
        } else if (!strcmp(o, "-a") || !strcmp(o, "-A")) {
            /* "always,exit" or "exit,always"; "never" suppresses. */
            char buf[64];
            if (strlen(arg) >= sizeof buf) return dg_error_at(err, DG_ERR_PARSE, file, lineno, "bad -a argument");
            strcpy(buf, arg);
            char *comma = strchr(buf, ',');
            if (!comma) return dg_error_at(err, DG_ERR_PARSE, file, lineno, "-a needs action,list (e.g. always,exit)");
            *comma = '\0';
            const char *x = buf, *y = comma + 1;
            const char *action = (!strcmp(x, "always") || !strcmp(x, "never")) ? x : y;
            const char *list = action == x ? y : x;
            if (strcmp(action, "always") != 0 && strcmp(action, "never") != 0)
                return dg_error_at(err, DG_ERR_PARSE, file, lineno, "unknown audit action in '%s'", arg);
            syscall_rule = true;
            never = !strcmp(action, "never");
            exit_list = !strcmp(list, "exit");
        } else if (!strcmp(o, "-F")) {
            if (dg_str_has_prefix(arg, "path=")) fpath = arg + 5;
            else if (dg_str_has_prefix(arg, "dir=")) fdir = arg + 4;
            else if (dg_str_has_prefix(arg, "perm=")) {
                fperm = arg + 5;
                if (!valid_perms(fperm))
                    return dg_error_at(err, DG_ERR_PARSE, file, lineno, "bad perm= filter '%s'", fperm);
            }
        }
    }
    if (h->naudit >= HOST_MAX_NRULES)
        return dg_error_at(err, DG_ERR_LIMIT, file, lineno, "more than %u audit rules", HOST_MAX_NRULES);
    if (watch) {
        if (removal) {
            /* -W removes a watch loaded earlier. */
            for (size_t i = h->naudit; i-- > 0;)
                if (!h->audit[i].dir && !strcmp(h->audit[i].path, watch) && !h->audit[i].never) {
                    free(h->audit[i].path);
                    free(h->audit[i].perms);
                    free(h->audit[i].key);
                    free(h->audit[i].file);
                    memmove(&h->audit[i], &h->audit[i + 1], (h->naudit - i - 1) * sizeof *h->audit);
                    h->naudit--;
                    break;
                }
            return 0;
        }
        /* A watch on a directory is recursive: record it as a dir rule
         * only when we later learn it is a directory (see covers). */
        add_rule(h, watch, perms, key, false, false, file, lineno);
    } else if (syscall_rule && exit_list && (fpath || fdir)) {
        if ((fpath && fpath[0] != '/') || (fdir && fdir[0] != '/'))
            return dg_error_at(err, DG_ERR_PARSE, file, lineno, "path/dir field must be absolute");
        add_rule(h, fpath ? fpath : fdir, fperm, key, fdir != NULL, never, file, lineno);
    }
    return 0;
}

int host_audit_parse(const char *text, size_t len, const char *file, struct host *h, struct dg_error *err)
{
    if (len > HOST_MAX_RULES) return dg_error_set(err, DG_ERR_LIMIT, "%s: larger than %u bytes", file, HOST_MAX_RULES);
    int lineno = 0, rc = 0;
    size_t i = 0;
    while (i < len && rc == 0) {
        size_t n = 0;
        while (i + n < len && text[i + n] != '\n') n++;
        lineno++;
        char *line = dg_xstrndup(text + i, n);
        i += n + 1;
        if (strlen(line) != n) {
            rc = dg_error_at(err, DG_ERR_PARSE, file, lineno, "NUL byte in audit rules");
        } else {
            char *hash = strchr(line, '#');
            if (hash) *hash = '\0';
            rc = parse_line(h, line, file, lineno, err);
        }
        free(line);
    }
    return rc;
}

/* "/var/run/x" and "/run/x" are one file on every current distribution. */
static const char *canon_run(const char *p)
{
    return dg_str_has_prefix(p, "/var/run/") ? p + 4 : (!strcmp(p, "/var/run") ? "/run" : p);
}

/* True when a is b or a directory containing b (component boundary). */
static bool path_covers(const char *a, const char *b, bool allow_subtree)
{
    a = canon_run(a);
    b = canon_run(b);
    if (!strcmp(a, b)) return true;
    if (!allow_subtree) return false;
    size_t n = strlen(a);
    if (n == 1 && a[0] == '/') return true;
    return strncmp(a, b, n) == 0 && b[n] == '/';
}

bool host_audit_covers(const struct host *h, const char *path, const struct host_audit_rule **which, const char **why)
{
    const struct host_audit_rule *partial = NULL;
    const char *reason = NULL;
    if (which) *which = NULL;
    if (why) *why = NULL;
    /* An "-a never" rule that matches first suppresses the later ones on
     * the exit list; auditd evaluates rules in order. */
    for (size_t i = 0; i < h->naudit; i++) {
        const struct host_audit_rule *r = &h->audit[i];
        /* Watches on directories are recursive; a dir= rule is a subtree.
         * Whether a watched path is a directory is recorded by host_collect
         * (it sets dir for watches whose path is a directory on the host). */
        if (!path_covers(r->path, path, r->dir)) continue;
        if (r->never) {
            if (why) *why = "an \"-a never\" rule suppresses auditing of this path";
            if (which) *which = r;
            return false;
        }
        if (r->perms && !strchr(r->perms, 'w')) {
            partial = r;
            reason = "the rule's permission filter does not include writes (w)";
            continue;
        }
        if (which) *which = r;
        return true;
    }
    if (partial) {
        if (which) *which = partial;
        if (why) *why = reason;
    }
    return false;
}
