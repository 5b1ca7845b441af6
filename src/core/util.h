/* Small utilities shared by every module: allocation, bounded buffers,
 * string vectors and file reading with limits. */
#ifndef DG_CORE_UTIL_H
#define DG_CORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

struct dg_error;

/* Out of memory is not recoverable for a command-line scanner; these abort
 * with a message so that error paths stay about bad input, not malloc. */
void *dg_xmalloc(size_t n);
void *dg_xcalloc(size_t n, size_t size);
void *dg_xrealloc(void *p, size_t n);
char *dg_xstrdup(const char *s);
char *dg_xstrndup(const char *s, size_t n);
char *dg_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* a, b and c (which may be NULL) end to end: paths are joined this way in
 * walks, where a printf-style format cost more than the rest of the work. */
char *dg_xconcat(const char *a, const char *b, const char *c);

/* Growable buffer with a hard maximum: appends past max fail with -1. */
struct dg_buf {
    char *data;   /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max;   /* 0 means SIZE_MAX/2 */
};
void dg_buf_init(struct dg_buf *b, size_t max);
/* Length (2-4) of the well-formed UTF-8 sequence at p, whose first byte is
 * >= 0x80, within the avail bytes there; 0 when it is not one (overlong,
 * surrogate, > U+10FFFF, cut). */
size_t dg_utf8_valid_len(const unsigned char *p, size_t avail);
int dg_buf_append(struct dg_buf *b, const void *data, size_t len);
/* Makes room for extra more bytes (and the NUL) without writing them, so
 * a writer can fill data + len directly; -1 past max. */
int dg_buf_reserve(struct dg_buf *b, size_t extra);
/* Inline: parsers append character by character, and the call was a
 * measurable share of parsing. */
static inline int dg_buf_putc(struct dg_buf *b, char c)
{
    if (b->len + 2 <= b->cap && b->len < b->max) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return dg_buf_append(b, &c, 1);
}
int dg_buf_puts(struct dg_buf *b, const char *s);
int dg_buf_printf(struct dg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dg_buf_vprintf(struct dg_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
char *dg_buf_steal(struct dg_buf *b); /* caller owns; buffer is reset */
void dg_buf_free(struct dg_buf *b);

/* Vector of owned strings. */
struct dg_strv {
    char **v;
    size_t n;
    size_t cap;
};
void dg_strv_push(struct dg_strv *sv, const char *s);        /* copies s */
void dg_strv_push_owned(struct dg_strv *sv, char *s);        /* takes s */
bool dg_strv_contains(const struct dg_strv *sv, const char *s);
bool dg_strv_contains_ci(const struct dg_strv *sv, const char *s);
void dg_strv_free(struct dg_strv *sv);

/* Reads a whole file, refusing files larger than max bytes. The result is
 * NUL-terminated (len excludes the NUL). Returns 0 or -1 with err set. */
int dg_read_file(const char *path, size_t max, char **out, size_t *len, struct dg_error *err);

/* The last component of a slash-separated path: what follows its last '/'
 * (all of path when it has none; "" when it ends with '/'). */
const char *dg_path_base(const char *path);

bool dg_str_has_prefix(const char *s, const char *prefix);
bool dg_str_has_suffix(const char *s, const char *suffix);
bool dg_str_eq_ci(const char *a, const char *b);
/* Case-insensitive substring search; NULL when absent. */
const char *dg_str_find_ci(const char *hay, const char *needle);
/* Returns a freshly allocated lower-case copy. */
char *dg_str_lower(const char *s);
/* Trims ASCII whitespace in place and returns s. */
char *dg_str_trim(char *s);

/* Shannon entropy in bits per character of s[0..n). */
double dg_entropy(const char *s, size_t n);

/* Prepares the heap of a short, allocation-heavy run (lint) in two steps.
 * dg_heap_configure: grow the heap in steps of `step` bytes and never hand
 * memory back mid-run; call once, before the threads that will call
 * dg_heap_prepare_thread() are created. dg_heap_populate: map the main
 * heap's first step in one call instead of page by page; any time after,
 * from any thread. */
void dg_heap_configure(size_t step);
void dg_heap_populate(void);
/* The same mapping for the calling thread's own malloc arena; call first
 * thing in a worker thread. */
void dg_heap_prepare_thread(void);

/* Monotonic clock in seconds. */
double dg_now(void);

#endif
