/* docker/podman run and create command lines -> container_spec: a small
 * shell word splitter (quotes, backslashes, line continuations, $VAR and
 * $(...) kept verbatim) and an argument parser that follows the Docker CLI
 * (pflag): long and short flags, --flag=value, combined short flags, and a
 * table of the flags that take a value so that the image is found. */
#include "runline/runline.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- flag table -------------------------------------------------------- */

/* Long flags of `docker run`/`create` (and podman's common ones) that take
 * a value. Every other flag is boolean; that is what decides where the
 * image name is. */
static const char *const value_flags[] = {
    "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop",
    "cgroup-parent", "cgroupns", "cidfile", "cpu-count", "cpu-percent", "cpu-period", "cpu-quota",
    "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems", "detach-keys",
    "device", "device-cgroup-rule", "device-read-bps", "device-read-iops", "device-write-bps",
    "device-write-iops", "dns", "dns-option", "dns-opt", "dns-search", "domainname", "entrypoint", "env",
    "env-file", "expose", "gpus", "group-add", "health-cmd", "health-interval", "health-retries",
    "health-start-period", "health-start-interval", "health-timeout", "hostname", "io-maxbandwidth",
    "io-maxiops", "ip", "ip6", "ipc", "isolation", "kernel-memory", "label", "label-file", "link",
    "link-local-ip", "log-driver", "log-opt", "mac-address", "memory", "memory-reservation", "memory-swap",
    "memory-swappiness", "mount", "name", "network", "net", "network-alias", "net-alias", "pid", "pids-limit",
    "platform", "publish", "pull", "restart", "runtime", "security-opt", "shm-size", "stop-signal",
    "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume",
    "volume-driver", "volumes-from", "workdir", "secret", "pod", "arch", "os", "variant", "hooks-dir",
    "uidmap", "gidmap", "subuidname", "subgidname", "timeout", "log-level", "chrootdirs", "personality",
    "requires", "sdnotify", "seccomp-policy", "umask", "init-path", "env-merge", "decryption-key",
    "preserve-fd", "group-entry", "passwd-entry", "pidfile", "retry", "retry-delay", "infra-name"};

/* Short flags that take a value. */
static const char short_value[] = "aceghlmpuvw";

static bool is_value_flag(const char *name)
{
    for (size_t i = 0; i < sizeof value_flags / sizeof value_flags[0]; i++)
        if (!strcmp(name, value_flags[i])) return true;
    return false;
}

static const char *short_long(char c)
{
    switch (c) {
    case 'a': return "attach";
    case 'c': return "cpu-shares";
    case 'e': return "env";
    case 'h': return "hostname";
    case 'l': return "label";
    case 'm': return "memory";
    case 'p': return "publish";
    case 'u': return "user";
    case 'v': return "volume";
    case 'w': return "workdir";
    case 'd': return "detach";
    case 'i': return "interactive";
    case 't': return "tty";
    case 'P': return "publish-all";
    case 'q': return "quiet";
    default: return NULL;
    }
}

/* ---- mapping ----------------------------------------------------------- */

static bool bool_value(const char *v)
{
    return !v || !(strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "f") == 0);
}

static int64_t parse_int(const char *v)
{
    if (!v) return 0;
    errno = 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end) return 0;
    return n;
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? dg_xstrdup(v) : NULL;
}

/* Host IP, host port range and container port range with protocol:
 * "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80", "[::]:80:80",
 * "8000-8010:8000-8010/udp". */
static void parse_range(const char *s, size_t n, unsigned *lo, unsigned *hi)
{
    *lo = *hi = 0;
    char buf[32];
    if (n == 0 || n >= sizeof buf) return;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *dash = strchr(buf, '-');
    if (dash) *dash = '\0';
    long a = strtol(buf, NULL, 10), b = dash ? strtol(dash + 1, NULL, 10) : a;
    if (a < 0 || a > 65535 || b < 0 || b > 65535) return;
    *lo = (unsigned)a;
    *hi = (unsigned)b;
}

