/* Dockerfile parser. Reads parser directives, joins continuation lines
 * (skipping comment and empty lines inside them as Docker does), reads
 * heredoc bodies, splits flags, exec (JSON) and shell forms, key/value
 * pairs, and builds the stage graph with meta-ARG substitution in FROM.
 * Everything is bounded; bad input is an error naming the file and line. */
#include "dockerfile/dockerfile.h"
#include "core/util.h"
#include "dockerfile/execform.h"
#include "dockerfile/shell.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct line {
    const char *s;   /* start of the physical line */
    size_t n;        /* length without the newline (and without a trailing \r) */
};

/* A logical instruction: its text with continuations joined, and a map from
 * offsets in that text back to physical lines (for per-key positions). One
 * is reused for every instruction of a file: its buffers keep their room. */
struct logical {
    struct dg_buf text;      /* escape+newline removed */
    /* An instruction of one line (the usual kind) is not gathered in text:
     * its line is copied to the model once, to be parsed and kept as the
     * instruction as written. */
    char *line;
    size_t line_len;
    size_t *seg_off;         /* offset in text where each joined segment starts */
    int *seg_line;
    size_t nseg, capseg;
};

/* Everything the model keeps is allocated from the build's arena (mem);
 * text is assembled in the reused buffers here and copied there once. */
struct parser {
    const char *path;
    struct line *lines;
    size_t nlines;
    bool cr_dropped;         /* some line ended in \r\n: see keep_raw */
    size_t cur;              /* next physical line to read (0-based) */
    char escape;
    /* The classes that end a run of a word's characters taken as they are
     * (read_word), for the escape character in force. */
    unsigned plain_stop;
    struct build *b;
    struct dg_arena *mem;
    struct dg_error *err;
    struct logical lg;
    struct dg_buf word;      /* one word being unquoted */
    struct dg_buf body;      /* one heredoc body */
    struct dg_buf raw;       /* see keep_raw */
    /* One instruction's words, gathered here (the room is kept from one
     * instruction to the next) and copied to the model once, at their
     * count: growing the model's array in the arena copied it at every
     * doubling, since the words themselves are allocated between. */
    struct {
        char **v;
        size_t n, cap;
    } words;
};

/* Character classes for the loops that look at every byte of the text.
 * They are those of the C locale, the one this program runs in (it never
 * calls setlocale): C_SPACE is isspace(). One table lookup replaces a chain
 * of comparisons per byte. */
enum {
    C_END = 1,      /* the terminating NUL */
    C_SPACE = 2,
    C_DQUOTE = 4,
    C_SQUOTE = 8,
    C_BSLASH = 16,  /* \ and `: the escape character is one of them */
    C_BTICK = 32,
    C_LT = 64,      /* < (heredoc markers) */
};
static const unsigned char cclass[256] = {
    [0] = C_END,     ['\t'] = C_SPACE,  ['\n'] = C_SPACE,  ['\v'] = C_SPACE,  ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    [' '] = C_SPACE, ['"'] = C_DQUOTE, ['\''] = C_SQUOTE, ['\\'] = C_BSLASH, ['`'] = C_BTICK,  ['<'] = C_LT,
};

static bool c_space(char c)
{
    return cclass[(unsigned char)c] & C_SPACE;
}

/* The class bit of the escape character in force. */
static unsigned esc_class(char escape)
{
    return escape == '`' ? C_BTICK : C_BSLASH;
}

/* Copies the buffer's text into the model. */
static char *p_keep(struct parser *p, const struct dg_buf *b)
{
    return dg_arena_strndup(p->mem, b->data ? b->data : "", b->len);
}

static void p_reset(struct dg_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

#define KW(name, kind) {name, sizeof name - 1, kind}
static const struct {
    const char *name;
    size_t len;
    enum df_kind kind;
} keywords[] = {
    KW("FROM", DF_FROM),       KW("RUN", DF_RUN),           KW("CMD", DF_CMD),
    KW("LABEL", DF_LABEL),     KW("MAINTAINER", DF_MAINTAINER), KW("EXPOSE", DF_EXPOSE),
    KW("ENV", DF_ENV),         KW("ADD", DF_ADD),           KW("COPY", DF_COPY),
    KW("ENTRYPOINT", DF_ENTRYPOINT), KW("VOLUME", DF_VOLUME), KW("USER", DF_USER),
    KW("WORKDIR", DF_WORKDIR), KW("ARG", DF_ARG),           KW("ONBUILD", DF_ONBUILD),
    KW("STOPSIGNAL", DF_STOPSIGNAL), KW("HEALTHCHECK", DF_HEALTHCHECK), KW("SHELL", DF_SHELL),
};
#undef KW

static enum df_kind kind_of(const char *kw, size_t n)
{
    /* Keywords are capital letters, and c & ~0x20 is the capital of c for
     * a letter of either case and a letter for no other byte: this is
     * strncasecmp without a call per keyword, and most keywords are ruled
     * out by their length or first letter. */
    int first = kw[0] & ~0x20;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const char *k = keywords[i].name;
        if (keywords[i].len != n || k[0] != first) continue;
        size_t j = 1;
        while (j < n && k[j] == (kw[j] & ~0x20)) j++;
        if (j == n) return keywords[i].kind;
    }
    return DF_UNKNOWN;
}

/* An empty line or a comment: neither starts nor continues an instruction. */
static bool is_blank_or_comment(const struct line *l)
{
    size_t i = 0;
    while (i < l->n && c_space(l->s[i])) i++;
    return i == l->n || l->s[i] == '#';
}

