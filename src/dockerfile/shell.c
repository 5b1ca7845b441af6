/* Shell reader for RUN commands (see shell.h). A small recursive reader
 * over the POSIX shell grammar's lexical layer: it knows quoting, operators,
 * grouping and substitutions, and nothing about expansion or execution. */
#include "dockerfile/shell.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define SH_MAX_HEREDOCS 8

/* Byte classes, looked up once per byte in the loops over the text:
 * SH_META separates words (blanks, newline, operators), SH_SPECIAL also
 * quotes or starts an expansion; a plain run is made of neither. SH_BLANK:
 * space, tab and carriage return. */
enum { SH_META = 1, SH_SPECIAL = 2, SH_BLANK = 4 };
static const unsigned char sh_class[256] = {
    [' '] = SH_META | SH_SPECIAL | SH_BLANK,  ['\t'] = SH_META | SH_SPECIAL | SH_BLANK,
    ['\r'] = SH_META | SH_SPECIAL | SH_BLANK, ['\n'] = SH_META | SH_SPECIAL,
    [';'] = SH_META | SH_SPECIAL,  ['&'] = SH_META | SH_SPECIAL,
    ['|'] = SH_META | SH_SPECIAL,  ['('] = SH_META | SH_SPECIAL,  [')'] = SH_META | SH_SPECIAL,
    ['<'] = SH_META | SH_SPECIAL,  ['>'] = SH_META | SH_SPECIAL,  ['\\'] = SH_SPECIAL,
    ['\''] = SH_SPECIAL,           ['"'] = SH_SPECIAL,            ['$'] = SH_SPECIAL,
    ['`'] = SH_SPECIAL,
};

struct reader {
    const char *s;
    size_t len, pos;
    int line, col;
    struct sh_script *out;
    struct dg_arena *mem;            /* words and arrays */
    /* A word being unquoted at each nesting level: a substitution inside a
     * word reads its own words one level down while the outer one waits.
     * The first nscratch are set up; most scripts need one or none. */
    struct dg_buf *scratch;          /* SH_MAX_DEPTH + 1 of them */
    int nscratch;
    /* The words of the commands being collected, the innermost level's on
     * top: a nested list takes its words off before the outer level adds
     * more, so each command's words lie together and are copied out at
     * their count when it ends (growing an array per command in the arena
     * copied it at every doubling). */
    struct {
        char **v;                    /* first the caller's room, then malloc'd */
        size_t n, cap;
    } stack;
    char **stack0;
    bool stop;                       /* a bound was hit: unwind */
    int depth;                       /* nesting of the list being read */
    /* Here-documents opened on the current line; their bodies are skipped at
     * the next newline so that body text is not read as commands. */
    char *hd_delim[SH_MAX_HEREDOCS];
    bool hd_strip[SH_MAX_HEREDOCS];
    int nhd;
};

/* The command being collected at one nesting level. */
struct cur {
    size_t base, n;                  /* its words: stack.v[base..base+n) */
    bool started;
    bool from_pipe;
    int depth;
    int line, col;
    size_t off;
};

static int peek(const struct reader *r, size_t k)
{
    return r->pos + k < r->len ? (unsigned char)r->s[r->pos + k] : -1;
}

static void adv(struct reader *r)
{
    if (r->pos >= r->len) return;
    if (r->s[r->pos] == '\n') { r->line++; r->col = 1; }
    else r->col++;
    r->pos++;
}

static void advn(struct reader *r, size_t n)
{
    while (n--) adv(r);
}

static void cur_begin(struct reader *r, struct cur *c)
{
    if (c->started) return;
    c->started = true;
    c->depth = r->depth;
    c->line = r->line;
    c->col = r->col;
    c->off = r->pos;
}

static bool is_assignment(const char *w)
{
    if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == '_')) return false;
    for (const char *p = w + 1; *p; p++) {
        if (*p == '=') return true;
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    }
    return false;
}

/* Ends the current command with the given link; empty commands (a lone
 * separator, reserved words only) produce nothing. Returns whether the next
 * command at this level receives a pipe. */