static void map_port(struct container_spec *c, const char *v, struct dg_pos pos)
{
    struct cs_port *p = cs_add_port(c);
    p->raw = dg_xstrdup(v);
    p->pos = pos;
    p->published = true;
    const char *slash = strrchr(v, '/');
    size_t n = slash ? (size_t)(slash - v) : strlen(v);
    p->proto = dg_xstrdup(slash ? slash + 1 : "tcp");
    const char *end = v + n;
    const char *last = NULL;
    for (const char *q = v; q < end; q++)
        if (*q == ':') last = q;
    if (!last) {
        parse_range(v, n, &p->ctr_lo, &p->ctr_hi);
        return;
    }
    parse_range(last + 1, (size_t)(end - last - 1), &p->ctr_lo, &p->ctr_hi);
    /* rest = [ip:]hostport */
    const char *rest = v;
    size_t rn = (size_t)(last - v);
    if (rn && rest[0] == '[') {
        const char *rb = memchr(rest, ']', rn);
        if (rb) {
            p->host_ip = dg_xstrndup(rest + 1, (size_t)(rb - rest - 1));
            if (rb + 1 < last && rb[1] == ':') parse_range(rb + 2, (size_t)(last - rb - 2), &p->host_lo, &p->host_hi);
            return;
        }
    }
    const char *c2 = NULL;
    for (const char *q = rest; q < last; q++)
        if (*q == ':') c2 = q;
    if (c2) {
        p->host_ip = dg_xstrndup(rest, (size_t)(c2 - rest));
        parse_range(c2 + 1, (size_t)(last - c2 - 1), &p->host_lo, &p->host_hi);
    } else {
        parse_range(rest, rn, &p->host_lo, &p->host_hi);
    }
}

static bool looks_like_host_path(const char *s)
{
    return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '$';
}

static void mount_opt(struct cs_mount *m, const char *o, size_t n)
{
    static const char *const props[] = {"shared", "rshared", "slave", "rslave", "private", "rprivate"};
    if (n == 2 && !strncmp(o, "ro", 2)) m->read_only = true;
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        if (strlen(props[i]) == n && !strncmp(o, props[i], n)) set_str(&m->propagation, props[i]);
}

/* -v [SRC:]DST[:OPTS] */
static void map_volume(struct container_spec *c, const char *v, struct dg_pos pos)
{
    struct cs_mount *m = cs_add_mount(c);
    m->raw = dg_xstrdup(v);
    m->pos = pos;
    const char *c1 = strchr(v, ':');
    if (!c1) {
        m->type = CS_MOUNT_VOLUME;
        m->target = dg_xstrdup(v);
        return;
    }
    char *src = dg_xstrndup(v, (size_t)(c1 - v));
    const char *dst = c1 + 1;
    const char *c2 = strchr(dst, ':');
    m->target = c2 ? dg_xstrndup(dst, (size_t)(c2 - dst)) : dg_xstrdup(dst);
    if (c2)
        for (const char *o = c2 + 1; *o;) {
            size_t n = strcspn(o, ",");
            mount_opt(m, o, n);
            o += n;
            if (*o) o++;
        }
    m->type = looks_like_host_path(src) ? CS_MOUNT_BIND : CS_MOUNT_VOLUME;
    m->source = src;
}

/* --mount type=bind,source=/x,target=/y,readonly,bind-propagation=shared */
static void map_mount(struct container_spec *c, const char *v, struct dg_pos pos)
{
    struct cs_mount *m = cs_add_mount(c);
    m->raw = dg_xstrdup(v);
    m->pos = pos;
    m->type = CS_MOUNT_VOLUME; /* Docker's default type */
    for (const char *o = v; *o;) {
        size_t n = strcspn(o, ",");
        const char *eq = memchr(o, '=', n);
        size_t kn = eq ? (size_t)(eq - o) : n;
        char *val = eq ? dg_xstrndup(eq + 1, n - kn - 1) : NULL;
#define KEY(k) (kn == strlen(k) && !strncasecmp(o, k, kn))
        if (KEY("type") && val) {
            m->type = !strcmp(val, "bind") ? CS_MOUNT_BIND : !strcmp(val, "tmpfs") ? CS_MOUNT_TMPFS
                    : !strcmp(val, "npipe") ? CS_MOUNT_NPIPE : !strcmp(val, "cluster") ? CS_MOUNT_CLUSTER
                    : CS_MOUNT_VOLUME;
        } else if (KEY("source") || KEY("src")) {
            set_str(&m->source, val);
        } else if (KEY("target") || KEY("dst") || KEY("destination")) {
            set_str(&m->target, val);
        } else if (KEY("readonly") || KEY("ro")) {
            m->read_only = bool_value(val);
        } else if (KEY("bind-propagation") && val) {
            set_str(&m->propagation, val);
        }
#undef KEY
        free(val);
        o += n;
        if (*o) o++;
    }
}