static int split_lines(struct parser *p, const char *text, size_t len)
{
    /* Counted first: one allocation of the right size. */
    size_t count = 1;
    for (const char *c = text, *end = text + len; (c = memchr(c, '\n', (size_t)(end - c))) != NULL; c++) count++;
    p->lines = dg_xmalloc(count * sizeof *p->lines);
    const char *s = text, *end = text + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        size_t m = n;
        if (m && s[m - 1] == '\r') {
            m--;
            p->cr_dropped = true;
        }
        p->lines[p->nlines].s = s;
        p->lines[p->nlines].n = m;
        p->nlines++;
        s = nl ? nl + 1 : end;
    }
    return 0;
}

/* "# key=value" directives at the very top; the first line of any other
 * kind (comment, blank line, instruction) ends them. */
static int read_directives(struct parser *p)
{
    bool seen_escape = false, seen_syntax = false, seen_check = false;
    while (p->cur < p->nlines) {
        const struct line *l = &p->lines[p->cur];
        const char *s = l->s, *e = l->s + l->n;
        while (s < e && isspace((unsigned char)*s)) s++;
        if (s == e || *s != '#') return 0;
        s++;
        while (s < e && isspace((unsigned char)*s)) s++;
        const char *k = s;
        while (s < e && (isalnum((unsigned char)*s) || *s == '_' || *s == '-')) s++;
        size_t kn = (size_t)(s - k);
        while (s < e && isspace((unsigned char)*s)) s++;
        if (kn == 0 || s == e || *s != '=') return 0;
        s++;
        while (s < e && isspace((unsigned char)*s)) s++;
        const char *v = s;
        const char *ve = e;
        while (ve > v && isspace((unsigned char)ve[-1])) ve--;
        int line = (int)p->cur + 1;
        if (kn == 6 && strncasecmp(k, "escape", 6) == 0) {
            if (seen_escape) return dg_error_at(p->err, DG_ERR_PARSE, p->path, line, "only one escape directive is allowed");
            if (ve - v != 1 || (*v != '\\' && *v != '`'))
                return dg_error_at(p->err, DG_ERR_PARSE, p->path, line,
                                   "invalid escape directive '%.*s': must be \\ or `", (int)(ve - v), v);
            p->escape = *v;
            seen_escape = true;
        } else if (kn == 6 && strncasecmp(k, "syntax", 6) == 0) {
            if (seen_syntax) return dg_error_at(p->err, DG_ERR_PARSE, p->path, line, "only one syntax directive is allowed");
            p->b->syntax = dg_arena_strndup(p->mem, v, (size_t)(ve - v));
            seen_syntax = true;
        } else if (kn == 5 && strncasecmp(k, "check", 5) == 0) {
            if (seen_check) return dg_error_at(p->err, DG_ERR_PARSE, p->path, line, "only one check directive is allowed");
            p->b->check = dg_arena_strndup(p->mem, v, (size_t)(ve - v));
            seen_check = true;
        } else {
            /* An unknown directive is a comment, and a comment ends the directives. */
            return 0;
        }
        p->cur++;
    }
    return 0;
}

static void logical_seg(struct logical *lg, int line)
{
    if (lg->nseg == lg->capseg) {
        lg->capseg = lg->capseg ? lg->capseg * 2 : 8;
        lg->seg_off = dg_xrealloc(lg->seg_off, lg->capseg * sizeof *lg->seg_off);
        lg->seg_line = dg_xrealloc(lg->seg_line, lg->capseg * sizeof *lg->seg_line);
    }
    lg->seg_off[lg->nseg] = lg->text.len;
    lg->seg_line[lg->nseg] = line;
    lg->nseg++;
}

static int logical_line_at(const struct logical *lg, size_t off)
{
    int line = lg->nseg ? lg->seg_line[0] : 0;
    for (size_t i = 0; i < lg->nseg && lg->seg_off[i] <= off; i++) line = lg->seg_line[i];
    return line;
}

static void logical_free(struct logical *lg)
{
    dg_buf_free(&lg->text);
    free(lg->seg_off);
    free(lg->seg_line);
    memset(lg, 0, sizeof *lg);
}

static void logical_reset(struct logical *lg)
{
    p_reset(&lg->text);
    lg->line = NULL;
    lg->nseg = 0;
}

/* An instruction as written: its physical lines first..end-1 (with any
 * heredoc bodies), joined with '\n'. Without \r\n line ends that is the
 * file's own text from the first line's start to the last one's end,
 * copied at once instead of gathered line by line. */
static char *keep_raw(struct parser *p, size_t first, size_t end)
{
    const struct line *a = &p->lines[first], *z = &p->lines[end - 1];
    if (!p->cr_dropped) return dg_arena_strndup(p->mem, a->s, (size_t)(z->s + z->n - a->s));
    p_reset(&p->raw);
    for (const struct line *l = a; l <= z; l++) {
        if (l > a) dg_buf_putc(&p->raw, '\n');
        dg_buf_append(&p->raw, l->s, l->n);
    }
    return p_keep(p, &p->raw);
}

/* Reads one logical instruction starting at p->cur (which is neither blank
 * nor a comment). Returns its last physical line index. */