static size_t unwrap_index(const struct sh_cmd *c);

static bool cur_finish(struct reader *r, struct cur *c, enum sh_link link)
{
    bool piped = link == SH_LINK_PIPE;
    if (c->n == 0) {
        /* "! cmd" or a pipe out of a group: keep the pipe relation. */
        bool keep = c->from_pipe && piped;
        memset(c, 0, sizeof *c);
        return keep;
    }
    struct sh_script *s = r->out;
    r->stack.n = c->base;
    if (s->n >= SH_MAX_CMDS) {
        s->truncated = true;
        r->stop = true;
        memset(c, 0, sizeof *c);
        return false;
    }
    s->cmds = dg_arena_reserve(r->mem, s->cmds, s->n, &s->cap, sizeof *s->cmds);
    struct sh_cmd *cmd = &s->cmds[s->n++];
    memset(cmd, 0, sizeof *cmd);
    cmd->words = dg_arena_alloc(r->mem, c->n * sizeof *cmd->words);
    memcpy(cmd->words, r->stack.v + c->base, c->n * sizeof *cmd->words);
    cmd->nwords = c->n;
    while (cmd->argv0 < cmd->nwords && is_assignment(cmd->words[cmd->argv0])) cmd->argv0++;
    cmd->unwrap = unwrap_index(cmd);
    cmd->link = link;
    cmd->piped = piped;
    cmd->from_pipe = c->from_pipe;
    cmd->depth = c->depth;
    cmd->line = c->line;
    cmd->col = c->col;
    cmd->off = c->off;
    memset(c, 0, sizeof *c);
    return piped;
}

static void cur_push(struct reader *r, struct cur *c, char *word)
{
    if (c->n >= SH_MAX_WORDS) {
        r->out->truncated = true;
        return;
    }
    if (c->n == 0) c->base = r->stack.n;
    if (r->stack.n == r->stack.cap) {
        r->stack.cap *= 2;
        if (r->stack.v == r->stack0) {
            r->stack.v = dg_xmalloc(r->stack.cap * sizeof *r->stack.v);
            memcpy(r->stack.v, r->stack0, r->stack.n * sizeof *r->stack.v);
        } else {
            r->stack.v = dg_xrealloc(r->stack.v, r->stack.cap * sizeof *r->stack.v);
        }
    }
    r->stack.v[r->stack.n++] = word;
    c->n++;
}

static void read_list(struct reader *r, int depth, int term);

/* Skips here-document bodies after the newline that ends their line. */
static void skip_heredocs(struct reader *r)
{
    for (int h = 0; h < r->nhd; h++) {
        const char *d = r->hd_delim[h];
        size_t dl = strlen(d);
        while (r->pos < r->len) {
            size_t ls = r->pos;
            size_t le = ls;
            while (le < r->len && r->s[le] != '\n') le++;
            size_t b = ls;
            if (r->hd_strip[h])
                while (b < le && r->s[b] == '\t') b++;
            bool end = le - b == dl && memcmp(r->s + b, d, dl) == 0;
            advn(r, le - ls);
            if (r->pos < r->len) adv(r); /* the newline */
            if (end) break;
        }
        r->hd_delim[h] = NULL;
    }
    r->nhd = 0;
}

/* Reads a nested list after an opening "$(", "(", "<(", "`" or "{", and
 * appends the raw text it spanned to buf (when non-NULL). */
static void read_nested(struct reader *r, int depth, int term, struct dg_buf *buf, size_t raw_start)
{
    if (depth >= SH_MAX_DEPTH) {
        r->out->truncated = true;
        r->stop = true;
        return;
    }
    r->depth = depth + 1;
    read_list(r, depth + 1, term);
    r->depth = depth;
    if (buf) dg_buf_append(buf, r->s + raw_start, r->pos - raw_start);
}