static void map_kv(struct cs_kvs *l, const char *v, struct dg_pos pos, bool env)
{
    const char *eq = strchr(v, '=');
    char *key = eq ? dg_xstrndup(v, (size_t)(eq - v)) : dg_xstrdup(v);
    cs_kvs_push(l, key, eq ? eq + 1 : NULL, pos);
    /* A value that is (or holds) a variable is filled in when the line runs. */
    if (env && eq && strchr(eq + 1, '$')) l->v[l->n - 1].value_is_ref = true;
    free(key);
}

static void map_flag(struct container_spec *c, const char *name, const char *v, struct dg_pos pos)
{
#define IS(n) (!strcmp(name, n))
#define P(f) (c->pos[f] = pos)
    int64_t b;
    if (IS("privileged")) { c->privileged = bool_value(v); P(CS_PRIVILEGED); }
    else if (IS("read-only")) { c->read_only = bool_value(v); P(CS_READ_ONLY); }
    else if (IS("publish-all")) { c->publish_all = bool_value(v); P(CS_PUBLISH_ALL); }
    else if (IS("init")) { c->init = bool_value(v); P(CS_INIT); }
    else if (IS("oom-kill-disable")) { c->oom_kill_disable = bool_value(v); P(CS_OOM_KILL_DISABLE); }
    else if (IS("no-healthcheck")) { if (bool_value(v)) c->healthcheck = -1; P(CS_HEALTHCHECK); }
    else if (!v) return;
    else if (IS("cap-add")) cs_strs_push(&c->cap_add, v, pos), P(CS_CAP_ADD);
    else if (IS("cap-drop")) cs_strs_push(&c->cap_drop, v, pos), P(CS_CAP_DROP);
    else if (IS("security-opt")) cs_strs_push(&c->security_opt, v, pos), P(CS_SECURITY_OPT);
    else if (IS("device")) cs_strs_push(&c->devices, v, pos), P(CS_DEVICES);
    else if (IS("tmpfs")) cs_strs_push(&c->tmpfs, v, pos), P(CS_TMPFS);
    else if (IS("env-file")) cs_strs_push(&c->env_files, v, pos), P(CS_ENV);
    else if (IS("secret")) cs_strs_push(&c->secrets, v, pos);
    else if (IS("volume")) map_volume(c, v, pos), P(CS_VOLUMES);
    else if (IS("mount")) map_mount(c, v, pos), P(CS_VOLUMES);
    else if (IS("publish")) map_port(c, v, pos), P(CS_PORTS);
    else if (IS("env")) map_kv(&c->env, v, pos, true), P(CS_ENV);
    else if (IS("sysctl")) map_kv(&c->sysctls, v, pos, false), P(CS_SYSCTLS);
    else if (IS("ulimit")) map_kv(&c->ulimits, v, pos, false), P(CS_ULIMITS);
    else if (IS("label")) map_kv(&c->labels, v, pos, false);
    else if (IS("user")) set_str(&c->user, v), P(CS_USER);
    else if (IS("name")) set_str(&c->name, v), P(CS_NAME);
    else if (IS("network") || IS("net")) set_str(&c->network_mode, v), P(CS_NETWORK);
    else if (IS("pid")) set_str(&c->pid_mode, v), P(CS_PID);
    else if (IS("ipc")) set_str(&c->ipc_mode, v), P(CS_IPC);
    else if (IS("uts")) set_str(&c->uts_mode, v), P(CS_UTS);
    else if (IS("userns")) set_str(&c->userns_mode, v), P(CS_USERNS);
    else if (IS("cgroup-parent")) set_str(&c->cgroup_parent, v), P(CS_CGROUP_PARENT);
    else if (IS("cgroupns")) set_str(&c->cgroupns_mode, v), P(CS_CGROUPNS);
    else if (IS("memory")) { if (cs_parse_bytes(v, &b) == 0) c->memory = b; P(CS_MEMORY); }
    else if (IS("memory-reservation")) { if (cs_parse_bytes(v, &b) == 0) c->memory_reservation = b; P(CS_MEMORY_RESERVATION); }
    else if (IS("memory-swap")) {
        if (!strcmp(v, "-1")) c->memory_swap = -1;
        else if (cs_parse_bytes(v, &b) == 0) c->memory_swap = b;
        P(CS_MEMORY_SWAP);
    } else if (IS("cpus")) {
        double d = strtod(v, NULL);
        if (d > 0 && d < 1e6) c->nano_cpus = (int64_t)(d * 1e9);
        P(CS_CPUS);
    } else if (IS("cpu-quota")) { c->cpu_quota = parse_int(v); P(CS_CPU_QUOTA); }
    else if (IS("cpu-period")) c->cpu_period = parse_int(v);
    else if (IS("cpu-shares")) { c->cpu_shares = parse_int(v); P(CS_CPU_SHARES); }
    else if (IS("pids-limit")) { c->pids_limit = parse_int(v); P(CS_PIDS_LIMIT); }
    else if (IS("health-cmd")) { c->healthcheck = 1; set_str(&c->health_test, v); P(CS_HEALTHCHECK); }
    else if (IS("restart")) {
        const char *col = strchr(v, ':');
        free(c->restart_name);
        c->restart_name = col ? dg_xstrndup(v, (size_t)(col - v)) : dg_xstrdup(v);
        c->restart_max = col ? (int)parse_int(col + 1) : 0;
        P(CS_RESTART);
    }
#undef IS
#undef P
}

