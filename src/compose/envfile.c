/* KEY=VALUE files and ${VAR} interpolation (see envfile.h). */
#include "compose/envfile.h"
#include "core/error.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void push(struct envfile *e, char *key, char *value, int line)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 16;
        e->v = dg_xrealloc(e->v, e->cap * sizeof *e->v);
    }
    e->v[e->n].key = key;
    e->v[e->n].value = value;
    e->v[e->n].line = line;
    e->n++;
}

void envfile_free(struct envfile *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].key);
        free(e->v[i].value);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}

const struct envfile_entry *envfile_get(const struct envfile *e, const char *key, size_t keylen)
{
    for (size_t i = e->n; i-- > 0;)
        if (strlen(e->v[i].key) == keylen && memcmp(e->v[i].key, key, keylen) == 0) return &e->v[i];
    return NULL;
}

static bool is_hspace(char c) { return c == ' ' || c == '\t'; }

int envfile_parse(const char *text, size_t len, const char *file, struct envfile *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > ENVFILE_MAX_BYTES) return dg_error_at(err, DG_ERR_LIMIT, file, 0, "larger than %u bytes", ENVFILE_MAX_BYTES);
    size_t i = 0;
    int line = 1;
    /* A UTF-8 byte order mark is tolerated, as editors add it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len) {
        int start_line = line;
        while (i < len && is_hspace(text[i])) i++;
        if (i >= len) break;
        if (text[i] == '\n' || text[i] == '\r' || text[i] == '#') {
            while (i < len && text[i] != '\n') i++;
            if (i < len) { i++; line++; }
            continue;
        }
        if (len - i > 7 && memcmp(text + i, "export", 6) == 0 && is_hspace(text[i + 6])) {
            i += 6;
            while (i < len && is_hspace(text[i])) i++;
        }
        size_t ks = i;
        while (i < len && text[i] != '=' && text[i] != '\n' && text[i] != '\r' && !is_hspace(text[i])) {
            if (text[i] == '\0') return dg_error_at(err, DG_ERR_PARSE, file, line, "NUL character");
            i++;
        }
        size_t ke = i;
        while (i < len && is_hspace(text[i])) i++;
        if (ke == ks) return dg_error_at(err, DG_ERR_PARSE, file, line, "expected KEY=VALUE");
        if (out->n >= ENVFILE_MAX_ENTRIES)
            return dg_error_at(err, DG_ERR_LIMIT, file, line, "more than %d entries", ENVFILE_MAX_ENTRIES);
        if (i >= len || text[i] == '\n' || text[i] == '\r' || text[i] == '#') {
            /* Bare KEY: value comes from the environment. */
            push(out, dg_xstrndup(text + ks, ke - ks), NULL, start_line);
            while (i < len && text[i] != '\n') i++;
            if (i < len) { i++; line++; }
            continue;
        }
        if (text[i] != '=')
            return dg_error_at(err, DG_ERR_PARSE, file, line, "variable name \"%.*s\" followed by unexpected text",
                               (int)(ke - ks > 80 ? 80 : ke - ks), text + ks);
        i++;
        while (i < len && is_hspace(text[i])) i++;
        struct dg_buf v;
        dg_buf_init(&v, ENVFILE_MAX_BYTES);
        if (i < len && (text[i] == '\'' || text[i] == '"')) {
            char q = text[i++];
            bool closed = false;
            while (i < len) {
                char c = text[i];
                if (c == q) { closed = true; i++; break; }
                if (c == '\n') line++;
                if (c == '\\' && q == '"' && i + 1 < len) {
                    char n = text[i + 1];
                    i += 2;
                    switch (n) {
                    case 'n': dg_buf_putc(&v, '\n'); break;
                    case 't': dg_buf_putc(&v, '\t'); break;
                    case 'r': dg_buf_putc(&v, '\r'); break;
                    case '\n': line++; break;
                    default: dg_buf_putc(&v, n); break;
                    }
                    continue;
                }
                dg_buf_putc(&v, c);
                i++;
            }
            if (!closed) {
                dg_buf_free(&v);
                return dg_error_at(err, DG_ERR_PARSE, file, start_line, "unterminated %s-quoted value",
                                   q == '"' ? "double" : "single");
            }
            /* Only a comment may follow the closing quote. */
            while (i < len && is_hspace(text[i])) i++;
            if (i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '#') {
                dg_buf_free(&v);
                return dg_error_at(err, DG_ERR_PARSE, file, line, "unexpected text after the closing quote");
            }
        } else {
            size_t vs = i;
            while (i < len && text[i] != '\n') {
                /* " #" starts a comment in an unquoted value; "a#b" does not. */
                if (text[i] == '#' && i > 0 && is_hspace(text[i - 1])) break;
                i++;
            }
            size_t ve = i;
            while (ve > vs && (is_hspace(text[ve - 1]) || text[ve - 1] == '\r')) ve--;
            dg_buf_append(&v, text + vs, ve - vs);
        }
        while (i < len && text[i] != '\n') i++;
        if (i < len) { i++; line++; }
        char *val = dg_buf_steal(&v);
        if (!val) val = dg_xstrdup("");
        push(out, dg_xstrndup(text + ks, ke - ks), val, start_line);
    }
    return 0;
}

/* ---- interpolation ---- */

