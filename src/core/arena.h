/* Arena: memory for a group of objects that live and die together (one
 * parsed Dockerfile, one report's finding texts). Allocation is a pointer
 * bump in the current chunk and the whole group is released at once, so a
 * model made of hundreds of small strings and arrays costs a few mallocs
 * instead of hundreds, and no walk over its pieces to free them.
 *
 * Under AddressSanitizer every allocation is its own malloc'd block, so
 * overflows between neighbouring objects are still caught. */
#ifndef DG_CORE_ARENA_H
#define DG_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct dg_arena_chunk;

struct dg_arena {
    struct dg_arena_chunk *head; /* newest chunk first */
    char *cur, *end;             /* free room in head */
    char *last;                  /* the most recent allocation (grown in place when possible) */
    size_t next_size;            /* size of the next chunk */
};

/* hint: bytes the group is expected to need (0 for the default); the
 * first chunk is sized from it. Allocates nothing yet. */
void dg_arena_init(struct dg_arena *a, size_t hint);
/* n bytes aligned for any object; never NULL (out of memory aborts, as
 * dg_xmalloc does). */
void *dg_arena_alloc(struct dg_arena *a, size_t n);
void *dg_arena_calloc(struct dg_arena *a, size_t n, size_t size);
/* Resizes an array allocated from a (p NULL: a new one) from old to n
 * bytes, in place when p is the arena's latest allocation and the chunk
 * has room, else by copying (the old block is released with the arena). */
void *dg_arena_grow(struct dg_arena *a, void *p, size_t old, size_t n);
/* Room for one more element in an array of n elements of elem bytes
 * (capacity *cap, doubled when full); returns the array, maybe moved. */
void *dg_arena_reserve(struct dg_arena *a, void *p, size_t n, size_t *cap, size_t elem);
char *dg_arena_strndup(struct dg_arena *a, const char *s, size_t n);
char *dg_arena_strdup(struct dg_arena *a, const char *s); /* NULL stays NULL */
/* The formatted text, in a; "" when formatting fails. */
char *dg_arena_vprintf(struct dg_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Moves every chunk of src into dst (objects keep their addresses); src
 * is left empty and reusable. */
void dg_arena_adopt(struct dg_arena *dst, struct dg_arena *src);
/* Releases everything allocated from a; a is left empty and reusable. */
void dg_arena_free(struct dg_arena *a);

#endif