static int read_logical(struct parser *p, struct logical *lg, size_t *last)
{
    logical_reset(lg);
    bool first = true;
    while (p->cur < p->nlines) {
        const struct line *l = &p->lines[p->cur];
        if (!first && is_blank_or_comment(l)) {
            /* Inside a continuation, comment and empty lines are dropped. */
            p->cur++;
            continue;
        }
        size_t n = l->n;
        while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t')) n--;
        bool cont = n && l->s[n - 1] == p->escape;
        /* An escaped escape ("\\" at the end) is not a continuation. */
        if (cont && n >= 2 && l->s[n - 2] == p->escape && p->escape == '\\') {
            size_t k = n - 1, run = 0;
            while (k > 0 && l->s[k - 1] == p->escape) { k--; run++; }
            if (run % 2 == 1) cont = false;
        }
        logical_seg(lg, (int)p->cur + 1);
        if (first && !cont) {
            lg->line = dg_arena_strndup(p->mem, l->s, l->n);
            lg->line_len = l->n;
            *last = p->cur++;
            break;
        }
        if (dg_buf_append(&lg->text, l->s, cont ? n - 1 : l->n) != 0)
            return dg_error_at(p->err, DG_ERR_LIMIT, p->path, (int)p->cur + 1, "instruction longer than %u bytes",
                               DOCKERFILE_MAX_BYTES);
        *last = p->cur;
        p->cur++;
        first = false;
        if (!cont) break;
    }
    return 0;
}

/* Splits off "--name[=value]" flags at the start of s; returns the rest. */
static const char *parse_flags(struct parser *p, const char *s, struct df_instr *in)
{
    size_t cap = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t') s++;
        if (s[0] != '-' || s[1] != '-' || !s[2] || c_space(s[2])) return s;
        const char *t = s + 2;
        const char *name = t;
        while (*t && *t != '=' && !c_space(*t)) t++;
        size_t nn = (size_t)(t - name);
        char *value = NULL;
        if (*t == '=') {
            t++;
            struct dg_buf *v = &p->word;
            p_reset(v);
            char q = 0;
            while (*t && (q || !c_space(*t))) {
                if (!q && (*t == '"' || *t == '\'')) { q = *t++; continue; }
                if (q && *t == q) { q = 0; t++; continue; }
                dg_buf_putc(v, *t++);
            }
            value = p_keep(p, v);
        }
        in->flags = dg_arena_reserve(p->mem, in->flags, in->nflags, &cap, sizeof *in->flags);
        in->flags[in->nflags].name = dg_arena_strndup(p->mem, name, nn);
        in->flags[in->nflags].value = value;
        in->nflags++;
        s = t;
    }
}

static void words_grow(struct parser *p)
{
    p->words.cap = p->words.cap ? p->words.cap * 2 : 16;
    p->words.v = dg_xrealloc(p->words.v, p->words.cap * sizeof *p->words.v);
}

static inline void words_push(struct parser *p, char *w)
{
    if (p->words.n == p->words.cap) words_grow(p);
    p->words.v[p->words.n++] = w;
}

/* The gathered words become in's arguments (none: args stays NULL). */
static void words_commit(struct parser *p, struct df_instr *in)
{
    if (p->words.n) {
        in->args = dg_arena_alloc(p->mem, p->words.n * sizeof *in->args);
        memcpy(in->args, p->words.v, p->words.n * sizeof *in->args);
        in->nargs = p->words.n;
    }
    p->words.n = 0;
}

/* Reads the rest of a word from r, which is within the word and not
 * quoted, appending it to w with quotes removed; escape keeps the next
 * character. Returns the word's end. */
static const char *read_word(struct parser *p, const char *r, struct dg_buf *w)
{
    const char escape = p->escape;
    const unsigned dq_stop = C_END | C_DQUOTE | esc_class(escape);
    const char *s = r;
    char q = 0;
    while (*s && (q || !c_space(*s))) {
        /* A run of characters that are taken as they are goes in at once. */
        r = s;
        if (!q)
            while (!(cclass[(unsigned char)*r] & p->plain_stop)) r++;
        else if (q == '\'')
            while (*r && *r != q) r++;
        else
            while (!(cclass[(unsigned char)*r] & dq_stop)) r++;
        if (r > s) {
            dg_buf_append(w, s, (size_t)(r - s));
            s = r;
            continue;
        }
        if (*s == escape && s[1] && q != '\'') {
            /* Inside double quotes only quote and escape characters are escaped. */
            if (!q || s[1] == '"' || s[1] == escape) {
                dg_buf_append(w, s + 1, 1);
                s += 2;
                continue;
            }
        }
        if (!q && (*s == '"' || *s == '\'')) { q = *s++; continue; }
        if (q && *s == q) { q = 0; s++; continue; }
        dg_buf_append(w, s++, 1);
    }
    return s;
}

/* The word at s, whose first character that is not taken as it is (a
 * quote or the escape) is at r, into the model through the word buffer;
 * returns its end. */
static const char *keep_quoted_word(struct parser *p, const char *s, const char *r, char **out)
{
    p_reset(&p->word);
    dg_buf_append(&p->word, s, (size_t)(r - s));
    r = read_word(p, r, &p->word);
    *out = p_keep(p, &p->word);
    return r;
}

/* Reads the word at s with quotes removed into the model; returns its end.
 * A word without quotes or escapes, the usual kind, is copied straight
 * from the text. */
static inline const char *take_word(struct parser *p, const char *s, char **out)
{
    const char *r = s;
    while (!(cclass[(unsigned char)*r] & p->plain_stop)) r++;
    if (!(cclass[(unsigned char)*r] & (C_END | C_SPACE))) return keep_quoted_word(p, s, r, out);
    *out = dg_arena_strndup(p->mem, s, (size_t)(r - s));
    return r;
}

/* Whitespace-separated words of s, quotes removed, onto p->words. */
static void split_words(struct parser *p, const char *s)
{
    for (;;) {
        while (c_space(*s)) s++;
        if (!*s) return;
        char *w;
        s = take_word(p, s, &w);
        words_push(p, w);
    }
}

/* Exec form: s[0..n) is a JSON array of strings, and nothing else; its
 * strings go to args (NULL when there are none). */