struct interp {
    interp_lookup_fn lookup;
    void *lud;
    interp_ref_fn on_ref;
    void *rud;
    bool used;
    const char *file;
    int line;
    struct dg_error *err;
};

static bool name_start(char c) { return c == '_' || isalpha((unsigned char)c); }
static bool name_char(char c) { return c == '_' || isalnum((unsigned char)c); }

static int expand(struct interp *in, const char *s, size_t len, struct dg_buf *out, int depth);

/* Finds the '}' closing a "${" whose body starts at s[i]; nested ${...} count. */
static size_t find_close(const char *s, size_t len, size_t i)
{
    int nest = 0;
    for (; i < len; i++) {
        if (s[i] == '$' && i + 1 < len && s[i + 1] == '$') { i++; continue; }
        if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') { nest++; i++; continue; }
        if (s[i] == '}') {
            if (nest == 0) return i;
            nest--;
        }
    }
    return SIZE_MAX;
}

static int bad(struct interp *in, const char *s, size_t len)
{
    return dg_error_at(in->err, DG_ERR_PARSE, in->file, in->line,
                       "invalid interpolation \"%.*s\" (write $$ for a literal $)", (int)(len > 80 ? 80 : len), s);
}

static int expand(struct interp *in, const char *s, size_t len, struct dg_buf *out, int depth)
{
    if (depth > INTERP_MAX_DEPTH)
        return dg_error_at(in->err, DG_ERR_LIMIT, in->file, in->line, "interpolation nested deeper than %d levels",
                           INTERP_MAX_DEPTH);
    size_t i = 0;
    while (i < len) {
        const char *d = memchr(s + i, '$', len - i);
        if (!d) {
            if (dg_buf_append(out, s + i, len - i) != 0) goto toolong;
            break;
        }
        size_t k = (size_t)(d - s);
        if (dg_buf_append(out, s + i, k - i) != 0) goto toolong;
        if (k + 1 >= len) return bad(in, s, len);
        char c = s[k + 1];
        if (c == '$') {
            if (dg_buf_putc(out, '$') != 0) goto toolong;
            i = k + 2;
            continue;
        }
        size_t ns, ne;
        char op = 0;
        bool colon = false;
        size_t ws = 0, we = 0, next;
        if (c == '{') {
            ns = k + 2;
            ne = ns;
            if (ne >= len || !name_start(s[ne])) return bad(in, s, len);
            while (ne < len && name_char(s[ne])) ne++;
            size_t close = find_close(s, len, ne);
            if (close == SIZE_MAX) return bad(in, s, len);
            size_t p = ne;
            if (p < close) {
                if (s[p] == ':') { colon = true; p++; }
                if (p >= close || (s[p] != '-' && s[p] != '?' && s[p] != '+')) return bad(in, s, len);
                op = s[p++];
                ws = p;
                we = close;
            }
            next = close + 1;
        } else if (name_start(c)) {
            ns = k + 1;
            ne = ns;
            while (ne < len && name_char(s[ne])) ne++;
            next = ne;
        } else {
            return bad(in, s, len);
        }
        in->used = true;
        enum interp_source src = INTERP_UNSET;
        int dline = 0;
        const char *val = in->lookup(in->lud, s + ns, ne - ns, &src, &dline);
        bool set = val != NULL;
        bool nonempty = set && val[0];
        const char *lit = NULL;
        size_t litlen = 0;
        if (op == '-' || op == '+') {
            lit = s + ws;
            litlen = we - ws;
        }
        if (in->on_ref) in->on_ref(in->rud, s + ns, ne - ns, src, dline, lit, litlen);
        bool ok = colon ? nonempty : set;
        switch (op) {
        case 0:
            if (val && dg_buf_puts(out, val) != 0) goto toolong;
            break;
        case '-':
            if (ok) {
                if (dg_buf_puts(out, val) != 0) goto toolong;
            } else if (expand(in, s + ws, we - ws, out, depth + 1) != 0) {
                return -1;
            }
            break;
        case '+':
            if (ok && expand(in, s + ws, we - ws, out, depth + 1) != 0) return -1;
            break;
        case '?':
            if (!ok) {
                struct dg_buf m;
                dg_buf_init(&m, 512);
                struct interp sub = *in;
                sub.on_ref = NULL;
                int rc = expand(&sub, s + ws, we - ws, &m, depth + 1);
                if (rc == 0)
                    dg_error_at(in->err, DG_ERR_PARSE, in->file, in->line, "required variable %.*s is %s: %s",
                                (int)(ne - ns), s + ns, set ? "empty" : "not set", m.data ? m.data : "");
                dg_buf_free(&m);
                return -1;
            }
            if (dg_buf_puts(out, val) != 0) goto toolong;
            break;
        }
        i = next;
    }
    return 0;
toolong:
    return dg_error_at(in->err, DG_ERR_LIMIT, in->file, in->line, "interpolated value too long");
}

int interp_expand(const char *s, size_t len, interp_lookup_fn lookup, void *lud, interp_ref_fn on_ref, void *rud,
                  struct dg_buf *out, bool *used_var, const char *file, int line, struct dg_error *err)
{
    struct interp in = {lookup, lud, on_ref, rud, false, file, line, err};
    int rc = expand(&in, s, len, out, 0);
    if (used_var) *used_var = in.used;
    return rc;
}
