/* Finding how dockerd runs on a host: the running process under the root's
 * /proc, else the systemd unit's ExecStart= (with drop-ins and the
 * EnvironmentFile= it reads), else /etc/default/docker or
 * /etc/sysconfig/docker; then daemon.json (or --config-file, or the rootless
 * ~/.config/docker/daemon.json), then the API's view. */
#include "host/host.h"
#include "host/internal.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/lazy_crypto.h"

/* ---- environment (EnvironmentFile=, Environment=) ------------------------ */

/* KEY=VALUE assignments with the file and line each came from, so that a
 * flag expanded from $DOCKER_OPTS points at the line that set it. */
struct envset {
    struct dg_strv kv;
    struct dg_strv file;
    int *line;
};

static void envset_push(struct envset *e, char *kv_owned, const char *file, int line)
{
    if (e->kv.n >= 1024) {
        free(kv_owned);
        return;
    }
    e->line = dg_xrealloc(e->line, (e->kv.n + 1) * sizeof *e->line);
    e->line[e->kv.n] = line;
    dg_strv_push_owned(&e->kv, kv_owned);
    dg_strv_push(&e->file, file);
}

static void envset_free(struct envset *e)
{
    dg_strv_free(&e->kv);
    dg_strv_free(&e->file);
    free(e->line);
    memset(e, 0, sizeof *e);
}

/* ---- command splitting (systemd ExecStart= rules, simplified) --------- */

/* Index of the effective assignment of name (later ones win), or -1. */
static long env_index(const struct dg_strv *env, const char *name, size_t n)
{
    if (!env) return -1;
    for (size_t i = env->n; i-- > 0;) {
        const char *e = env->v[i];
        if (strncmp(e, name, n) == 0 && e[n] == '=') return (long)i;
    }
    return -1;
}

static const char *env_lookup(const struct dg_strv *env, const char *name, size_t n)
{
    long i = env_index(env, name, n);
    return i < 0 ? NULL : env->v[i] + n + 1;
}

static void note_origin(long **origin, size_t idx, long v)
{
    if (!origin) return;
    *origin = dg_xrealloc(*origin, (idx + 1) * sizeof **origin);
    (*origin)[idx] = v;
}

static int push_words(struct dg_strv *out, const char *s, long **origin, long idx, struct dg_error *err)
{
    while (*s) {
        while (*s && isspace((unsigned char)*s)) s++;
        if (!*s) break;
        if (out->n >= HOST_MAX_ARGS)
            return dg_error_set(err, DG_ERR_LIMIT, "more than %u words in a command", HOST_MAX_ARGS);
        size_t n = 0;
        while (s[n] && !isspace((unsigned char)s[n])) n++;
        note_origin(origin, out->n, idx);
        dg_strv_push_owned(out, dg_xstrndup(s, n));
        s += n;
    }
    return 0;
}

/* origin (optional) gets, per word, the env index it was expanded from
 * (a bare $VAR word) or -1. */
