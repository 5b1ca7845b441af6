/* .dockerignore parsing and matching. Patterns compile to a token list
 * matched by NFA simulation, so `**` cannot cause exponential backtracking. */
#include "dockerfile/dockerignore.h"
#include "core/util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum tok_kind { T_LIT, T_ANY1, T_STAR, T_DSTAR, T_DSTAR_SLASH, T_CLASS };

struct tok {
    enum tok_kind kind;
    unsigned char c;
    uint8_t set[32];    /* T_CLASS: bitmap of accepted bytes */
};

struct pattern {
    char *text;         /* cleaned, for diagnostics */
    bool exception;
    struct tok *toks;
    size_t ntoks;
    size_t lit;         /* leading T_LIT tokens */
};

struct dockerignore {
    struct pattern *p;
    size_t n;
};

/* Cleans a slash-separated path like filepath.Clean, without a leading
 * slash: "./a//b/../c/" -> "a/c". "" for the context root. */
static char *clean_path(const char *s, size_t n)
{
    char *out = dg_xmalloc(n + 1);
    size_t o = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == '/') i++;
        size_t start = i;
        while (i < n && s[i] != '/') i++;
        size_t len = i - start;
        if (len == 0 || (len == 1 && s[start] == '.')) continue;
        if (len == 2 && s[start] == '.' && s[start + 1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            continue;
        }
        if (o) out[o++] = '/';
        memcpy(out + o, s + start, len);
        o += len;
    }
    out[o] = '\0';
    return out;
}

static void set_bit(uint8_t *set, unsigned c) { set[c >> 3] |= (uint8_t)(1u << (c & 7)); }
static bool has_bit(const uint8_t *set, unsigned c) { return set[c >> 3] & (1u << (c & 7)); }

static int compile(struct pattern *pt, const char *s)
{
    size_t n = strlen(s), cap = n + 1;
    pt->toks = dg_xcalloc(cap, sizeof *pt->toks);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        struct tok *t = &pt->toks[k++];
        if (s[i] == '*') {
            if (i + 1 < n && s[i + 1] == '*') {
                i += 2;
                while (i < n && s[i] == '*') i++;
                if (i < n && s[i] == '/') {
                    t->kind = T_DSTAR_SLASH;
                    i++;
                } else {
                    t->kind = T_DSTAR;
                }
            } else {
                t->kind = T_STAR;
                i++;
            }
        } else if (s[i] == '?') {
            t->kind = T_ANY1;
            i++;
        } else if (s[i] == '[') {
            size_t j = i + 1;
            bool neg = j < n && (s[j] == '^' || s[j] == '!');
            if (neg) j++;
            uint8_t set[32] = {0};
            bool closed = false, first = true;
            while (j < n) {
                if (s[j] == ']' && !first) { closed = true; j++; break; }
                first = false;
                unsigned lo = (unsigned char)s[j];
                if (s[j] == '\\' && j + 1 < n) lo = (unsigned char)s[++j];
                j++;
                unsigned hi = lo;
                if (j + 1 < n && s[j] == '-' && s[j + 1] != ']') {
                    hi = (unsigned char)s[j + 1];
                    if (s[j + 1] == '\\' && j + 2 < n) { hi = (unsigned char)s[j + 2]; j++; }
                    j += 2;
                }
                for (unsigned c = lo; c <= hi && c < 256; c++) set_bit(set, c);
            }
            if (!closed) return -1;
            t->kind = T_CLASS;
            for (int b = 0; b < 32; b++) t->set[b] = neg ? (uint8_t)~set[b] : set[b];
            i = j;
        } else if (s[i] == '\\' && i + 1 < n) {
            t->kind = T_LIT;
            t->c = (unsigned char)s[i + 1];
            i += 2;
        } else {
            t->kind = T_LIT;
            t->c = (unsigned char)s[i++];
        }
    }
    pt->ntoks = k;
    for (pt->lit = 0; pt->lit < k && pt->toks[pt->lit].kind == T_LIT; pt->lit++) {
    }
    return 0;
}

/* NFA simulation. State i (0..ntoks) = before token i; states ntoks+1.. are
 * the "inside" variants of T_DSTAR_SLASH tokens. */
static void closure(const struct pattern *pt, bool *st)
{
    for (size_t i = 0; i < pt->ntoks; i++) {
        if (!st[i]) continue;
        enum tok_kind k = pt->toks[i].kind;
        if (k == T_STAR || k == T_DSTAR || k == T_DSTAR_SLASH) st[i + 1] = true;
    }
}