static bool parse_json_args(struct parser *p, const char *s, size_t n, char ***args, size_t *nargs)
{
    const char *e = s + n;
    while (s < e && c_space(*s)) s++;
    if (s == e || *s != '[') return false;
    while (e > s && c_space(e[-1])) e--;
    if (e[-1] != ']') return false;
    return execform_read(s, (size_t)(e - s), p->mem, args, nargs);
}

static void push_kv(struct parser *p, struct df_instr *in, char *key, char *value, int line, size_t *cap)
{
    in->kvs = dg_arena_reserve(p->mem, in->kvs, in->nkvs, cap, sizeof *in->kvs);
    in->kvs[in->nkvs].key = key;
    in->kvs[in->nkvs].value = value;
    in->kvs[in->nkvs].line = line;
    in->nkvs++;
}

/* ENV, LABEL and ARG pairs: "k=v k2='v 2'" or the legacy "ENV k v w". */
static void parse_kvs(struct parser *p, const char *s, const char *base, const char *end, struct df_instr *in)
{
    const struct logical *lg = &p->lg;
    size_t cap = 0;
    while (c_space(*s)) s++;
    const char *first_end = s;
    while (*first_end && !c_space(*first_end) && *first_end != '=') first_end++;
    bool legacy = in->kind != DF_ARG && *first_end != '=' && *first_end;
    if (legacy) {
        const char *v = first_end;
        while (c_space(*v)) v++;
        size_t vn = (size_t)(end - v);
        while (vn && c_space(v[vn - 1])) vn--;
        push_kv(p, in, dg_arena_strndup(p->mem, s, (size_t)(first_end - s)), dg_arena_strndup(p->mem, v, vn),
                logical_line_at(lg, (size_t)(s - base)), &cap);
        return;
    }
    while (*s) {
        while (c_space(*s)) s++;
        if (!*s) break;
        const char *kstart = s;
        struct dg_buf *w = &p->word;
        p_reset(w);
        while (*s && *s != '=' && !c_space(*s)) {
            if (*s == '"' || *s == '\'') {
                char q = *s++;
                while (*s && *s != q) dg_buf_putc(w, *s++);
                if (*s) s++;
                continue;
            }
            dg_buf_putc(w, *s++);
        }
        char *key = p_keep(p, w);
        char *value = NULL;
        if (*s == '=') s = take_word(p, s + 1, &value);
        push_kv(p, in, key, value, logical_line_at(lg, (size_t)(kstart - base)), &cap);
    }
}

/* Heredoc markers ("<<EOF", "<<-EOF", "<<'EOF'", "<<\"EOF\"") in s, outside
 * quotes, in order. A delimiter must start with a letter or underscore so
 * that "$((1<<2))" and "<<<" here-strings are not taken for heredocs. */
static int find_heredocs(struct parser *p, const char *s, struct df_instr *in, int line)
{
    char q = 0;
    size_t cap = 0;
    for (const char *c = s; *c; c++) {
        if (q) {
            /* Inside quotes only the closing quote matters. */
            c = strchr(c, q);
            if (!c) break;
            q = 0;
            continue;
        }
        while (!(cclass[(unsigned char)*c] & (C_END | C_DQUOTE | C_SQUOTE | C_LT))) c++;
        if (!*c) break;
        if (*c == '\'' || *c == '"') { q = *c; continue; }
        if (c[0] != '<' || c[1] != '<' || c[2] == '<' || (c > s && c[-1] == '<')) continue;
        const char *d = c + 2;
        bool strip = false, quoted = false;
        if (*d == '-') { strip = true; d++; }
        char dq = 0;
        if (*d == '"' || *d == '\'') { dq = *d++; quoted = true; }
        if (!(isalpha((unsigned char)*d) || *d == '_')) continue;
        const char *de = d;
        while (isalnum((unsigned char)*de) || *de == '_' || *de == '-' || *de == '.') de++;
        if (dq) {
            if (*de != dq) continue;
        }
        if (in->nheredocs >= DOCKERFILE_MAX_HEREDOCS)
            return dg_error_at(p->err, DG_ERR_LIMIT, p->path, line, "more than %d heredocs in one instruction",
                               DOCKERFILE_MAX_HEREDOCS);
        in->heredocs = dg_arena_reserve(p->mem, in->heredocs, in->nheredocs, &cap, sizeof *in->heredocs);
        struct df_heredoc *h = &in->heredocs[in->nheredocs++];
        memset(h, 0, sizeof *h);
        h->delim = dg_arena_strndup(p->mem, d, (size_t)(de - d));
        h->strip_tabs = strip;
        h->quoted = quoted;
        c = de;
        if (!*c) break;
    }
    return 0;
}

/* Reads the bodies of the heredocs found on the instruction, in order, from
 * the physical lines that follow it. */
static int read_heredoc_bodies(struct parser *p, struct df_instr *in)
{
    struct dg_buf *body = &p->body;
    for (size_t i = 0; i < in->nheredocs; i++) {
        struct df_heredoc *h = &in->heredocs[i];
        p_reset(body);
        h->line = (int)p->cur + 1;
        bool done = false;
        while (p->cur < p->nlines) {
            const struct line *l = &p->lines[p->cur++];
            const char *s = l->s;
            size_t n = l->n;
            if (h->strip_tabs)
                while (n && *s == '\t') { s++; n--; }
            if (n == strlen(h->delim) && memcmp(s, h->delim, n) == 0) {
                done = true;
                break;
            }
            if (dg_buf_append(body, s, n) != 0 || dg_buf_putc(body, '\n') != 0) {
                return dg_error_at(p->err, DG_ERR_LIMIT, p->path, h->line, "heredoc larger than %u bytes",
                                   DOCKERFILE_MAX_BYTES);
            }
        }
        if (!done) {
            return dg_error_at(p->err, DG_ERR_PARSE, p->path, in->line, "heredoc '%s' is not terminated", h->delim);
        }
        h->body = p_keep(p, body);
        in->end_line = (int)p->cur;
    }
    return 0;
}