/* Appends "${...}" or "$((...))" raw, balancing the closing bracket. */
static void read_balanced_raw(struct reader *r, struct dg_buf *buf, int open, int close)
{
    size_t start = r->pos;
    int level = 0;
    while (r->pos < r->len) {
        int ch = peek(r, 0);
        if (ch == '\\' && peek(r, 1) >= 0) { advn(r, 2); continue; }
        if (ch == '\'' && open == '{') {
            adv(r);
            while (r->pos < r->len && peek(r, 0) != '\'') adv(r);
            adv(r);
            continue;
        }
        adv(r);
        if (ch == open) level++;
        else if (ch == close && --level <= 0) break;
    }
    dg_buf_append(buf, r->s + start, r->pos - start);
}

/* ch: a byte, or -1 past the end (not meta). */
static bool is_meta(int ch)
{
    return ch >= 0 && (sh_class[ch] & SH_META);
}

/* Handles '$' at the reader position inside or outside double quotes. */
static void read_dollar(struct reader *r, int depth, struct dg_buf *buf)
{
    if (peek(r, 1) == '(' && peek(r, 2) == '(') {
        dg_buf_putc(buf, '$');
        adv(r);
        read_balanced_raw(r, buf, '(', ')');
        return;
    }
    if (peek(r, 1) == '(') {
        size_t start = r->pos;
        advn(r, 2);
        read_nested(r, depth, ')', buf, start);
        return;
    }
    if (peek(r, 1) == '{') {
        adv(r);
        dg_buf_putc(buf, '$');
        read_balanced_raw(r, buf, '{', '}');
        return;
    }
    dg_buf_putc(buf, '$');
    adv(r);
}

/* Length of the run of ordinary characters at the reader position: no
 * quoting, expansion, operator, blank or newline among them. */
static size_t plain_run(const struct reader *r)
{
    size_t k = r->pos;
    while (k < r->len && !(sh_class[(unsigned char)r->s[k]] & SH_SPECIAL)) k++;
    return k - r->pos;
}

static void take_plain(struct reader *r, size_t n)
{
    /* Plain runs never contain a newline, so only the column moves. */
    r->pos += n;
    r->col += (int)n;
}

/* The word buffer of a nesting level, set up on first use. */
static struct dg_buf *scratch(struct reader *r, int depth)
{
    int d = depth < SH_MAX_DEPTH ? depth : SH_MAX_DEPTH;
    while (r->nscratch <= d) dg_buf_init(&r->scratch[r->nscratch++], 0);
    r->scratch[d].len = 0;
    return &r->scratch[d];
}

/* Reads one word; the reader is on its first character (not a blank or an
 * operator). Quotes are removed, substitutions read for their commands. */
