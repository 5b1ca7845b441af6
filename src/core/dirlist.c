/* Folder listing straight from getdents64: opendir() adds an fstat per
 * folder and readdir() a call per entry, which a walk over thousands of
 * small projects pays thousands of times. */
#include "core/dirlist.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's record layout for getdents64 (linux/dirent.h), declared here
 * because glibc only exposes it under _GNU_SOURCE. */
struct kdirent64 {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

/* d_type values (DT_* in dirent.h). */
enum { KDT_UNKNOWN = 0, KDT_DIR = 4, KDT_REG = 8, KDT_LNK = 10 };

static enum dg_ftype type_of_mode(mode_t m)
{
    return S_ISREG(m) ? DG_FT_REG : S_ISDIR(m) ? DG_FT_DIR : S_ISLNK(m) ? DG_FT_LNK : DG_FT_OTHER;
}

static int ent_cmp(const void *a, const void *b)
{
    const struct dg_dirent *x = a, *y = b;
    return strcmp(x->name, y->name);
}

int dg_dir_list(const char *path, size_t max, struct dg_dirlist *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    int rc = dg_dir_list_fd(fd, path, max, out, err);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int dg_dir_list_fd(int fd, const char *path, size_t max, struct dg_dirlist *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    /* Names are gathered into one pool; entries keep offsets until the pool
     * stops moving, then become pointers. */
    struct dg_buf pool;
    dg_buf_init(&pool, 0);
    size_t *offs = NULL, cap = 0;
    enum dg_ftype *types = NULL;
    _Alignas(8) char buf[16384];
    int rc = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got < 0) {
            int e = errno;
            rc = dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
            errno = e;
            break;
        }
        if (got == 0) break;
        for (long pos = 0; pos < got;) {
            const struct kdirent64 *d = (const struct kdirent64 *)(buf + pos);
            if (d->reclen == 0) break; /* never from a sane kernel; do not spin */
            pos += d->reclen;
            const char *n = d->name;
            if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
            if (out->n >= max) {
                out->truncated = true;
                continue;
            }
            enum dg_ftype t = d->type == KDT_REG   ? DG_FT_REG
                              : d->type == KDT_DIR ? DG_FT_DIR
                              : d->type == KDT_LNK ? DG_FT_LNK
                                                   : DG_FT_OTHER;
            if (d->type == KDT_UNKNOWN) {
                struct stat st;
                t = fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 ? type_of_mode(st.st_mode) : DG_FT_OTHER;
            }
            if (out->n == cap) {
                cap = cap ? cap * 2 : 16;
                offs = dg_xrealloc(offs, cap * sizeof *offs);
                types = dg_xrealloc(types, cap * sizeof *types);
            }
            offs[out->n] = pool.len;
            types[out->n] = t;
            dg_buf_append(&pool, n, strlen(n) + 1);
            out->n++;
        }
        if (out->truncated) break;
    }
    if (rc != 0) {
        free(offs);
        free(types);
        dg_buf_free(&pool);
        out->n = 0;
        return rc;
    }
    out->pool = pool.data;
    out->v = dg_xmalloc((out->n ? out->n : 1) * sizeof *out->v);
    for (size_t i = 0; i < out->n; i++) out->v[i] = (struct dg_dirent){out->pool + offs[i], types[i]};
    free(offs);
    free(types);
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, ent_cmp);
    return 0;
}

const struct dg_dirent *dg_dirlist_find(const struct dg_dirlist *l, const char *name)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, l->v[mid].name);
        if (c == 0) return &l->v[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

void dg_dirlist_free(struct dg_dirlist *l)
{
    free(l->v);
    free(l->pool);
    memset(l, 0, sizeof *l);
}
