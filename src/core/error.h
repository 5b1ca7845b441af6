/* Error reporting for library layers: functions return 0 or a negative code
 * and fill a struct dg_error; only the cli prints. */
#ifndef DG_CORE_ERROR_H
#define DG_CORE_ERROR_H

enum {
    DG_OK = 0,
    DG_ERR = -1,        /* generic failure, message in dg_error */
    DG_ERR_IO = -2,     /* could not read or write */
    DG_ERR_PARSE = -3,  /* malformed input */
    DG_ERR_LIMIT = -4,  /* input exceeded a bound */
    DG_ERR_USAGE = -5,  /* bad arguments */
    DG_ERR_NOTFOUND = -6
};

struct dg_error {
    int code;
    char msg[1024];
};

/* Each returns its code argument (negative) so callers can `return dg_error_set(...)`. */
int dg_error_set(struct dg_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Formats "file:line: message" (line 0 omits the line). */
int dg_error_at(struct dg_error *e, int code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void dg_error_clear(struct dg_error *e);

#endif
