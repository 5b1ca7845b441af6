/* dg_error helpers. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int dg_error_set(struct dg_error *e, int code, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

int dg_error_at(struct dg_error *e, int code, const char *file, int line, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    int off;
    if (line > 0)
        off = snprintf(e->msg, sizeof e->msg, "%s:%d: ", file ? file : "<input>", line);
    else
        off = snprintf(e->msg, sizeof e->msg, "%s: ", file ? file : "<input>");
    if (off < 0 || (size_t)off >= sizeof e->msg) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg + off, sizeof e->msg - (size_t)off, fmt, ap);
    va_end(ap);
    return code;
}

void dg_error_clear(struct dg_error *e)
{
    if (!e) return;
    e->code = 0;
    e->msg[0] = '\0';
}
