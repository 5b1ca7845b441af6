/* Container processes from /proc, grouped by cgroup (see procs.h). */
#include "engine/procs.h"
#include "core/error.h"
#include "core/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct proc_ent {
    int pid;
    char *cgroup;     /* /proc/<pid>/cgroup text */
};

struct engine_procs {
    char *dir;
    struct proc_ent *v;
    size_t n, cap;
    char *self_cgroup;
};

/* Small bounded read of a /proc file (they report size 0, so no stat). */
static char *read_small(const char *path, size_t max, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    char *buf = dg_xmalloc(max + 1);
    size_t n = 0;
    while (n < max) {
        ssize_t r = read(fd, buf + n, max - n);
        if (r <= 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static int ent_cmp(const void *a, const void *b)
{
    const struct proc_ent *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

struct engine_procs *engine_procs_scan(const char *proc_dir)
{
    DIR *d = opendir(proc_dir);
    if (!d) return NULL;
    struct engine_procs *p = dg_xcalloc(1, sizeof *p);
    p->dir = dg_xstrdup(proc_dir);
    struct dirent *e;
    char path[256];
    while ((e = readdir(d)) && p->n < ENGINE_PROCS_MAX) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || pid > 0x7fffffff) continue;
        snprintf(path, sizeof path, "%s/%ld/cgroup", proc_dir, pid);
        char *cg = read_small(path, 4096, NULL);
        if (!cg) continue;   /* exited meanwhile */
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 512;
            p->v = dg_xrealloc(p->v, p->cap * sizeof *p->v);
        }
        p->v[p->n++] = (struct proc_ent){(int)pid, cg};
    }
    closedir(d);
    if (p->n) qsort(p->v, p->n, sizeof *p->v, ent_cmp);
    snprintf(path, sizeof path, "%s/self/cgroup", proc_dir);
    p->self_cgroup = read_small(path, 4096, NULL);
    return p;
}

void engine_procs_free(struct engine_procs *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) free(p->v[i].cgroup);
    free(p->v);
    free(p->self_cgroup);
    free(p->dir);
    free(p);
}

/* Command line with NULs turned into spaces; "[comm]" for kernel-like
 * processes with an empty one, as ps does. */
static char *cmdline_of(const char *dir, int pid)
{
    char path[256];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%d/cmdline", dir, pid);
    char *s = read_small(path, 4096, &len);
    if (!s) return NULL;
    while (len && s[len - 1] == '\0') len--;
    s[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\0') s[i] = ' ';
    if (len) return s;
    free(s);
    snprintf(path, sizeof path, "%s/%d/comm", dir, pid);
    char *comm = read_small(path, 256, &len);
    if (!comm) return NULL;
    dg_str_trim(comm);
    char *r = dg_xasprintf("[%s]", comm);
    free(comm);
    return r;
}

static char *uid_of(const char *dir, int pid)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%d/status", dir, pid);
    char *st = read_small(path, 16384, NULL);
    if (!st) return NULL;
    const char *u = strstr(st, "\nUid:");
    char *r = NULL;
    if (u) {
        /* Real uid: the first of the four. */
        unsigned long uid = strtoul(u + 5, NULL, 10);
        r = dg_xasprintf("%lu", uid);
    }
    free(st);
    return r;
}

int engine_procs_apply(const struct engine_procs *p, struct container_spec *c)
{
    if (!p || c->live.pid <= 0) return -1;
    struct proc_ent key = {c->live.pid, NULL};
    const struct proc_ent *main = bsearch(&key, p->v, p->n, sizeof *p->v, ent_cmp);
    if (!main) return -1;
    /* Without a cgroup of its own the container cannot be told apart. */
    if (p->self_cgroup && strcmp(main->cgroup, p->self_cgroup) == 0) return -1;
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->v[i].cgroup, main->cgroup) != 0) continue;
        char *cmd = cmdline_of(p->dir, p->v[i].pid);
        char *uid = uid_of(p->dir, p->v[i].pid);
        if (cmd && uid) {
            char pid[16];
            snprintf(pid, sizeof pid, "%d", p->v[i].pid);
            dg_strv_push(&c->live.top_pids, pid);
            dg_strv_push_owned(&c->live.top_users, uid);
            dg_strv_push_owned(&c->live.top_cmds, cmd);
        } else {
            free(cmd);
            free(uid);
        }
    }
    c->live.top_known = true;
    return 0;
}