static int split_command(const char *cmd, bool exec_line, const struct dg_strv *env, struct dg_strv *out, long **origin,
                         struct dg_error *err)
{
    const char *p = cmd;
    /* Prefixes that change how systemd runs an ExecStart= command, not its argv. */
    while (exec_line && (*p == '-' || *p == '@' || *p == '+' || *p == '!' || *p == ':')) p++;
    struct dg_buf w;
    dg_buf_init(&w, HOST_MAX_CONFIG);
    for (;;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        if (out->n >= HOST_MAX_ARGS) {
            dg_buf_free(&w);
            return dg_error_set(err, DG_ERR_LIMIT, "more than %u words in a command", HOST_MAX_ARGS);
        }
        /* A bare $VAR word expands to several words. */
        if (p[0] == '$' && p[1] != '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            size_t n = 1;
            while (isalnum((unsigned char)p[n]) || p[n] == '_') n++;
            if (!p[n] || isspace((unsigned char)p[n])) {
                long idx = env_index(env, p + 1, n - 1);
                if (idx >= 0 && push_words(out, env->v[idx] + n, origin, idx, err) != 0) {
                    dg_buf_free(&w);
                    return DG_ERR_LIMIT;
                }
                p += n;
                continue;
            }
        }
        dg_buf_init(&w, HOST_MAX_CONFIG);
        char quote = 0;
        while (*p && (quote || !isspace((unsigned char)*p))) {
            char c = *p;
            if (quote && c == quote) { quote = 0; p++; continue; }
            if (!quote && (c == '"' || c == '\'')) { quote = c; p++; continue; }
            if (c == '\\' && p[1] && quote != '\'') {
                dg_buf_putc(&w, p[1]);
                p += 2;
                continue;
            }
            if (c == '$' && p[1] == '{' && quote != '\'') {
                const char *end = strchr(p + 2, '}');
                if (!end) { dg_buf_free(&w); return dg_error_set(err, DG_ERR_PARSE, "unterminated ${ in command"); }
                const char *v = env_lookup(env, p + 2, (size_t)(end - p - 2));
                if (v && dg_buf_puts(&w, v) != 0) {
                    dg_buf_free(&w);
                    return dg_error_set(err, DG_ERR_LIMIT, "command too long");
                }
                p = end + 1;
                continue;
            }
            if (dg_buf_putc(&w, c) != 0) {
                dg_buf_free(&w);
                return dg_error_set(err, DG_ERR_LIMIT, "command too long");
            }
            p++;
        }
        if (quote) {
            dg_buf_free(&w);
            return dg_error_set(err, DG_ERR_PARSE, "unterminated %c quote in command", quote);
        }
        note_origin(origin, out->n, -1);
        dg_strv_push_owned(out, dg_buf_steal(&w));
    }
    dg_buf_free(&w);
    return 0;
}

int host_split_command(const char *cmd, const struct dg_strv *env, struct dg_strv *out, struct dg_error *err)
{
    return split_command(cmd, true, env, out, NULL, err);
}

/* KEY=VALUE lines (EnvironmentFile=, /etc/default/docker). */
static void env_file_read(const char *root, const char *path, struct envset *env)
{
    char *text = NULL;
    size_t len = 0;
    if (host_read(root, path, HOST_MAX_CONFIG, &text, &len, NULL) != 0) return;
    int lineno = 0;
    char *p = text;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        lineno++;
        char *line = dg_str_trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*line || *line == '#') continue;
        if (dg_str_has_prefix(line, "export ")) line += 7;
        char *eq = strchr(line, '=');
        if (!eq || eq == line) continue;
        *eq = '\0';
        char *v = eq + 1;
        size_t vl = strlen(v);
        if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
            v[vl - 1] = '\0';
            v++;
        }
        envset_push(env, dg_xasprintf("%s=%s", dg_str_trim(line), v), path, lineno);
    }
    free(text);
}

/* Where each of d->argv's words was written, when not the args source. */
struct argpos {
    const char **files;   /* per argv word; NULL = the args source */
    int *lines;
};

/* Appends words[from..] to d->argv, recording env-file origins. */
static void take_words(struct daemon_spec *d, const struct dg_strv *words, size_t from, const long *origin,
                       const struct envset *env, struct argpos *ap)
{
    for (size_t i = from; i < words->n; i++) {
        size_t k = d->argv.n;
        dg_strv_push(&d->argv, words->v[i]);
        ap->files = dg_xrealloc(ap->files, (k + 1) * sizeof *ap->files);
        ap->lines = dg_xrealloc(ap->lines, (k + 1) * sizeof *ap->lines);
        ap->files[k] = NULL;
        ap->lines[k] = 0;
        if (origin && origin[i] >= 0) {
            const char *f = env->file.v[origin[i]];
            size_t j = 0;
            while (j < d->arg_files.n && strcmp(d->arg_files.v[j], f) != 0) j++;
            if (j == d->arg_files.n) dg_strv_push(&d->arg_files, f);
            ap->files[k] = d->arg_files.v[j];
            ap->lines[k] = env->line[origin[i]];
        }
    }
}

static const char *const unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
                                        "/usr/lib/systemd/system", NULL};

/* Path of a unit as systemd would pick it (first directory wins), or NULL. */
char *host_unit_find(const char *root, const char *name)
{
    for (size_t i = 0; unit_dirs[i]; i++) {
        char *p = dg_xasprintf("%s/%s", unit_dirs[i], name);
        struct host_stat st;
        host_stat_path(root, p, &st);
        if (st.state == 1 && st.type == 'f') return p;
        free(p);
    }
    return NULL;
}