int runline_parse_args(const char *file, char *const *argv, const int *lines, const int *cols, size_t argc,
                       struct container_spec *c)
{
    for (size_t i = 0; i < argc; i++) {
        const char *a = argv[i];
        struct dg_pos pos = {file, lines ? lines[i] : 0, cols ? cols[i] : 0};
        if (!strcmp(a, "--")) {
            i++;
            if (i < argc) goto image;
            return 1;
        }
        if (a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            char *name = eq ? dg_xstrndup(a + 2, (size_t)(eq - a - 2)) : dg_xstrdup(a + 2);
            const char *v = eq ? eq + 1 : NULL;
            if (!eq && is_value_flag(name) && i + 1 < argc) v = argv[++i];
            map_flag(c, name, v, pos);
            free(name);
            continue;
        }
        if (a[0] == '-' && a[1]) {
            /* -itd, -dp 80:80, -p80:80, -e=X (pflag accepts the '='). */
            for (size_t k = 1; a[k]; k++) {
                const char *lname = short_long(a[k]);
                if (strchr(short_value, a[k])) {
                    const char *v = a[k + 1] ? a + k + 1 : (i + 1 < argc ? argv[++i] : NULL);
                    if (v && *v == '=' && a[k + 1]) v++;
                    if (lname) map_flag(c, lname, v, pos);
                    break;
                }
                if (lname) map_flag(c, lname, NULL, pos);
            }
            continue;
        }
    image:
        set_str(&c->image, argv[i]);
        c->pos[CS_IMAGE] = (struct dg_pos){file, lines ? lines[i] : 0, cols ? cols[i] : 0};
        return 0;
    }
    return 1;
}

/* ---- shell words ------------------------------------------------------- */

struct word {
    char *s;
    int line, col;
};

struct words {
    struct word *v;
    size_t n, cap;
};

static void words_clear(struct words *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->v[i].s);
    w->n = 0;
}

struct lexer {
    const char *t;
    size_t len, i;
    int line;
    size_t line_start;
};

static int lx_peek(const struct lexer *lx, size_t k) { return lx->i + k < lx->len ? (unsigned char)lx->t[lx->i + k] : -1; }

static void lx_adv(struct lexer *lx)
{
    if (lx->t[lx->i] == '\n') {
        lx->line++;
        lx->line_start = lx->i + 1;
    }
    lx->i++;
}

/* Reads one command's words up to an unquoted newline or command separator.
 * Returns 0, or an error for an unterminated quote / too many words. */