static char *read_word(struct reader *r, int depth, int term)
{
    /* Fast path: most words are plain text ("apt-get", "-y", "/usr/bin"). */
    size_t n0 = plain_run(r);
    if (n0 && (r->pos + n0 >= r->len || is_meta((unsigned char)r->s[r->pos + n0]) ||
               (term == '`' && r->s[r->pos + n0] == '`'))) {
        char *w = dg_arena_strndup(r->mem, r->s + r->pos, n0);
        take_plain(r, n0);
        return w;
    }
    struct dg_buf *bp = scratch(r, depth);
    while (r->pos < r->len && !r->stop) {
        int ch = peek(r, 0);
        if (is_meta(ch)) break;
        if (ch == term && term == '`') break;
        if (ch == '\\') {
            if (peek(r, 1) == '\n') { advn(r, 2); continue; }
            if (peek(r, 1) == '\r' && peek(r, 2) == '\n') { advn(r, 3); continue; }
            if (peek(r, 1) >= 0) dg_buf_putc(bp, (char)peek(r, 1));
            advn(r, 2);
            continue;
        }
        if (ch == '\'') {
            adv(r);
            size_t s = r->pos;
            while (r->pos < r->len && peek(r, 0) != '\'') adv(r);
            dg_buf_append(bp, r->s + s, r->pos - s);
            adv(r);
            continue;
        }
        if (ch == '"') {
            adv(r);
            while (r->pos < r->len && !r->stop && peek(r, 0) != '"') {
                int q = peek(r, 0);
                if (q == '\\') {
                    int n = peek(r, 1);
                    if (n == '\n') { advn(r, 2); continue; }
                    if (n == '$' || n == '`' || n == '"' || n == '\\') { dg_buf_putc(bp, (char)n); advn(r, 2); continue; }
                    dg_buf_putc(bp, '\\');
                    adv(r);
                    continue;
                }
                if (q == '$') { read_dollar(r, depth, bp); continue; }
                if (q == '`') {
                    size_t start = r->pos;
                    adv(r);
                    read_nested(r, depth, '`', bp, start);
                    continue;
                }
                size_t k = r->pos;
                while (k < r->len && r->s[k] != '"' && r->s[k] != '\\' && r->s[k] != '$' && r->s[k] != '`' &&
                       r->s[k] != '\n')
                    k++;
                if (k > r->pos) {
                    dg_buf_append(bp, r->s + r->pos, k - r->pos);
                    take_plain(r, k - r->pos);
                    continue;
                }
                dg_buf_putc(bp, (char)q);
                adv(r);
            }
            adv(r);
            continue;
        }
        if (ch == '$') { read_dollar(r, depth, bp); continue; }
        if (ch == '`') {
            size_t start = r->pos;
            adv(r);
            read_nested(r, depth, '`', bp, start);
            continue;
        }
        size_t n = plain_run(r);
        if (n) {
            dg_buf_append(bp, r->s + r->pos, n);
            take_plain(r, n);
            continue;
        }
        dg_buf_putc(bp, (char)ch);
        adv(r);
    }
    return dg_arena_strndup(r->mem, bp->data ? bp->data : "", bp->len);
}

/* Blanks and escaped newlines (line continuations), which end on a new
 * line's first column. */
static void skip_blanks(struct reader *r)
{
    const char *s = r->s;
    size_t pos = r->pos, len = r->len;
    for (;;) {
        size_t from = pos;
        while (pos < len && (sh_class[(unsigned char)s[pos]] & SH_BLANK)) pos++;
        r->col += (int)(pos - from);
        if (pos >= len || s[pos] != '\\') break;
        if (pos + 1 < len && s[pos + 1] == '\n') pos += 2;
        else if (pos + 2 < len && s[pos + 1] == '\r' && s[pos + 2] == '\n') pos += 3;
        else break;
        r->line++;
        r->col = 1;
    }
    r->pos = pos;
}

/* w equals kw, whose first byte w is known to have: the second byte rules
 * out most words ("echo" against "else") without a call. */
static bool same_after_first(const char *w, const char *kw)
{
    return w[1] == kw[1] && strcmp(w, kw) == 0;
}

/* Reserved words that start or continue a compound command; the command
 * that follows is what matters. */
static bool reserved_prefix(const char *w)
{
    /* Every command's first word passes here: its first byte picks the
     * one or two words it can be. */
    switch (w[0]) {
    case 'i': return same_after_first(w, "if");
    case 't': return same_after_first(w, "then");
    case 'e': return same_after_first(w, "else") || same_after_first(w, "elif");
    case 'd': return same_after_first(w, "do");
    case 'w': return same_after_first(w, "while");
    case 'u': return same_after_first(w, "until");
    case '!': case '{': return w[1] == '\0';
    default: return false;
    }
}

static bool reserved_end(const char *w)
{
    switch (w[0]) {
    case 'f': return same_after_first(w, "fi");
    case 'd': return same_after_first(w, "done");
    case 'e': return same_after_first(w, "esac");
    case '}': return w[1] == '\0';
    default: return false;
    }
}

/* Reads a redirection operator and its target word; here-documents are
 * remembered so their bodies are skipped. */