struct exec_start {
    char *value;    /* last effective ExecStart= */
    char *file;
    int line;
};

/* Reads one unit file or drop-in, applying ExecStart= (an empty value
 * resets) and collecting EnvironmentFile=/Environment=. */
static void unit_apply(const char *root, const char *path, struct exec_start *es, struct envset *env)
{
    char *text = NULL;
    size_t len = 0;
    if (host_read(root, path, HOST_MAX_CONFIG, &text, &len, NULL) != 0) return;
    int lineno = 0;
    bool in_service = false;
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        int start_line = lineno;
        /* Join backslash continuations. */
        struct dg_buf lb;
        dg_buf_init(&lb, HOST_MAX_CONFIG);
        dg_buf_append(&lb, p, n);
        p += n + (nl ? 1 : 0);
        while (lb.len && lb.data[lb.len - 1] == '\\' && *p) {
            lb.data[--lb.len] = ' ';
            nl = strchr(p, '\n');
            n = nl ? (size_t)(nl - p) : strlen(p);
            lineno++;
            dg_buf_append(&lb, p, n);
            p += n + (nl ? 1 : 0);
        }
        char empty[1] = "";
        char *line = dg_str_trim(lb.data ? lb.data : empty);
        if (*line == '[') in_service = strcmp(line, "[Service]") == 0;
        else if (in_service && *line != '#' && *line != ';') {
            char *eq = strchr(line, '=');
            if (eq) {
                *eq = '\0';
                char *key = dg_str_trim(line), *val = dg_str_trim(eq + 1);
                if (!strcmp(key, "ExecStart")) {
                    free(es->value);
                    free(es->file);
                    es->value = *val ? dg_xstrdup(val) : NULL;
                    es->file = *val ? dg_xstrdup(path) : NULL;
                    es->line = start_line;
                } else if (!strcmp(key, "EnvironmentFile")) {
                    env_file_read(root, val[0] == '-' ? val + 1 : val, env);
                } else if (!strcmp(key, "Environment")) {
                    struct dg_strv words = {0};
                    if (split_command(val, false, NULL, &words, NULL, NULL) == 0)
                        for (size_t i = 0; i < words.n; i++)
                            if (strchr(words.v[i], '=')) envset_push(env, dg_xstrdup(words.v[i]), path, start_line);
                    dg_strv_free(&words);
                }
            }
        }
        dg_buf_free(&lb);
    }
    free(text);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* docker.service plus its drop-ins (docker.service.d/ *.conf, sorted). */
static int args_from_unit(const char *root, struct daemon_spec *d, struct argpos *ap, struct dg_error *err)
{
    char *unit = host_unit_find(root, "docker.service");
    if (!unit) return 0;
    struct exec_start es = {0};
    struct envset env = {0};
    unit_apply(root, unit, &es, &env);
    struct dg_strv dropins = {0};
    for (size_t i = 0; unit_dirs[i]; i++) {
        char *dir = dg_xasprintf("%s/docker.service.d", unit_dirs[i]);
        char *real = host_resolve(root, dir);
        DIR *dh = real ? opendir(real) : NULL;
        struct dirent *e;
        while (dh && (e = readdir(dh)) && dropins.n < 256)
            if (dg_str_has_suffix(e->d_name, ".conf")) dg_strv_push_owned(&dropins, dg_xasprintf("%s/%s", dir, e->d_name));
        if (dh) closedir(dh);
        free(real);
        free(dir);
    }
    /* systemd orders drop-ins by file name across directories. */
    if (dropins.n) qsort(dropins.v, dropins.n, sizeof *dropins.v, cmp_str);
    for (size_t i = 0; i < dropins.n; i++) unit_apply(root, dropins.v[i], &es, &env);
    int rc = 0;
    if (es.value) {
        struct dg_strv words = {0};
        struct dg_error e = {0};
        long *origin = NULL;
        if (split_command(es.value, true, &env.kv, &words, &origin, &e) != 0) {
            rc = dg_error_at(err, e.code, es.file, es.line, "ExecStart: %s", e.msg);
        } else if (words.n > 0) {
            if (words.v[0][0] == '/') d->exe = dg_xstrdup(words.v[0]);
            take_words(d, &words, 1, origin, &env, ap);
            free(d->args_source);
            d->args_source = dg_xstrdup(es.file);
            d->args_line = es.line;
        }
        dg_strv_free(&words);
        free(origin);
    }
    free(es.value);
    free(es.file);
    envset_free(&env);
    dg_strv_free(&dropins);
    free(unit);
    return rc;
}