static int lx_command(struct lexer *lx, struct words *out, const char *file, struct dg_error *err)
{
    words_clear(out);
    struct dg_buf b;
    dg_buf_init(&b, 0);
    for (;;) {
        /* blanks and continuations */
        while (lx->i < lx->len) {
            int ch = lx_peek(lx, 0);
            if (ch == ' ' || ch == '\t' || ch == '\r') lx_adv(lx);
            else if (ch == '\\' && lx_peek(lx, 1) == '\n') { lx_adv(lx); lx_adv(lx); }
            else if (ch == '\\' && lx_peek(lx, 1) == '\r' && lx_peek(lx, 2) == '\n') { lx_adv(lx); lx_adv(lx); lx_adv(lx); }
            else break;
        }
        int ch = lx_peek(lx, 0);
        if (ch < 0) break;
        if (ch == '\n' || ch == ';' || ch == '&' || ch == '|' || ch == '(' || ch == ')' || ch == '`') {
            lx_adv(lx);
            break;
        }
        if (ch == '#') { /* comment to end of line */
            while (lx->i < lx->len && lx->t[lx->i] != '\n') lx_adv(lx);
            continue;
        }
        int wline = lx->line, wcol = (int)(lx->i - lx->line_start) + 1;
        bool any = false;
        while (lx->i < lx->len) {
            ch = lx_peek(lx, 0);
            if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ';' || ch == '&' || ch == '|' ||
                ch == ')' || ch == '`' || (ch == '(' && !any))
                break;
            any = true;
            if (ch == '\\') {
                lx_adv(lx);
                if (lx->i >= lx->len) break;
                if (lx->t[lx->i] == '\n') { lx_adv(lx); continue; }
                dg_buf_putc(&b, lx->t[lx->i]);
                lx_adv(lx);
            } else if (ch == '\'' || ch == '"') {
                int q = ch, qline = lx->line;
                lx_adv(lx);
                while (lx->i < lx->len && lx->t[lx->i] != q) {
                    if (q == '"' && lx->t[lx->i] == '\\' && lx->i + 1 < lx->len &&
                        strchr("\"\\$`\n", lx->t[lx->i + 1])) {
                        lx_adv(lx);
                        if (lx->t[lx->i] == '\n') { lx_adv(lx); continue; }
                    }
                    dg_buf_putc(&b, lx->t[lx->i]);
                    lx_adv(lx);
                }
                if (lx->i >= lx->len) {
                    dg_buf_free(&b);
                    return dg_error_at(err, DG_ERR_PARSE, file, qline, "unterminated %s quote in a run command",
                                       q == '"' ? "double" : "single");
                }
                lx_adv(lx);
            } else if (ch == '$' && (lx_peek(lx, 1) == '(' || lx_peek(lx, 1) == '{')) {
                /* $(...) / ${...} kept verbatim as a reference, nesting counted */
                int open = lx_peek(lx, 1), close = open == '(' ? ')' : '}', depth = 0;
                dg_buf_putc(&b, '$');
                lx_adv(lx);
                do {
                    int c2 = lx_peek(lx, 0);
                    if (c2 == open) depth++;
                    else if (c2 == close) depth--;
                    dg_buf_putc(&b, (char)c2);
                    lx_adv(lx);
                } while (lx->i < lx->len && depth > 0 && lx->t[lx->i] != '\n');
            } else {
                dg_buf_putc(&b, (char)ch);
                lx_adv(lx);
            }
        }
        if (out->n >= RUNLINE_MAX_WORDS) {
            dg_buf_free(&b);
            return dg_error_at(err, DG_ERR_LIMIT, file, wline, "run command has more than %d words",
                               RUNLINE_MAX_WORDS);
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 16;
            out->v = dg_xrealloc(out->v, out->cap * sizeof *out->v);
        }
        char *ws = dg_buf_steal(&b);
        out->v[out->n++] = (struct word){ws ? ws : dg_xstrdup(""), wline, wcol};
    }
    dg_buf_free(&b);
    return 0;
}

static bool is_engine_cli(const char *w)
{
    const char *base = strrchr(w, '/');
    base = base ? base + 1 : w;
    return !strcmp(base, "docker") || !strcmp(base, "podman");
}

/* Global docker/podman flags that take a value (before the subcommand). */
static bool global_value_flag(const char *w)
{
    static const char *const g[] = {"-H", "--host", "-c", "--context", "--config", "-l", "--log-level",
                                    "--tlscacert", "--tlscert", "--tlskey", "--url", "--connection",
                                    "--root", "--runroot", "--storage-driver", "--cgroup-manager", "--remote"};
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
        if (!strcmp(w, g[i])) return true;
    return false;
}

/* Index of the first argument after run/create in words, or 0 when the
 * words hold no run/create command. */