static bool takes_exec_form(enum df_kind k)
{
    return k == DF_RUN || k == DF_CMD || k == DF_ENTRYPOINT || k == DF_SHELL || k == DF_COPY || k == DF_ADD ||
           k == DF_VOLUME;
}

/* Fills in (keyword, flags, args, kvs, nested ONBUILD) from text starting at
 * s, within the logical text [base, end). */
static int parse_instr_text(struct parser *p, struct df_instr *in, const char *s, const char *base, const char *end,
                            int depth)
{
    while (c_space(*s)) s++;
    const char *kw = s;
    while (!(cclass[(unsigned char)*s] & (C_END | C_SPACE))) s++;
    in->keyword = dg_arena_strndup(p->mem, kw, (size_t)(s - kw));
    in->kind = kind_of(kw, (size_t)(s - kw));
    in->col = (int)(kw - base) + 1;
    if (in->kind == DF_ONBUILD) {
        while (c_space(*s)) s++;
        in->args_text = dg_arena_strndup(p->mem, s, (size_t)(end - s));
        if (!*s) return dg_error_at(p->err, DG_ERR_PARSE, p->path, in->line, "ONBUILD needs an instruction");
        if (depth > 0) return dg_error_at(p->err, DG_ERR_PARSE, p->path, in->line, "ONBUILD ONBUILD is not allowed");
        in->onbuild = dg_arena_calloc(p->mem, 1, sizeof *in->onbuild);
        in->onbuild->line = in->line;
        in->onbuild->end_line = in->end_line;
        in->onbuild->stage = in->stage;
        in->onbuild->raw = dg_arena_strndup(p->mem, s, (size_t)(end - s));
        int rc = parse_instr_text(p, in->onbuild, s, base, end, depth + 1);
        if (rc == 0 && (in->onbuild->kind == DF_FROM || in->onbuild->kind == DF_MAINTAINER))
            return dg_error_at(p->err, DG_ERR_PARSE, p->path, in->line, "%s is not allowed as an ONBUILD instruction",
                               in->onbuild->keyword);
        return rc;
    }
    s = parse_flags(p, s, in);
    while (c_space(*s)) s++;
    size_t rn = (size_t)(end - s);
    while (rn && c_space(s[rn - 1])) rn--;
    char *rest = dg_arena_strndup(p->mem, s, rn);
    in->args_text = rest;
    switch (in->kind) {
    case DF_ENV:
    case DF_LABEL:
    case DF_ARG:
        parse_kvs(p, s, base, end, in);
        split_words(p, rest);
        words_commit(p, in);
        break;
    case DF_HEALTHCHECK: {
        char *first;
        const char *t = take_word(p, rest, &first);
        words_push(p, first);
        if (strcasecmp(first, "CMD") == 0) {
            char **args;
            size_t nargs;
            if (parse_json_args(p, t, (size_t)(rest + rn - t), &args, &nargs)) {
                in->json_form = true;
                for (size_t i = 0; i < nargs; i++) words_push(p, args[i]);
            } else {
                split_words(p, t);
            }
        }
        words_commit(p, in);
        break;
    }
    default:
        if (takes_exec_form(in->kind) && parse_json_args(p, rest, rn, &in->args, &in->nargs)) {
            in->json_form = true;
        } else {
            split_words(p, rest);
            words_commit(p, in);
        }
        break;
    }
    return 0;
}

static void add_stage(struct parser *p, struct build *b, struct df_instr *in, size_t idx, size_t *cap)
{
    b->stages = dg_arena_reserve(p->mem, b->stages, b->nstages, cap, sizeof *b->stages);
    struct df_stage *st = &b->stages[b->nstages];
    memset(st, 0, sizeof *st);
    st->index = (int)b->nstages;
    st->first = idx;
    st->count = 1;
    st->line = in->line;
    st->base_stage = -1;
    /* Words of the FROM line live as long as the stage: shared, not copied. */
    st->base_raw = in->nargs ? in->args[0] : dg_arena_strdup(p->mem, "");
    if (in->nargs >= 3 && strcasecmp(in->args[1], "AS") == 0) st->name = in->args[2];
    const char *plat = df_flag_get(in, "platform");
    if (plat) st->platform = dg_arena_strdup(p->mem, plat);
    char *base = dockerfile_expand(st->base_raw, b->meta_args, b->nmeta_args, b->escape);
    st->base = dg_arena_strdup(p->mem, base);
    free(base);
    for (size_t k = 0; k < b->nstages; k++)
        if (b->stages[k].name && strcasecmp(b->stages[k].name, st->base) == 0) st->base_stage = (int)k;
    b->nstages++;
}

/* Moves src's commands into dst, making their lines absolute; src's
 * memory joins the build's arena. */
static void script_append(struct parser *p, struct sh_script *dst, struct sh_script *src, int line_base)
{
    for (size_t i = 0; i < src->n; i++) src->cmds[i].line = line_base + src->cmds[i].line - 1;
    if (!dst->cmds) {
        /* The usual case, one part: its array is taken as it is. */
        dst->cmds = src->cmds;
        dst->n = src->n;
        dst->cap = src->cap;
    } else {
        for (size_t i = 0; i < src->n; i++) {
            dst->cmds = dg_arena_reserve(p->mem, dst->cmds, dst->n, &dst->cap, sizeof *dst->cmds);
            dst->cmds[dst->n++] = src->cmds[i];
        }
    }
    dst->truncated |= src->truncated;
    dg_arena_adopt(p->mem, &src->mem);
    memset(src, 0, sizeof *src);
}