static void read_redirect(struct reader *r, int depth, int term)
{
    bool heredoc = false, strip = false;
    int ch = peek(r, 0);
    if (ch == '<' && peek(r, 1) == '<' && peek(r, 2) == '<') advn(r, 3);
    else if (ch == '<' && peek(r, 1) == '<') {
        heredoc = true;
        advn(r, 2);
        if (peek(r, 0) == '-') { strip = true; adv(r); }
    } else {
        adv(r);
        int n = peek(r, 0);
        if (n == '>' || n == '&' || n == '|') adv(r);
    }
    skip_blanks(r);
    if (r->pos >= r->len || is_meta(peek(r, 0))) return;
    char *target = read_word(r, depth, term);
    if (heredoc && r->nhd < SH_MAX_HEREDOCS && *target) {
        r->hd_strip[r->nhd] = strip;
        r->hd_delim[r->nhd++] = target;
    }
}

/* Reads commands until term (')', '}', '`') or the end of text. */
static void read_list(struct reader *r, int depth, int term)
{
    struct cur c;
    memset(&c, 0, sizeof c);
    bool pipe_in = false;
    while (!r->stop) {
        skip_blanks(r);
        int ch = peek(r, 0);
        if (ch < 0) break;
        if (term && ch == term && (term != '}' || c.n == 0)) {
            adv(r);
            break;
        }
        if (ch == '#' && c.n == 0) {
            while (r->pos < r->len && peek(r, 0) != '\n') adv(r);
            continue;
        }
        if (ch == '\n' || ch == ';') {
            cur_finish(r, &c, SH_LINK_END);
            pipe_in = false;
            if (ch == ';' && peek(r, 1) == ';') adv(r);
            adv(r);
            if (ch == '\n' && r->nhd) skip_heredocs(r);
            continue;
        }
        if (ch == '&' && peek(r, 1) == '&') { cur_finish(r, &c, SH_LINK_AND); pipe_in = false; advn(r, 2); continue; }
        if (ch == '|' && peek(r, 1) == '|') { cur_finish(r, &c, SH_LINK_OR); pipe_in = false; advn(r, 2); continue; }
        if (ch == '|') {
            c.from_pipe = c.from_pipe || pipe_in;
            pipe_in = cur_finish(r, &c, SH_LINK_PIPE);
            advn(r, peek(r, 1) == '&' ? 2 : 1);
            continue;
        }
        if (ch == '&' && peek(r, 1) != '>') { cur_finish(r, &c, SH_LINK_BG); pipe_in = false; adv(r); continue; }
        if (ch == ')') {
            /* A ')' that closes nothing: a case pattern; it separates. */
            cur_finish(r, &c, SH_LINK_END);
            pipe_in = false;
            adv(r);
            continue;
        }
        if (ch == '(' && c.n == 0) {
            adv(r);
            read_nested(r, depth, ')', NULL, 0);
            continue;
        }
        if ((ch == '<' || ch == '>') && peek(r, 1) == '(') {
            /* Process substitution: a word whose commands run too. */
            cur_begin(r, &c);
            struct dg_buf *b = scratch(r, depth);
            size_t start = r->pos;
            advn(r, 2);
            read_nested(r, depth, ')', b, start);
            cur_push(r, &c, dg_arena_strndup(r->mem, b->data ? b->data : "", b->len));
            continue;
        }
        if (ch == '<' || ch == '>' || (ch == '&' && peek(r, 1) == '>')) {
            if (ch == '&') adv(r);
            read_redirect(r, depth, term);
            continue;
        }
        /* An fd number right before a redirection ("2>&1") is not a word. */
        if (ch >= '0' && ch <= '9') {
            size_t k = 0;
            while (peek(r, k) >= '0' && peek(r, k) <= '9') k++;
            if (peek(r, k) == '<' || peek(r, k) == '>') {
                advn(r, k);
                read_redirect(r, depth, term);
                continue;
            }
        }
        if (!c.started) {
            c.from_pipe = pipe_in;
            pipe_in = false;
        }
        cur_begin(r, &c);
        size_t before = r->pos;
        char *w = read_word(r, depth, term);
        if (r->pos == before) {
            /* A character no branch consumes ("f()" after a word, a stray
             * terminator of an outer level): skip it so reading always advances. */
            adv(r);
            continue;
        }
        if (c.n == 0 && reserved_prefix(w)) {
            bool group = strcmp(w, "{") == 0;
            c.started = false;
            if (group) read_nested(r, depth, '}', NULL, 0);
            continue;
        }
        if (c.n == 0 && reserved_end(w)) {
            c.started = false;
            continue;
        }
        cur_push(r, &c, w);
    }
    if (c.n && c.from_pipe) pipe_in = false;
    cur_finish(r, &c, SH_LINK_END);
}