static size_t find_run(const struct words *w, size_t *cli)
{
    for (size_t i = 0; i < w->n; i++) {
        if (!is_engine_cli(w->v[i].s)) continue;
        size_t j = i + 1;
        while (j < w->n && w->v[j].s[0] == '-') {
            if (!strchr(w->v[j].s, '=') && global_value_flag(w->v[j].s)) j++;
            j++;
        }
        if (j < w->n && !strcmp(w->v[j].s, "container")) j++;
        if (j < w->n && (!strcmp(w->v[j].s, "run") || !strcmp(w->v[j].s, "create"))) {
            *cli = i;
            return j + 1;
        }
    }
    return 0;
}

/* Cheap pre-filter for a line: both the CLI name and a subcommand word. */
static bool line_candidate(const char *s, size_t n)
{
    bool cli = false;
    for (size_t i = 0; i + 6 <= n; i++)
        if (!memcmp(s + i, "docker", 6) || !memcmp(s + i, "podman", 6)) {
            cli = true;
            break;
        }
    if (!cli) return false;
    for (size_t i = 0; i + 3 <= n; i++)
        if (!memcmp(s + i, "run", 3) || (i + 6 <= n && !memcmp(s + i, "create", 6))) return true;
    return false;
}

int runline_scan(const char *file, const char *text, size_t len, runline_fn fn, void *ud, struct dg_error *err)
{
    struct lexer lx = {text, len, 0, 1, 0};
    struct words w = {0};
    int found = 0, rc = 0;
    while (lx.i < len) {
        /* Only lines that may start a command are split into words: prose
         * around (Markdown, YAML) may hold unbalanced quotes. A command that
         * continues on further lines is taken whole by the lexer. */
        size_t eol = lx.i;
        while (eol < len && text[eol] != '\n') eol++;
        size_t ll = eol - lx.i;
        bool cont = false;
        if (!line_candidate(text + lx.i, ll)) {
            /* a continued line may carry the subcommand on the next line */
            cont = ll && text[eol - 1] == '\\';
            if (!cont) {
                lx.i = eol;
                if (lx.i < len) lx_adv(&lx);
                continue;
            }
            size_t e2 = eol + 1;
            while (e2 < len && text[e2] != '\n') e2++;
            if (!line_candidate(text + lx.i, (e2 < len ? e2 : len) - lx.i)) {
                lx.i = eol;
                if (lx.i < len) lx_adv(&lx);
                continue;
            }
        }
        /* the commands on this (logical) line */
        int start_line = lx.line;
        do {
            rc = lx_command(&lx, &w, file, err);
            if (rc < 0) goto out;
            size_t cli = 0, at = find_run(&w, &cli);
            if (!at) continue;
            if (found >= RUNLINE_MAX_COMMANDS) {
                rc = dg_error_at(err, DG_ERR_LIMIT, file, w.v[cli].line, "more than %d run commands",
                                 RUNLINE_MAX_COMMANDS);
                goto out;
            }
            size_t argc = w.n - at;
            char **argv = dg_xmalloc((argc + 1) * sizeof *argv);
            int *lines = dg_xmalloc((argc + 1) * sizeof *lines), *cols = dg_xmalloc((argc + 1) * sizeof *cols);
            for (size_t k = 0; k < argc; k++) {
                argv[k] = w.v[at + k].s;
                lines[k] = w.v[at + k].line;
                cols[k] = w.v[at + k].col;
            }
            struct container_spec spec;
            cs_init(&spec);
            int pr = runline_parse_args(file, argv, lines, cols, argc, &spec);
            free(argv);
            free(lines);
            free(cols);
            if (pr == 0) {
                found++;
                int stop = fn ? fn(ud, &spec, w.v[cli].line) : 0;
                cs_free(&spec);
                if (stop) goto out;
            } else {
                cs_free(&spec);
            }
        } while (lx.i < len && lx.line == start_line && lx.i > 0 && lx.t[lx.i - 1] != '\n');
    }
out:
    words_clear(&w);
    free(w.v);
    return rc < 0 ? rc : found;
}

int runline_wanted(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n') e++;
        size_t e2 = e;
        /* a continuation may put run/create on the next line */
        if (e > i && text[e - 1] == '\\' && e + 1 < len) {
            e2 = e + 1;
            while (e2 < len && text[e2] != '\n') e2++;
        }
        if (line_candidate(text + i, e2 - i)) return 1;
        i = e + 1;
    }
    return 0;
}