static const char *arg_value(const struct dg_strv *argv, const char *flag);

/* Reads /proc/<pid>/cmdline under root into argv (argv[0] into *exe). */
static bool read_cmdline(const char *root, long pid, struct dg_strv *argv, char **exe)
{
    char *p = dg_xasprintf("/proc/%ld/cmdline", pid);
    char *cmd = NULL;
    size_t len = 0;
    int rc = host_read(root, p, 256 * 1024, &cmd, &len, NULL);
    free(p);
    if (rc != 0) return false;
    size_t i = 0, word = 0;
    while (i < len && argv->n < HOST_MAX_ARGS) {
        size_t n = strnlen(cmd + i, len - i);
        if (word == 0) {
            if (cmd[i] == '/' && exe) *exe = dg_xstrndup(cmd + i, n);
        } else {
            dg_strv_push_owned(argv, dg_xstrndup(cmd + i, n));
        }
        word++;
        i += n + 1;
    }
    free(cmd);
    return true;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* The running dockerd under root/proc. With several (a test daemon next to
 * the system one), the one whose data root is the API's DockerRootDir is
 * the one the API answers for; otherwise the lowest pid. */
static bool args_from_proc(const char *root, struct daemon_spec *d, const char *want_data_root, long only_pid)
{
    char *procdir = host_join(root, "/proc");
    DIR *dh = opendir(procdir);
    free(procdir);
    if (!dh) return false;
    long pids[64];
    size_t npids = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && npids < sizeof pids / sizeof pids[0]) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || (only_pid > 0 && pid != only_pid)) continue;
        char *p = dg_xasprintf("/proc/%ld/comm", pid);
        char *comm = NULL;
        size_t len = 0;
        int rc = host_read(root, p, 4096, &comm, &len, NULL);
        free(p);
        if (rc == 0 && strcmp(dg_str_trim(comm), "dockerd") == 0) pids[npids++] = pid;
        free(comm);
    }
    closedir(dh);
    if (!npids) return false;
    qsort(pids, npids, sizeof pids[0], cmp_long);
    long best = 0;
    for (size_t k = 0; k < npids && want_data_root && !best; k++) {
        struct dg_strv argv = {0};
        if (read_cmdline(root, pids[k], &argv, NULL)) {
            const char *dr = arg_value(&argv, "--data-root");
            if (!dr) dr = arg_value(&argv, "-g");
            if (!dr) dr = arg_value(&argv, "--graph");
            if (!strcmp(dr ? dr : "/var/lib/docker", want_data_root)) best = pids[k];
        }
        dg_strv_free(&argv);
    }
    if (!best) best = pids[0];
    if (!read_cmdline(root, best, &d->argv, &d->exe)) return false;
    char *p = dg_xasprintf("/proc/%ld/cmdline", best);
    d->pid = (int)best;
    free(d->args_source);
    d->args_source = p;
    d->args_line = 0;
    size_t len = 0;
    /* Real uid, for rootless daemons. */
    char *sp = dg_xasprintf("/proc/%ld/status", best);
    char *status = NULL;
    if (host_read(root, sp, 64 * 1024, &status, &len, NULL) == 0) {
        const char *u = strstr(status, "\nUid:");
        if (u) d->uid = (unsigned)strtoul(u + 5, NULL, 10);
    }
    free(status);
    free(sp);
    /* The binary's real path: only the auditor's own /proc can say. */
    if (host_root_is_slash(root)) {
        char *ep = dg_xasprintf("/proc/%ld/exe", best);
        char buf[4096];
        ssize_t n = readlink(ep, buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = '\0';
            free(d->exe);
            d->exe = dg_xstrdup(buf);
        }
        free(ep);
    }
    return true;
}