static bool pattern_match(const struct pattern *pt, const char *s)
{
    size_t ns = pt->ntoks + 1;
    bool stackbuf[2 * 2 * 65];
    bool *mem = ns * 4 <= sizeof stackbuf / sizeof stackbuf[0] ? stackbuf : dg_xcalloc(ns * 4, sizeof *mem);
    bool *cur = mem, *next = mem + ns * 2;
    memset(cur, 0, ns * 2 * sizeof *cur);
    cur[0] = true;
    closure(pt, cur);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        memset(next, 0, ns * 2 * sizeof *next);
        bool any = false;
        for (size_t i = 0; i < pt->ntoks; i++) {
            const struct tok *t = &pt->toks[i];
            bool in = cur[i], inside = cur[ns + i];
            if (!in && !inside) continue;
            switch (t->kind) {
            case T_LIT:
                if (in && *c == t->c) next[i + 1] = any = true;
                break;
            case T_ANY1:
                if (in && *c != '/') next[i + 1] = any = true;
                break;
            case T_CLASS:
                if (in && *c != '/' && has_bit(t->set, *c)) next[i + 1] = any = true;
                break;
            case T_STAR:
                if (in && *c != '/') next[i] = any = true;
                break;
            case T_DSTAR:
                if (in) next[i] = any = true;
                break;
            case T_DSTAR_SLASH:
                next[ns + i] = any = true;
                if (*c == '/') next[i + 1] = true;
                break;
            }
        }
        if (!any) {
            if (mem != stackbuf) free(mem);
            return false;
        }
        closure(pt, next);
        bool *tmp = cur;
        cur = next;
        next = tmp;
    }
    bool ok = cur[pt->ntoks];
    if (mem != stackbuf) free(mem);
    return ok;
}

int dockerignore_parse(const char *path, const char *text, size_t len, struct dockerignore **out,
                       struct dg_error *err)
{
    *out = NULL;
    if (len > DOCKERIGNORE_MAX_BYTES)
        return dg_error_at(err, DG_ERR_LIMIT, path, 0, "larger than the %u byte limit", DOCKERIGNORE_MAX_BYTES);
    struct dockerignore *d = dg_xcalloc(1, sizeof *d);
    size_t cap = 0;
    const char *p = text, *end = text + len;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        const char *s = p;
        p = nl ? nl + 1 : end;
        if (s < le && *s == '#') continue;
        while (s < le && isspace((unsigned char)*s)) s++;
        const char *e = le;
        while (e > s && isspace((unsigned char)e[-1])) e--;
        if (s == e) continue;
        bool exc = false;
        if (*s == '!') {
            exc = true;
            s++;
            while (s < e && isspace((unsigned char)*s)) s++;
        }
        if ((size_t)(e - s) > DOCKERIGNORE_MAX_PATTERN) {
            dockerignore_free(d);
            return dg_error_at(err, DG_ERR_LIMIT, path, line, "pattern longer than %d bytes", DOCKERIGNORE_MAX_PATTERN);
        }
        if (d->n >= DOCKERIGNORE_MAX_PATTERNS) {
            dockerignore_free(d);
            return dg_error_at(err, DG_ERR_LIMIT, path, line, "more than %d patterns", DOCKERIGNORE_MAX_PATTERNS);
        }
        if (d->n == cap) {
            cap = cap ? cap * 2 : 16;
            d->p = dg_xrealloc(d->p, cap * sizeof *d->p);
        }
        struct pattern *pt = &d->p[d->n];
        memset(pt, 0, sizeof *pt);
        pt->text = clean_path(s, (size_t)(e - s));
        pt->exception = exc;
        d->n++;
        if (compile(pt, pt->text) != 0) {
            int rc = dg_error_at(err, DG_ERR_PARSE, path, line, "bad pattern '%s': unterminated character class",
                                 pt->text);
            dockerignore_free(d);
            return rc;
        }
    }
    *out = d;
    return 0;
}

static bool matches_or_parent(const struct pattern *pt, char *path)
{
    /* A match, of the path or of a parent (a prefix of it), begins with
     * the pattern's leading literal bytes: most pattern and path pairs
     * differ there, before any NFA step. */
    for (size_t i = 0; i < pt->lit; i++)
        if ((unsigned char)path[i] != pt->toks[i].c) return false;
    if (pattern_match(pt, path)) return true;
    /* A pattern that matches a parent folder matches everything in it. */
    for (char *s = path; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        bool m = pattern_match(pt, path);
        *s = '/';
        if (m) return true;
    }
    return false;
}

bool dockerignore_excluded(const struct dockerignore *d, const char *relpath)
{
    if (!d || !relpath) return false;
    char *p = clean_path(relpath, strlen(relpath));
    bool excluded = false;
    if (*p)
        for (size_t i = 0; i < d->n; i++)
            if (matches_or_parent(&d->p[i], p)) excluded = !d->p[i].exception;
    free(p);
    return excluded;
}

size_t dockerignore_count(const struct dockerignore *d) { return d ? d->n : 0; }

void dockerignore_free(struct dockerignore *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->p[i].text);
        free(d->p[i].toks);
    }
    free(d->p);
    free(d);
}