void sh_parse(const char *text, size_t len, struct sh_script *out)
{
    struct dg_arena mem;
    /* Words and command records take about twice the text. */
    dg_arena_init(&mem, 2 * len + 256);
    sh_parse_in(text, len, &mem, out);
    out->mem = mem;
}

void sh_parse_in(const char *text, size_t len, struct dg_arena *mem, struct sh_script *out)
{
    memset(out, 0, sizeof *out);
    dg_arena_init(&out->mem, 0);
    if (!text) return;
    if (len > SH_MAX_INPUT) {
        len = SH_MAX_INPUT;
        out->truncated = true;
    }
    struct dg_buf scratch_bufs[SH_MAX_DEPTH + 1];
    /* Room for the words of most scripts' pending commands without a malloc. */
    char *stack0[64];
    struct reader r;
    memset(&r, 0, sizeof r);
    r.s = text;
    r.len = len;
    r.line = 1;
    r.col = 1;
    r.out = out;
    r.mem = mem;
    r.scratch = scratch_bufs;
    r.stack.v = r.stack0 = stack0;
    r.stack.cap = sizeof stack0 / sizeof stack0[0];
    while (r.pos < r.len && !r.stop) {
        size_t before = r.pos;
        read_list(&r, 0, 0);
        /* read_list at the top returns only at the end or on stop; the
         * guard keeps a future change from looping forever. */
        if (r.pos == before) break;
    }
    for (int d = 0; d < r.nscratch; d++) dg_buf_free(&r.scratch[d]);
    if (r.stack.v != stack0) free(r.stack.v);
}

static bool is_shell_name(const char *w)
{
    static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"};
    const char *b = dg_path_base(w);
    for (size_t i = 0; i < sizeof shells / sizeof shells[0]; i++)
        if (strcmp(b, shells[i]) == 0) return true;
    return false;
}

void sh_parse_argv(char *const *argv, size_t argc, struct sh_script *out)
{
    memset(out, 0, sizeof *out);
    dg_arena_init(&out->mem, 0);
    if (argc == 0) return;
    if (is_shell_name(argv[0])) {
        for (size_t i = 1; i + 1 < argc; i++) {
            const char *a = argv[i];
            if (a[0] != '-' || strcmp(a, "--") == 0) break;
            if (a[1] != '-' && strchr(a, 'c')) {
                sh_parse(argv[i + 1], strlen(argv[i + 1]), out);
                return;
            }
            if (strcmp(a, "-o") == 0 && i + 2 < argc) i++; /* "-o pipefail" takes a value */
        }
    }
    out->cap = 1;
    out->cmds = dg_arena_calloc(&out->mem, 1, sizeof *out->cmds);
    out->n = 1;
    struct sh_cmd *c = &out->cmds[0];
    size_t n = argc < SH_MAX_WORDS ? argc : SH_MAX_WORDS;
    if (n < argc) out->truncated = true;
    c->words = dg_arena_calloc(&out->mem, n, sizeof *c->words);
    for (size_t i = 0; i < n; i++) c->words[i] = dg_arena_strdup(&out->mem, argv[i]);
    c->nwords = n;
    c->line = 1;
    c->col = 1;
    c->unwrap = unwrap_index(c);
}

void sh_script_free(struct sh_script *s)
{
    if (!s) return;
    dg_arena_free(&s->mem);
    memset(s, 0, sizeof *s);
}

const char *sh_word_base(const struct sh_cmd *c, size_t i)
{
    return i < c->nwords ? dg_path_base(c->words[i]) : "";
}

const char *sh_cmd_name(const struct sh_cmd *c)
{
    return sh_word_base(c, c->argv0);
}

/* Options of wrappers that take a value, so the value is not mistaken for
 * the wrapped command. */