/* sysvinit/upstart style: DOCKER_OPTS or OPTIONS in an environment file. */
static void args_from_env_files(const char *root, struct daemon_spec *d)
{
    static const char *const files[] = {"/etc/default/docker", "/etc/sysconfig/docker"};
    for (size_t f = 0; f < 2; f++) {
        struct envset env = {0};
        env_file_read(root, files[f], &env);
        long idx = env_index(&env.kv, "DOCKER_OPTS", 11);
        size_t skip = 12;
        if (idx < 0) {
            idx = env_index(&env.kv, "OPTIONS", 7);
            skip = 8;
        }
        if (idx >= 0) {
            struct dg_strv words = {0};
            if (split_command(env.kv.v[idx] + skip, false, NULL, &words, NULL, NULL) == 0) {
                for (size_t i = 0; i < words.n; i++) dg_strv_push(&d->argv, words.v[i]);
                free(d->args_source);
                d->args_source = dg_xstrdup(files[f]);
                d->args_line = env.line[idx];
            }
            dg_strv_free(&words);
        }
        envset_free(&env);
        if (d->args_source) return;
    }
}

static const char *arg_value(const struct dg_strv *argv, const char *flag)
{
    size_t fl = strlen(flag);
    for (size_t i = 0; i < argv->n; i++) {
        const char *a = argv->v[i];
        if (strncmp(a, flag, fl) == 0 && a[fl] == '=') return a + fl + 1;
        if (strcmp(a, flag) == 0 && i + 1 < argv->n) return argv->v[i + 1];
    }
    return NULL;
}

static bool arg_present(const struct dg_strv *argv, const char *flag)
{
    for (size_t i = 0; i < argv->n; i++)
        if (!strcmp(argv->v[i], flag) || !strcmp(argv->v[i], "--rootless=true")) return true;
    return false;
}

static int collect(const char *root, int pid, const json_t *info, const json_t *version, struct daemon_spec *d,
                   struct dg_error *err)
{
    ds_init(d);
    if (!root) root = "/";
    int rc = 0;
    struct dg_error e = {0};
    const char *want = json_string_value(json_object_get(info, "DockerRootDir"));
    struct argpos ap = {0};
    bool found = args_from_proc(root, d, want, pid);
    if (!found && pid > 0) found = args_from_proc(root, d, want, 0);
    if (!found) {
        if (args_from_unit(root, d, &ap, &e) != 0 && !rc) rc = dg_error_set(err, e.code, "%s", e.msg);
        if (!d->args_source) args_from_env_files(root, d);
    }
    /* Which daemon.json: --config-file, else the rootless user's, else /etc/docker. */
    const char *cf = arg_value(&d->argv, "--config-file");
    bool rootless = arg_present(&d->argv, "--rootless") || (d->pid && d->uid != 0);
    if (cf) {
        d->config_path = dg_xstrdup(cf);
    } else if (rootless) {
        char *home = host_home_of(root, d->uid);
        d->config_path = home ? dg_xasprintf("%s/.config/docker/daemon.json", home) : NULL;
        free(home);
    }
    if (!d->config_path) d->config_path = dg_xstrdup("/etc/docker/daemon.json");
    char *text = NULL;
    size_t len = 0;
    dg_error_clear(&e);
    int r = host_read(root, d->config_path, HOST_MAX_CONFIG, &text, &len, &e);
    if (r == 0) {
        r = daemon_json_parse(text, len, d->config_path, d, &e);
        if (r != 0 && !rc) rc = dg_error_set(err, e.code, "%s", e.msg);
    } else if (r != DG_ERR_NOTFOUND) {
        /* Unreadable (permission) or too large: say so, rules then skip. */
        d->config_exists = true;
        free(d->config_error);
        d->config_error = dg_xstrdup(e.msg);
        if (r == DG_ERR_LIMIT && !rc) rc = dg_error_set(err, r, "%s", e.msg);
    }
    free(text);
    if (d->argv.n) {
        dg_error_clear(&e);
        if (daemon_args_apply(&d->argv, ap.files, ap.lines, d, &e) != 0 && !rc)
            rc = dg_error_set(err, e.code, "%s", e.msg);
    }
    free(ap.files);
    free(ap.lines);
    if (rootless && d->rootless < 0) d->rootless = 1;
    daemon_info_apply(d, info, version);
    return rc;
}