/* What a RUN executes: exec form, shell form and heredoc bodies, with
 * command lines in file coordinates. Read once here so that every rule
 * shares one reading instead of each re-reading the shell text. */
/* The signature covers the texts the rules' quick tests would search. */
static struct df_textsig *run_sig(struct parser *p, const struct df_instr *in)
{
    struct df_textsig *sig = dg_arena_calloc(p->mem, 1, sizeof *sig);
    const char *t = in->args_text ? in->args_text : in->raw;
    if (t) df_textsig_add(sig, t, strlen(t));
    for (size_t h = 0; h < in->nheredocs; h++)
        if (in->heredocs[h].body) df_textsig_add(sig, in->heredocs[h].body, strlen(in->heredocs[h].body));
    if (in->json_form)
        for (size_t a = 0; a < in->nargs; a++) df_textsig_add(sig, in->args[a], strlen(in->args[a]));
    return sig;
}

static struct sh_script *run_script(struct parser *p, const struct df_instr *in)
{
    /* Its own arena stays empty: what it holds lives in the build's. */
    struct sh_script *out = dg_arena_calloc(p->mem, 1, sizeof *out);
    struct sh_script part;
    if (in->json_form) {
        sh_parse_argv(in->args, in->nargs, &part);
        script_append(p, out, &part, in->line);
        return out;
    }
    if (in->args_text) {
        sh_parse_in(in->args_text, strlen(in->args_text), p->mem, &part);
        script_append(p, out, &part, in->line);
    }
    for (size_t h = 0; h < in->nheredocs; h++) {
        const struct df_heredoc *hd = &in->heredocs[h];
        if (!hd->body) continue;
        /* A heredoc with its own interpreter (#!/usr/bin/env python) is not shell. */
        if (hd->body[0] == '#' && hd->body[1] == '!') {
            size_t n = strcspn(hd->body, "\n");
            char first[256];
            snprintf(first, sizeof first, "%.*s", (int)(n < 255 ? n : 255), hd->body);
            if (!strstr(first, "sh")) continue;
        }
        sh_parse_in(hd->body, strlen(hd->body), p->mem, &part);
        script_append(p, out, &part, hd->line > 0 ? hd->line : in->line);
    }
    return out;
}

int dockerfile_parse(const char *path, const char *text, size_t len, struct build *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    /* The model takes a few times the text's size. */
    dg_arena_init(&out->mem, len <= DOCKERFILE_MAX_BYTES ? 4 * len : 0);
    out->path = dg_arena_strdup(&out->mem, path);
    out->escape = '\\';
    if (len > DOCKERFILE_MAX_BYTES)
        return dg_error_at(err, DG_ERR_LIMIT, path, 0, "larger than the %u byte limit", DOCKERFILE_MAX_BYTES);
    if (memchr(text, '\0', len))
        return dg_error_at(err, DG_ERR_PARSE, path, 0, "contains NUL bytes: not a Dockerfile");
    struct parser p = {.path = path, .escape = '\\', .b = out, .mem = &out->mem, .err = err};
    dg_buf_init(&p.lg.text, DOCKERFILE_MAX_BYTES);
    dg_buf_init(&p.raw, DOCKERFILE_MAX_BYTES);
    dg_buf_init(&p.word, 0);
    dg_buf_init(&p.body, DOCKERFILE_MAX_BYTES);
    split_lines(&p, text, len);
    int rc = read_directives(&p);
    out->escape = p.escape;
    p.plain_stop = C_END | C_SPACE | C_DQUOTE | C_SQUOTE | esc_class(p.escape);
    size_t cap_instrs = 0, cap_stages = 0, cap_meta = 0;
    while (rc == 0 && p.cur < p.nlines) {
        const struct line *l = &p.lines[p.cur];
        if (is_blank_or_comment(l)) {
            p.cur++;
            continue;
        }
        if (out->ninstrs >= DOCKERFILE_MAX_INSTRS) {
            rc = dg_error_at(err, DG_ERR_LIMIT, path, (int)p.cur + 1, "more than %d instructions", DOCKERFILE_MAX_INSTRS);
            break;
        }
        size_t first = p.cur, last = p.cur;
        rc = read_logical(&p, &p.lg, &last);
        if (rc != 0) break;
        out->instrs = dg_arena_reserve(p.mem, out->instrs, out->ninstrs, &cap_instrs, sizeof *out->instrs);
        struct df_instr *in = &out->instrs[out->ninstrs++];
        memset(in, 0, sizeof *in);
        in->line = (int)first + 1;
        in->end_line = (int)last + 1;
        in->stage = (int)out->nstages - 1;
        const char *t = p.lg.line ? p.lg.line : p.lg.text.data ? p.lg.text.data : "";
        rc = parse_instr_text(&p, in, t, t, t + (p.lg.line ? p.lg.line_len : p.lg.text.len), 0);
        if (rc == 0 && (in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD)) {
            rc = find_heredocs(&p, in->args_text, in, in->line);
            if (rc == 0 && in->nheredocs) rc = read_heredoc_bodies(&p, in);
        }
        in->raw = p.lg.line && p.cur == first + 1 ? p.lg.line : keep_raw(&p, first, p.cur);
        if (rc != 0) break;
        if (in->kind == DF_FROM) {
            if (in->nargs == 0) {
                rc = dg_error_at(err, DG_ERR_PARSE, path, in->line, "FROM needs an image");
                break;
            }
            if (in->nargs != 1 && !(in->nargs == 3 && strcasecmp(in->args[1], "AS") == 0)) {
                rc = dg_error_at(err, DG_ERR_PARSE, path, in->line, "FROM takes an image and an optional 'AS name'");
                break;
            }
            add_stage(&p, out, in, out->ninstrs - 1, &cap_stages);
            in->stage = (int)out->nstages - 1;
        } else if (out->nstages == 0) {
            if (in->kind != DF_ARG) {
                rc = dg_error_at(err, DG_ERR_PARSE, path, in->line, "%s before the first FROM (only ARG may come first)",
                                 in->keyword);
                break;
            }
            for (size_t k = 0; k < in->nkvs; k++) {
                out->meta_args =
                    dg_arena_reserve(p.mem, out->meta_args, out->nmeta_args, &cap_meta, sizeof *out->meta_args);
                out->meta_args[out->nmeta_args++] = in->kvs[k]; /* the strings are shared */
            }
        } else {
            out->stages[out->nstages - 1].count = out->ninstrs - out->stages[out->nstages - 1].first;
        }
    }
    if (rc == 0 && out->nstages == 0)
        rc = dg_error_at(err, DG_ERR_PARSE, path, out->ninstrs ? out->instrs[out->ninstrs - 1].line : 0,
                         out->ninstrs ? "no FROM instruction" : "the Dockerfile is empty");
    for (size_t i = 0; rc == 0 && i < out->ninstrs; i++) {
        struct df_instr *in = &out->instrs[i];
        if (in->kind == DF_RUN) {
            in->script = run_script(&p, in);
            in->sig = run_sig(&p, in);
        }
        if (in->onbuild && in->onbuild->kind == DF_RUN) {
            in->onbuild->script = run_script(&p, in->onbuild);
            in->onbuild->sig = run_sig(&p, in->onbuild);
        }
    }
    free(p.lines);
    logical_free(&p.lg);
    dg_buf_free(&p.word);
    dg_buf_free(&p.body);
    dg_buf_free(&p.raw);
    free(p.words.v);
    return rc;
}