static bool wrapper_opt_takes_value(const char *wrapper, const char *opt)
{
    if (strcmp(wrapper, "sudo") == 0)
        return strcmp(opt, "-u") == 0 || strcmp(opt, "-g") == 0 || strcmp(opt, "-C") == 0 ||
               strcmp(opt, "-D") == 0 || strcmp(opt, "-h") == 0 || strcmp(opt, "-p") == 0 ||
               strcmp(opt, "-U") == 0 || strcmp(opt, "-r") == 0 || strcmp(opt, "-t") == 0;
    if (strcmp(wrapper, "env") == 0)
        return strcmp(opt, "-u") == 0 || strcmp(opt, "-C") == 0 || strcmp(opt, "-S") == 0;
    if (strcmp(wrapper, "nice") == 0) return strcmp(opt, "-n") == 0;
    if (strcmp(wrapper, "xargs") == 0)
        return strcmp(opt, "-n") == 0 || strcmp(opt, "-I") == 0 || strcmp(opt, "-P") == 0 ||
               strcmp(opt, "-d") == 0 || strcmp(opt, "-L") == 0 || strcmp(opt, "-s") == 0 ||
               strcmp(opt, "-a") == 0 || strcmp(opt, "-E") == 0;
    if (strcmp(wrapper, "timeout") == 0) return strcmp(opt, "-s") == 0 || strcmp(opt, "-k") == 0;
    return false;
}

size_t sh_cmd_unwrap(const struct sh_cmd *c)
{
    return c->unwrap;
}

/* The wrapper (see sh_cmd_unwrap) that w names, or NULL. Every command
 * passes here: its first byte picks the names it can be, and their second
 * byte rules most of those out before a comparison. */
static const char *wrapper_named(const char *w)
{
    static const char *const c_[] = {"command", "chroot", NULL};
    static const char *const d_[] = {"doas", NULL};
    static const char *const e_[] = {"env", "exec", NULL};
    static const char *const g_[] = {"gosu", NULL};
    static const char *const n_[] = {"nohup", "nice", NULL};
    static const char *const s_[] = {"sudo", "su-exec", "stdbuf", NULL};
    static const char *const t_[] = {"time", "timeout", NULL};
    static const char *const x_[] = {"xargs", NULL};
    const char *const *names;
    switch (w[0]) {
    case 'c': names = c_; break;
    case 'd': names = d_; break;
    case 'e': names = e_; break;
    case 'g': names = g_; break;
    case 'n': names = n_; break;
    case 's': names = s_; break;
    case 't': names = t_; break;
    case 'x': names = x_; break;
    default: return NULL;
    }
    for (; *names; names++)
        if (same_after_first(w, *names)) return *names;
    return NULL;
}

static size_t unwrap_index(const struct sh_cmd *c)
{
    size_t i = c->argv0;
    for (int guard = 0; i < c->nwords && guard < 16; guard++) {
        const char *wrapper = wrapper_named(dg_path_base(c->words[i]));
        if (!wrapper) return i;
        i++;
        /* Options, assignments (env), and the user/root/duration operand
         * that gosu, su-exec, chroot and timeout take first. */
        while (i < c->nwords) {
            const char *a = c->words[i];
            if (a[0] == '-' && a[1]) {
                if (strcmp(a, "--") == 0) { i++; break; }
                i += wrapper_opt_takes_value(wrapper, a) ? 2 : 1;
                continue;
            }
            if (strcmp(wrapper, "env") == 0 && is_assignment(a)) { i++; continue; }
            break;
        }
        if (strcmp(wrapper, "gosu") == 0 || strcmp(wrapper, "su-exec") == 0 || strcmp(wrapper, "chroot") == 0 ||
            strcmp(wrapper, "timeout") == 0)
            i++;
    }
    return i < c->nwords ? i : c->nwords;
}

bool sh_cmd_has_word(const struct sh_cmd *c, size_t from, const char *s)
{
    for (size_t i = from; i < c->nwords; i++)
        if (strcmp(c->words[i], s) == 0) return true;
    return false;
}
