/* os-release parser (etc/os-release, usr/lib/os-release): KEY=value lines,
 * values optionally in single or double quotes with backslash escapes in
 * double quotes. Keeps ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME. */
#include "image/pkgdb.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Unquotes v[0..n) into a new string, or NULL when the quoting is broken. */
static char *unquote(const char *v, size_t n)
{
    if (n == 0) return dg_xstrdup("");
    char q = v[0];
    if (q != '"' && q != '\'') return dg_xstrndup(v, n);
    if (n < 2 || v[n - 1] != q) return NULL;
    char *out = dg_xmalloc(n);
    size_t o = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (q == '"' && v[i] == '\\' && i + 2 < n) i++;
        out[o++] = v[i];
    }
    out[o] = '\0';
    return out;
}

int osrelease_parse(const char *buf, size_t len, const char *file, struct os_info *os, struct dg_error *err)
{
    if (len > (64u << 10)) return dg_error_set(err, DG_ERR_LIMIT, "%s: os-release larger than 64 KiB", file);
    int line = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        while (n && (*s == ' ' || *s == '\t')) s++, n--;
        if (n == 0 || s[0] == '#') continue;
        if (memchr(s, '\0', n)) return dg_error_at(err, DG_ERR_PARSE, file, line, "NUL byte in os-release");
        const char *eq = memchr(s, '=', n);
        if (!eq) return dg_error_at(err, DG_ERR_PARSE, file, line, "expected KEY=value");
        size_t klen = (size_t)(eq - s);
        char **slot = NULL;
        if (klen == 2 && strncmp(s, "ID", 2) == 0) slot = &os->id;
        else if (klen == 10 && strncmp(s, "VERSION_ID", 10) == 0) slot = &os->version_id;
        else if (klen == 16 && strncmp(s, "VERSION_CODENAME", 16) == 0) slot = &os->codename;
        else if (klen == 11 && strncmp(s, "PRETTY_NAME", 11) == 0) slot = &os->pretty;
        if (!slot) continue;
        char *v = unquote(eq + 1, n - klen - 1);
        if (!v) return dg_error_at(err, DG_ERR_PARSE, file, line, "unterminated quoted value");
        free(*slot);
        *slot = v;
    }
    return 0;
}
