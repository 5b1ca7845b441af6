/* Allocation, bounded buffers, string vectors and bounded file reading. */
#include "core/util.h"
#include "core/error.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void dg_oom(void)
{
    fputs("dockguard: out of memory\n", stderr);
    abort();
}

void *dg_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) dg_oom();
    return p;
}

void *dg_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) dg_oom();
    return p;
}

void *dg_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) dg_oom();
    return q;
}

char *dg_xstrdup(const char *s)
{
    if (!s) return NULL;
    return dg_xstrndup(s, strlen(s));
}

char *dg_xstrndup(const char *s, size_t n)
{
    char *p = dg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *dg_xasprintf(const char *fmt, ...)
{
    /* Formatted once into the stack when it fits (nearly always): a
     * measuring pass first doubled the cost of every call. */
    char small[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = dg_xmalloc((size_t)n + 1);
    if ((size_t)n < sizeof small) memcpy(p, small, (size_t)n + 1);
    else vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

char *dg_xconcat(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
    char *p = dg_xmalloc(la + lb + lc + 1);
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    if (lc) memcpy(p + la + lb, c, lc);
    p[la + lb + lc] = '\0';
    return p;
}

void dg_buf_init(struct dg_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

int dg_buf_reserve(struct dg_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra) return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 4 ? need : cap * 2;
    b->data = dg_xrealloc(b->data, cap);
    b->cap = cap;
    return 0;
}

int dg_buf_append(struct dg_buf *b, const void *data, size_t len)
{
    if (dg_buf_reserve(b, len) != 0) return -1;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int dg_buf_puts(struct dg_buf *b, const char *s) { return dg_buf_append(b, s, strlen(s)); }

int dg_buf_vprintf(struct dg_buf *b, const char *fmt, va_list ap)
{
    /* One formatting pass when the text fits the room left, which is the
     * usual case; a second, into a grown buffer, when it does not. */
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (b->data) b->data[b->len] = '\0';
        return -1;
    }
    if ((size_t)n < room && b->len + (size_t)n <= b->max) {
        b->len += (size_t)n;
        return 0;
    }
    if (b->data) b->data[b->len] = '\0';
    if (dg_buf_reserve(b, (size_t)n) != 0) return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int dg_buf_printf(struct dg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = dg_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *dg_buf_steal(struct dg_buf *b)
{
    char *p = b->data ? b->data : dg_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void dg_buf_free(struct dg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void dg_strv_push_owned(struct dg_strv *sv, char *s)
{
    if (sv->n == sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 8;
        sv->v = dg_xrealloc(sv->v, sv->cap * sizeof *sv->v);
    }
    sv->v[sv->n++] = s;
}

void dg_strv_push(struct dg_strv *sv, const char *s) { dg_strv_push_owned(sv, dg_xstrdup(s)); }

bool dg_strv_contains(const struct dg_strv *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0) return true;
    return false;
}

bool dg_strv_contains_ci(const struct dg_strv *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcasecmp(sv->v[i], s) == 0) return true;
    return false;
}

void dg_strv_free(struct dg_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++) free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

int dg_read_file(const char *path, size_t max, char **out, size_t *len, struct dg_error *err)
{
    *out = NULL;
    if (len) *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        /* errno survives for callers that treat a missing file as absent. */
        int e = errno;
        dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
        errno = e;
        return DG_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        dg_error_set(err, DG_ERR_IO, "%s: is a directory", path);
        errno = EISDIR;
        return DG_ERR_IO;
    }
    /* Read straight into a buffer of the announced size (one read for a
     * regular file); it grows only for files that grow or lie (/proc,
     * pipes), up to max. */
    if (max > SIZE_MAX / 4) max = SIZE_MAX / 4;
    size_t cap = S_ISREG(st.st_mode) && st.st_size >= 0 && (uint64_t)st.st_size < max ? (size_t)st.st_size + 1 : 4096;
    if (cap > max + 1) cap = max + 1;
    char *buf = dg_xmalloc(cap + 1);
    size_t have = 0;
    for (;;) {
        if (have == cap) {
            if (cap > max) {
                close(fd);
                free(buf);
                return dg_error_set(err, DG_ERR_LIMIT, "%s: larger than the %zu byte limit", path, max);
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = dg_xrealloc(buf, cap + 1);
        }
        ssize_t n = read(fd, buf + have, cap - have);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            free(buf);
            return dg_error_set(err, DG_ERR_IO, "%s: %s", path, strerror(e));
        }
        if (n == 0) break;
        have += (size_t)n;
        /* The announced size is read: no need for a read that returns 0. */
        if (S_ISREG(st.st_mode) && (uint64_t)have == (uint64_t)st.st_size && have < cap) break;
    }
    close(fd);
    if (have > max) {
        free(buf);
        return dg_error_set(err, DG_ERR_LIMIT, "%s: larger than the %zu byte limit", path, max);
    }
    buf[have] = '\0';
    if (len) *len = have;
    *out = buf;
    return 0;
}

bool dg_str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool dg_str_has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool dg_str_eq_ci(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

const char *dg_str_find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0) return hay;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return hay;
    return NULL;
}

char *dg_str_lower(const char *s)
{
    char *p = dg_xstrdup(s);
    for (char *q = p; *q; q++) *q = (char)tolower((unsigned char)*q);
    return p;
}

char *dg_str_trim(char *s)
{
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    char *b = s;
    while (*b && isspace((unsigned char)*b)) b++;
    if (b != s) memmove(s, b, strlen(b) + 1);
    return s;
}

double dg_entropy(const char *s, size_t n)
{
    if (n == 0) return 0.0;
    unsigned counts[256] = {0};
    for (size_t i = 0; i < n; i++) counts[(unsigned char)s[i]]++;
    double h = 0.0;
    for (int i = 0; i < 256; i++) {
        if (!counts[i]) continue;
        double p = (double)counts[i] / (double)n;
        h -= p * log2(p);
    }
    return h;
}

double dg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *dg_path_base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

size_t dg_utf8_valid_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        if (c == 0xe0) lo = 0xa0; /* overlong */
        if (c == 0xed) hi = 0x9f; /* surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f; /* above U+10FFFF */
    } else
        return 0;
    if (n > avail) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf) return 0;
    return n;
}

