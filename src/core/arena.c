/* Chunked bump allocator; see arena.h. */
#include "core/arena.h"
#include "core/util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_PER_OBJECT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_PER_OBJECT 1
#endif
#endif
#ifndef ARENA_PER_OBJECT
#define ARENA_PER_OBJECT 0
#endif

struct dg_arena_chunk {
    struct dg_arena_chunk *next;
    size_t size;
    alignas(max_align_t) char data[];
};

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_MIN_CHUNK 1024u
/* Chunks grow by doubling up to this size; past it each new chunk is this
 * size, so a big group wastes at most one partly used chunk's tail. */
#define ARENA_MAX_CHUNK (64u << 10)

void dg_arena_init(struct dg_arena *a, size_t hint)
{
    memset(a, 0, sizeof *a);
    size_t s = ARENA_MIN_CHUNK;
    while (s < hint && s < ARENA_MAX_CHUNK) s *= 2;
    a->next_size = s;
}

static struct dg_arena_chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX / 2) {
        /* As dg_xmalloc: running out of memory is not an input error. */
        fputs("dockguard: out of memory\n", stderr);
        abort();
    }
    struct dg_arena_chunk *c = dg_xmalloc(sizeof *c + size);
    c->size = size;
    return c;
}

/* A block of its own for n bytes, linked behind the head so that the head
 * chunk keeps its free room. */
static void *alloc_own(struct dg_arena *a, size_t n)
{
    struct dg_arena_chunk *c = chunk_new(n);
    if (a->head) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = NULL;
        a->head = c;
        a->cur = a->end = c->data + n;
    }
    a->last = c->data;
    return c->data;
}

static void *alloc_aligned(struct dg_arena *a, size_t n, size_t align)
{
    if (!a->next_size) dg_arena_init(a, 0);
    if (ARENA_PER_OBJECT) return alloc_own(a, n ? n : 1);
    uintptr_t at = ((uintptr_t)a->cur + (align - 1)) & ~(uintptr_t)(align - 1);
    if (a->cur && at <= (uintptr_t)a->end && n <= (size_t)((uintptr_t)a->end - at)) {
        a->cur = (char *)at + n;
        a->last = (char *)at;
        return (char *)at;
    }
    /* A request bigger than a quarter chunk gets its own block rather than
     * abandoning the rest of the current one. */
    if (n > a->next_size / 4) return alloc_own(a, n);
    struct dg_arena_chunk *c = chunk_new(a->next_size);
    c->next = a->head;
    a->head = c;
    a->cur = c->data + n;
    a->end = c->data + c->size;
    a->last = c->data;
    if (a->next_size < ARENA_MAX_CHUNK) a->next_size *= 2;
    return c->data;
}

void *dg_arena_alloc(struct dg_arena *a, size_t n)
{
    return alloc_aligned(a, n, ARENA_ALIGN);
}

void *dg_arena_calloc(struct dg_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / 2 / size) n = SIZE_MAX / 2 / size + 1; /* chunk_new aborts */
    void *p = dg_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

void *dg_arena_grow(struct dg_arena *a, void *p, size_t old, size_t n)
{
    if (!p) return dg_arena_alloc(a, n);
    if (n <= old) return p;
    if (!ARENA_PER_OBJECT && p == a->last && (char *)p + old == a->cur && n <= (size_t)(a->end - (char *)p)) {
        a->cur = (char *)p + n;
        return p;
    }
    void *q = dg_arena_alloc(a, n);
    memcpy(q, p, old);
    return q;
}

void *dg_arena_reserve(struct dg_arena *a, void *p, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap && p) return p;
    size_t c = *cap ? *cap : 2;
    while (c <= n) c = c > SIZE_MAX / 4 / elem ? SIZE_MAX / 2 / elem + 1 : c * 2; /* absurd sizes abort */
    p = dg_arena_grow(a, p, *cap * elem, c * elem);
    *cap = c;
    return p;
}

char *dg_arena_strndup(struct dg_arena *a, const char *s, size_t n)
{
    if (n >= SIZE_MAX / 2) n = SIZE_MAX / 2; /* chunk_new aborts */
    char *p = alloc_aligned(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *dg_arena_strdup(struct dg_arena *a, const char *s)
{
    return s ? dg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *dg_arena_vprintf(struct dg_arena *a, const char *fmt, va_list ap)
{
    /* Formatted on the stack and copied once; the rare longer text is
     * formatted again straight into its room. */
    char tmp[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    char *p;
    if (n < 0) {
        p = dg_arena_strndup(a, "", 0);
    } else if ((size_t)n < sizeof tmp) {
        p = dg_arena_strndup(a, tmp, (size_t)n);
    } else {
        p = alloc_aligned(a, (size_t)n + 1, 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    return p;
}

void dg_arena_adopt(struct dg_arena *dst, struct dg_arena *src)
{
    if (!src->head) return;
    if (!dst->head) {
        *dst = *src;
    } else {
        /* src's chunks go behind dst's head: dst keeps allocating where it was. */
        struct dg_arena_chunk *tail = src->head;
        while (tail->next) tail = tail->next;
        tail->next = dst->head->next;
        dst->head->next = src->head;
    }
    size_t keep = src->next_size;
    memset(src, 0, sizeof *src);
    src->next_size = keep;
}

void dg_arena_free(struct dg_arena *a)
{
    for (struct dg_arena_chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    size_t keep = a->next_size;
    memset(a, 0, sizeof *a);
    a->next_size = keep;
}