static const char *lookup(const struct df_kv *vars, size_t n, const char *name, size_t nn)
{
    for (size_t i = n; i-- > 0;)
        if (strlen(vars[i].key) == nn && strncmp(vars[i].key, name, nn) == 0) return vars[i].value ? vars[i].value : "";
    return NULL;
}

static void expand_into(struct dg_buf *o, const char *s, size_t len, const struct df_kv *vars, size_t nvars, char escape,
                        int depth)
{
    const char *e = s + len;
    while (s < e) {
        if (*s == escape && s + 1 < e && s[1] == '$') {
            dg_buf_putc(o, '$');
            s += 2;
            continue;
        }
        if (*s != '$' || s + 1 >= e) {
            dg_buf_putc(o, *s++);
            continue;
        }
        s++;
        if (*s == '{') {
            const char *n = ++s;
            while (s < e && (isalnum((unsigned char)*s) || *s == '_')) s++;
            size_t nn = (size_t)(s - n);
            /* The word runs to the matching brace. */
            const char *w = s, *we = s;
            int level = 1;
            while (we < e && level) {
                if (*we == '{') level++;
                else if (*we == '}' && --level == 0) break;
                we++;
            }
            const char *val = lookup(vars, nvars, n, nn);
            if (w < we && w[0] == ':' && w + 1 < we && (w[1] == '-' || w[1] == '+')) {
                char op = w[1];
                bool set = val && *val;
                if ((op == '-' && !set) || (op == '+' && set)) {
                    if (depth < 8) expand_into(o, w + 2, (size_t)(we - w - 2), vars, nvars, escape, depth + 1);
                } else if (op == '-') {
                    dg_buf_puts(o, val);
                }
            } else if (w < we && (w[0] == '-' || w[0] == '+')) {
                char op = w[0];
                if ((op == '-' && !val) || (op == '+' && val)) {
                    if (depth < 8) expand_into(o, w + 1, (size_t)(we - w - 1), vars, nvars, escape, depth + 1);
                } else if (op == '-') {
                    dg_buf_puts(o, val);
                }
            } else if (val) {
                dg_buf_puts(o, val);
            }
            s = we < e ? we + 1 : e;
            continue;
        }
        const char *n = s;
        while (s < e && (isalnum((unsigned char)*s) || *s == '_')) s++;
        if (s == n) {
            dg_buf_putc(o, '$');
            continue;
        }
        const char *val = lookup(vars, nvars, n, (size_t)(s - n));
        if (val) dg_buf_puts(o, val);
    }
}

char *dockerfile_expand(const char *s, const struct df_kv *vars, size_t nvars, char escape)
{
    struct dg_buf o;
    dg_buf_init(&o, DOCKERFILE_MAX_EXPAND);
    expand_into(&o, s, strlen(s), vars, nvars, escape, 0);
    return dg_buf_steal(&o);
}

static struct dg_pos pos_of(const struct df_instr *in)
{
    return (struct dg_pos){NULL, in->line, in->col ? in->col : 1};
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? dg_xstrdup(v) : NULL;
}

static void set_strv(struct dg_strv *dst, const struct df_instr *in, size_t from)
{
    dg_strv_free(dst);
    if (!in->json_form) {
        /* Shell form runs under /bin/sh -c, as Docker records it. */
        dg_strv_push(dst, "/bin/sh");
        dg_strv_push(dst, "-c");
        dg_strv_push(dst, in->args_text ? in->args_text : "");
        return;
    }
    for (size_t i = from; i < in->nargs; i++) dg_strv_push(dst, in->args[i]);
}