/* Why: a 4 KiB page fault costs 10 us and more on virtualized hosts, and a
 * lint run touches a few MB (its findings are kept until they are sorted
 * and written): one by one, those faults were a fifth of a run's time.
 * MADV_POPULATE_WRITE (Linux 5.14) maps a whole range in one call, at a
 * fraction of the per-page cost. Where it is unknown nothing changes but
 * the heap's growth step. */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static size_t heap_step;

static void populate(uintptr_t begin, uintptr_t end)
{
    uintptr_t pg = 4096;
    begin = (begin + pg - 1) & ~(pg - 1);
    end &= ~(pg - 1);
    if (end > begin) (void)madvise((void *)begin, end - begin, MADV_POPULATE_WRITE);
}

void dg_heap_configure(size_t step)
{
    if (step < (1u << 20) || step > (64u << 20)) return;
    heap_step = step;
    mallopt(M_TOP_PAD, (int)step);
    mallopt(M_TRIM_THRESHOLD, (int)(step * 4));
    /* Growing arrays (findings) would otherwise move to fresh mmap'd
     * blocks past 128 KiB, faulting again at every doubling. */
    mallopt(M_MMAP_THRESHOLD, (int)step);
}

void dg_heap_populate(void)
{
    if (!heap_step) return;
    /* Make the main heap take its first big step now, then map it. Blocks
     * stay below the old mmap threshold so they come from the heap;
     * volatile: a malloc whose block is only freed may be optimised away. */
    uintptr_t before = (uintptr_t)sbrk(0);
    void *volatile blocks[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < 4 && (uintptr_t)sbrk(0) == before; i++) blocks[i] = malloc(96u << 10);
    uintptr_t after = (uintptr_t)sbrk(0);
    for (int i = 0; i < 4; i++) free(blocks[i]);
    if (after > before) populate(before, after);
}

void dg_heap_prepare_thread(void)
{
    if (!heap_step) return;
    /* glibc gives each thread arena a heap aligned to its 64 MiB maximum,
     * first made read-write over the growth step (M_TOP_PAD); the block
     * below sits at its start. */
    void *volatile block = malloc(64);
    void *p = block;
    if (!p) return;
    uintptr_t heap = (uintptr_t)p & ~(uintptr_t)((64u << 20) - 1);
    if ((uintptr_t)p - heap < (1u << 20)) populate((uintptr_t)p, heap + heap_step);
    free(p);
}