int daemon_spec_collect(const char *root, const json_t *info, const json_t *version, struct daemon_spec *d,
                        struct dg_error *err)
{
    return collect(root, 0, info, version, d, err);
}

int daemon_spec_collect_pid(const char *root, int pid, const json_t *info, const json_t *version,
                            struct daemon_spec *d, struct dg_error *err)
{
    return collect(root, pid > 0 ? pid : 0, info, version, d, err);
}

/* ---- swarm and networks ----------------------------------------------- */

static char *jstr_or_null(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? dg_xstrdup(s) : NULL;
}

static int64_t asn1_to_unix(const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return (int64_t)timegm(&tm);
}

static void trust_root_validity(struct ds_swarm *s, const char *pem)
{
    struct dg_error ignored;
    /* Without libcrypto the CA's dates stay unknown (0), as for a PEM that
     * does not parse; the swarm rules treat unknown as not checkable. */
    if (lazylib_crypto(&ignored) != 0) return;
    BIO *b = BIO_new_mem_buf(pem, -1);
    if (!b) return;
    X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    if (x) {
        s->ca_not_before = asn1_to_unix(X509_get0_notBefore(x));
        s->ca_not_after = asn1_to_unix(X509_get0_notAfter(x));
        X509_free(x);
    }
    BIO_free(b);
}

int daemon_spec_add_api_objects(struct daemon_spec *d, const json_t *swarm, const json_t *networks,
                                const json_t *services, const json_t *secrets, struct dg_error *err)
{
    (void)err;
    struct ds_swarm *s = &d->swarm;
    if (json_is_object(swarm)) {
        s->present = true;
        const json_t *spec = json_object_get(swarm, "Spec");
        const json_t *al = json_object_get(json_object_get(spec, "EncryptionConfig"), "AutoLockManagers");
        s->autolock = json_is_boolean(al) ? json_is_true(al) : 0; /* absent = off (omitempty) */
        const json_t *exp = json_object_get(json_object_get(spec, "CAConfig"), "NodeCertExpiry");
        if (json_is_integer(exp)) s->node_cert_expiry_s = (int64_t)(json_integer_value(exp) / 1000000000LL);
        const char *pem = json_string_value(json_object_get(json_object_get(swarm, "TLSInfo"), "TrustRoot"));
        if (pem && strlen(pem) < 64 * 1024) trust_root_validity(s, pem);
    }
    if (json_is_array(networks)) {
        size_t i;
        json_t *n;
        json_array_foreach(networks, i, n) {
            const char *drv = json_string_value(json_object_get(n, "Driver"));
            const char *name = json_string_value(json_object_get(n, "Name"));
            const json_t *opts = json_object_get(n, "Options");
            if (!drv || !name) continue;
            if (!strcmp(drv, "bridge") && !strcmp(name, "bridge")) {
                const char *icc = json_string_value(json_object_get(opts, "com.docker.network.bridge.enable_icc"));
                if (icc) d->info.bridge_icc = strcmp(icc, "false") != 0;
            } else if (!strcmp(drv, "overlay") && s->nnetworks < 10000) {
                s->networks = dg_xrealloc(s->networks, (s->nnetworks + 1) * sizeof *s->networks);
                struct ds_network *nw = &s->networks[s->nnetworks++];
                nw->name = dg_xstrdup(name);
                nw->id = jstr_or_null(n, "Id");
                nw->encrypted = json_object_get(opts, "encrypted") != NULL;
                nw->ingress = json_is_true(json_object_get(n, "Ingress"));
            }
        }
    }
    if (json_is_array(services)) {
        s->nservices = (int)json_array_size(services);
        s->services_with_secrets = 0;
        size_t i;
        json_t *sv;
        json_array_foreach(services, i, sv) {
            const json_t *cs = json_object_get(json_object_get(json_object_get(sv, "Spec"), "TaskTemplate"),
                                               "ContainerSpec");
            if (json_array_size(json_object_get(cs, "Secrets")) > 0) s->services_with_secrets++;
        }
    }
    if (json_is_array(secrets)) s->nsecrets = (int)json_array_size(secrets);
    return 0;
}