/* Replaces or adds an env/label entry: later definitions override. */
static void kvs_set(struct cs_kvs *l, const char *k, const char *v, struct dg_pos pos)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].key, k) == 0) {
            free(l->v[i].value);
            l->v[i].value = v ? dg_xstrdup(v) : NULL;
            l->v[i].value_is_ref = v && v[0] == '$';
            l->v[i].pos = pos;
            return;
        }
    cs_kvs_push(l, k, v, pos);
}

static void add_exposed(struct image_spec *out, const char *spec, struct dg_pos pos)
{
    char *s = dg_xstrdup(spec);
    char *proto = strchr(s, '/');
    if (proto) *proto++ = '\0';
    char *end;
    unsigned long lo = strtoul(s, &end, 10), hi = lo;
    if (end != s && *end == '-') hi = strtoul(end + 1, &end, 10);
    if (end != s && !*end && lo > 0 && lo <= 65535 && hi >= lo && hi <= 65535 && hi - lo < 1024) {
        for (unsigned long port = lo; port <= hi; port++) {
            struct is_port *ip = is_add_port(out);
            ip->port = (unsigned)port;
            ip->proto = dg_xstrdup(proto && *proto ? proto : "tcp");
            ip->pos = pos;
        }
    }
    free(s);
}

int dockerfile_image_spec(const struct build *b, struct image_spec *out)
{
    is_init(out);
    out->build = b;
    out->ref = dg_xstrdup(b->path ? b->path : "Dockerfile");
    if (!b->nstages) return 0;
    /* The chain of stages the final one builds on, root first. */
    int chain[64];
    int n = 0;
    for (int s = (int)b->nstages - 1; s >= 0 && n < 64; s = b->stages[s].base_stage) {
        chain[n++] = s;
        if (b->stages[s].base_stage >= s) break; /* defensive: stages only name earlier ones */
    }
    const struct df_stage *final = &b->stages[b->nstages - 1];
    const struct df_stage *root = &b->stages[chain[n - 1]];
    out->base = dg_xstrdup(root->base);
    out->base_pos = (struct dg_pos){NULL, root->line, 1};
    out->stage_pos = (struct dg_pos){NULL, final->line, 1};
    struct df_kv *vars = NULL;
    size_t nvars = 0, capv = 0;
    for (int c = n - 1; c >= 0; c--) {
        const struct df_stage *st = &b->stages[chain[c]];
        for (size_t i = st->first; i < st->first + st->count && i < b->ninstrs; i++) {
            const struct df_instr *in = &b->instrs[i];
            struct dg_pos pos = pos_of(in);
            switch (in->kind) {
            case DF_USER:
                if (in->nargs) {
                    char *u = dockerfile_expand(in->args[0], vars, nvars, b->escape);
                    free(out->user);
                    out->user = u;
                    out->user_set = true;
                    out->user_pos = pos;
                }
                break;
            case DF_ENV:
            case DF_ARG:
                for (size_t k = 0; k < in->nkvs; k++) {
                    if (nvars == capv) {
                        capv = capv ? capv * 2 : 8;
                        vars = dg_xrealloc(vars, capv * sizeof *vars);
                    }
                    /* Borrowed pointers: vars lives only in this function. */
                    vars[nvars].key = in->kvs[k].key;
                    vars[nvars].value = in->kvs[k].value;
                    vars[nvars].line = in->kvs[k].line;
                    nvars++;
                    if (in->kind == DF_ENV)
                        kvs_set(&out->env, in->kvs[k].key, in->kvs[k].value, (struct dg_pos){NULL, in->kvs[k].line, 1});
                }
                break;
            case DF_LABEL:
                for (size_t k = 0; k < in->nkvs; k++)
                    kvs_set(&out->labels, in->kvs[k].key, in->kvs[k].value, (struct dg_pos){NULL, in->kvs[k].line, 1});
                break;
            case DF_EXPOSE:
                for (size_t k = 0; k < in->nargs; k++) {
                    char *e = dockerfile_expand(in->args[k], vars, nvars, b->escape);
                    add_exposed(out, e, pos);
                    free(e);
                }
                break;
            case DF_HEALTHCHECK:
                out->health_pos = pos;
                free(out->health_test);
                out->health_test = NULL;
                if (in->nargs && strcasecmp(in->args[0], "NONE") == 0) {
                    out->health = IS_HEALTH_NONE;
                } else {
                    out->health = IS_HEALTH_CMD;
                    out->health_test = dg_xstrdup(in->args_text);
                }
                break;
            case DF_ENTRYPOINT:
                set_strv(&out->entrypoint, in, 0);
                out->entrypoint_shell = !in->json_form;
                /* Docker resets an inherited CMD when ENTRYPOINT is set. */
                dg_strv_free(&out->cmd);
                break;
            case DF_CMD:
                set_strv(&out->cmd, in, 0);
                break;
            case DF_WORKDIR:
                if (in->nargs) {
                    char *w = dockerfile_expand(in->args[0], vars, nvars, b->escape);
                    if (w[0] != '/' && out->workdir) {
                        char *j = dg_xasprintf("%s/%s", out->workdir, w);
                        free(w);
                        w = j;
                    }
                    free(out->workdir);
                    out->workdir = w;
                }
                break;
            case DF_VOLUME:
                for (size_t k = 0; k < in->nargs; k++) dg_strv_push(&out->volumes, in->args[k]);
                break;
            case DF_STOPSIGNAL:
            default:
                break;
            }
        }
    }
    free(vars);
    set_str(&out->os, NULL);
    return 0;
}
