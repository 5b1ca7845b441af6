/* Path resolution and file reading confined to an audit root: an absolute
 * symlink target inside the audited tree means a path of that tree, never
 * of the auditor's own filesystem. */
#include "host/host.h"
#include "host/internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINK_HOPS 40

int host_root_is_slash(const char *root)
{
    if (!root || !*root) return 1;
    for (const char *p = root; *p; p++)
        if (*p != '/') return 0;
    return 1;
}

char *host_join(const char *root, const char *path)
{
    if (host_root_is_slash(root)) return dg_xstrdup(path && *path ? path : "/");
    size_t rl = strlen(root);
    while (rl > 1 && root[rl - 1] == '/') rl--;
    return dg_xasprintf("%.*s%s%s", (int)rl, root, (path && *path == '/') ? "" : "/", path ? path : "");
}

char *host_resolve_err(const char *root, const char *path, int *err_no)
{
    *err_no = 0;
    if (!path || *path != '/') {
        *err_no = EINVAL;
        return NULL;
    }
    struct dg_buf cur;   /* resolved host path so far, "" = "/" */
    dg_buf_init(&cur, PATH_MAX * 4);
    dg_buf_puts(&cur, "");
    char *rest = dg_xstrdup(path);
    size_t pos = 0;
    int hops = 0;
    char *out = NULL;
    for (;;) {
        while (rest[pos] == '/') pos++;
        if (!rest[pos]) break;
        size_t n = strcspn(rest + pos, "/");
        char comp[NAME_MAX + 1];
        if (n > NAME_MAX) { *err_no = ENAMETOOLONG; goto out; }
        memcpy(comp, rest + pos, n);
        comp[n] = '\0';
        pos += n;
        if (strcmp(comp, ".") == 0) continue;
        if (strcmp(comp, "..") == 0) {
            /* Never above the root. */
            char *slash = cur.data ? strrchr(cur.data, '/') : NULL;
            if (slash) { cur.len = (size_t)(slash - cur.data); cur.data[cur.len] = '\0'; }
            continue;
        }
        size_t saved = cur.len;
        if (dg_buf_putc(&cur, '/') != 0 || dg_buf_puts(&cur, comp) != 0) { *err_no = ENAMETOOLONG; goto out; }
        char *full = host_join(root, cur.data);
        struct stat st;
        if (lstat(full, &st) != 0) {
            *err_no = errno;
            free(full);
            goto out;
        }
        if (S_ISLNK(st.st_mode)) {
            if (++hops > MAX_LINK_HOPS) { *err_no = ELOOP; free(full); goto out; }
            char target[PATH_MAX];
            ssize_t tl = readlink(full, target, sizeof target - 1);
            free(full);
            if (tl < 0) { *err_no = errno; goto out; }
            target[tl] = '\0';
            char *nrest = dg_xasprintf("%s/%s", target, rest + pos);
            free(rest);
            rest = nrest;
            pos = 0;
            if (target[0] == '/') { cur.len = 0; cur.data[0] = '\0'; }
            else { cur.len = saved; cur.data[saved] = '\0'; }
            continue;
        }
        free(full);
    }
    out = host_join(root, cur.len ? cur.data : "/");
out:
    free(rest);
    dg_buf_free(&cur);
    return out;
}

char *host_resolve(const char *root, const char *path)
{
    int e;
    return host_resolve_err(root, path, &e);
}

void host_stat_path(const char *root, const char *path, struct host_stat *st)
{
    memset(st, 0, sizeof *st);
    int e = 0;
    char *real = host_resolve_err(root, path, &e);
    if (!real) {
        st->state = (e == ENOENT || e == ENOTDIR) ? 0 : -1;
        st->err = e;
        return;
    }
    struct stat sb;
    if (lstat(real, &sb) != 0) {
        st->state = (errno == ENOENT) ? 0 : -1;
        st->err = errno;
        free(real);
        return;
    }
    free(real);
    st->state = 1;
    st->uid = (unsigned)sb.st_uid;
    st->gid = (unsigned)sb.st_gid;
    st->mode = (unsigned)sb.st_mode & 07777u;
    st->type = S_ISREG(sb.st_mode) ? 'f' : S_ISDIR(sb.st_mode) ? 'd' : S_ISSOCK(sb.st_mode) ? 's'
             : S_ISLNK(sb.st_mode) ? 'l' : 'o';
}

int host_read(const char *root, const char *path, size_t max, char **text, size_t *len, struct dg_error *err)
{
    *text = NULL;
    if (len) *len = 0;
    int e = 0;
    char *real = host_resolve_err(root, path, &e);
    if (!real) {
        if (e == ENOENT || e == ENOTDIR) return DG_ERR_NOTFOUND;
        return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
    }
    struct dg_error e2 = {0};
    int rc = dg_read_file(real, max, text, len, &e2);
    free(real);
    if (rc != 0) {
        /* Name the file as the audited host knows it, not the mount point. */
        const char *why = strchr(e2.msg, ':');
        if (e2.code == DG_ERR_LIMIT)
            return dg_error_set(err, DG_ERR_LIMIT, "%s: larger than %zu bytes", path, max);
        return dg_error_set(err, e2.code ? e2.code : DG_ERR_IO, "%s%s", path, why ? why : ": unreadable");
    }
    return 0;
}

size_t host_split_colon(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *c = strchr(p, ':');
        if (!c) break;
        *c = '\0';
        p = c + 1;
    }
    return n;
}

char *host_home_of(const char *root, unsigned uid)
{
    char *text = NULL;
    size_t len = 0;
    if (host_read(root, "/etc/passwd", HOST_MAX_CONFIG, &text, &len, NULL) != 0) return NULL;
    char *home = NULL, *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line && !home; line = strtok_r(NULL, "\n", &save)) {
        char *f[7];
        if (host_split_colon(line, f, 7) < 6) continue;
        char *end;
        unsigned long u = strtoul(f[2], &end, 10);
        if (*end || end == f[2] || u != uid) continue;
        home = dg_xstrdup(f[5]);
    }
    free(text);
    return home;
}
