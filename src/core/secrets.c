/* Secret detection shared by every credential rule (Dockerfile ENV/ARG,
 * container environments, image config, file contents in images).
 *
 * Value shapes are PCRE2 patterns compiled (and JIT-compiled) once through
 * pthread_once into a table that is read-only afterwards. Every quantifier
 * is bounded and followed by a character the repeated class cannot match,
 * so matching is linear in the input. Generic `password = "value"`
 * assignments are found with a keyword pattern and then parsed by hand, so
 * no regex ever has to guess where an identifier starts.
 *
 * Decision on documented example keys: AWS publishes AKIAIOSFODNN7EXAMPLE
 * and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in its documentation; they
 * are copied into SDKs and docs that ship inside many images and are not
 * credentials, so AWS-shaped values ending in "EXAMPLE"/"EXAMPLEKEY" are
 * not reported. Any other shape-valid value is. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/secrets.h"
#include "core/util.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inputs larger than this are scanned only up to the bound: a secret
 * scanner must not be turned into a denial of service by one huge file. */
#define SECRETS_SCAN_MAX (8u << 20)
/* A single value passed to secrets_value_match is never longer in practice. */
#define SECRETS_VALUE_MAX 65536
/* Hard cap on matches per scan so a hostile file cannot flood a report. */
#define SECRETS_MATCH_MAX 10000

enum { SK_PLAIN = 0, SK_AWS = 1 };

struct secret_pattern {
    const char *id;
    const char *kind;
    const char *re;
    int flags;        /* SK_AWS: apply the documented-example exclusion */
    int group;        /* capture group that holds the secret (0 = whole match) */
};

/* Order matters only for secrets_value_match: the first hit names the kind. */
static const struct secret_pattern patterns[] = {
    {"private-key", "private key block",
     "-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----", SK_PLAIN, 0},
    {"aws-access-key-id", "AWS access key ID",
     "(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", SK_AWS, 0},
    {"aws-secret-access-key", "AWS secret access key",
     "(?i:aws_?secret_?access_?key|aws_?secret_?key|aws_?secret|secret_?access_?key)[\"']?[ \\t]{0,8}(?:=|:|=>)"
     "[ \\t]{0,8}[\"']?((?-i)[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", SK_AWS, 1},
    {"github-token", "GitHub token", "(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}+(?![A-Za-z0-9_])", SK_PLAIN, 0},
    {"github-token", "GitHub fine-grained token", "(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,251}+", SK_PLAIN, 0},
    {"gitlab-token", "GitLab personal access token", "(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,64}+", SK_PLAIN, 0},
    {"slack-token", "Slack token", "(?<![A-Za-z0-9_])xox[bpar]-[0-9]{6,20}-[A-Za-z0-9-]{8,200}+", SK_PLAIN, 0},
    {"slack-webhook", "Slack webhook URL",
     "https://hooks\\.slack\\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}+", SK_PLAIN, 0},
    {"stripe-key", "Stripe live secret key", "(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,99}+", SK_PLAIN, 0},
    {"google-api-key", "Google API key", "(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])", SK_PLAIN, 0},
    {"npm-token", "npm access token", "(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", SK_PLAIN, 0},
    {"pypi-token", "PyPI API token", "pypi-AgE[A-Za-z0-9_-]{50,2000}+", SK_PLAIN, 0},
    {"docker-pat", "Docker Hub personal access token", "(?<![A-Za-z0-9_])dckr_pat_[A-Za-z0-9_-]{20,64}+", SK_PLAIN, 0},
    {"jwt", "JSON Web Token",
     "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}+\\.eyJ[A-Za-z0-9_-]{8,16384}+\\.[A-Za-z0-9_-]{8,2048}+", SK_PLAIN, 0},
};
#define NPATTERNS (sizeof patterns / sizeof patterns[0])

/* Words after which a generic assignment is considered; the name around the
 * word is then judged by secrets_name_sensitive(). Every keyword of a
 * sensitive name contains one of these (api_key, access_key... all contain
 * "key"), and the whole identifier around a hit is read anyway. Each word
 * is its own case-insensitive pattern: PCRE2 finds a single literal with a
 * vector search, where one alternation of them all has to try every
 * position (six times slower on text, the dominant cost of a scan). */
static const char *const keyword_res[] = {"(?i)pass", "(?i)pwd", "(?i)secret", "(?i)token", "(?i)key",
                                          "(?i)credential"};
#define NKEYWORDS (sizeof keyword_res / sizeof keyword_res[0])
#define KEYWORD_SECRET 2 /* keyword_res index of "secret", the AWS secret key's prefilter */

struct compiled {
    pcre2_code *code[NPATTERNS];
    pcre2_code *keyword[NKEYWORDS];
    /* The shortest text each pattern can match (PCRE2 works it out), and
     * the least of them: most values (C.UTF-8, 8080, /app) are shorter
     * than any secret and need no matching at all. */
    uint32_t minlen[NPATTERNS];
    uint32_t minlen_any;
    bool ok;
};

static struct compiled compiled_table;
static pthread_once_t compiled_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile_one(const char *re)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_NO_UTF_CHECK, &ec, &eo, NULL);
    if (!c) return NULL;
    /* JIT is an optimisation: when it is unavailable the interpreter runs. */
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
    return c;
}

static void compile_all(void)
{
    compiled_table.ok = true;
    compiled_table.minlen_any = UINT32_MAX;
    for (size_t i = 0; i < NPATTERNS; i++) {
        compiled_table.code[i] = compile_one(patterns[i].re);
        uint32_t ml = 0;
        if (!compiled_table.code[i]) compiled_table.ok = false;
        else if (pcre2_pattern_info(compiled_table.code[i], PCRE2_INFO_MINLENGTH, &ml) != 0) ml = 0;
        compiled_table.minlen[i] = ml;
        if (ml < compiled_table.minlen_any) compiled_table.minlen_any = ml;
    }
    for (size_t i = 0; i < NKEYWORDS; i++) {
        compiled_table.keyword[i] = compile_one(keyword_res[i]);
        if (!compiled_table.keyword[i]) compiled_table.ok = false;
    }
}

static const struct compiled *table_get(void)
{
    pthread_once(&compiled_once, compile_all);
    return compiled_table.ok ? &compiled_table : NULL;
}

/* ---- names ----------------------------------------------------------- */

#define NAME_PARTS_MAX 16

/* Splits an identifier into upper-cased parts at separators and camelCase
 * boundaries ("dbPassword" -> DB PASSWORD, "APIKey" -> API KEY). */
static size_t name_split(const char *name, char parts[NAME_PARTS_MAX][32])
{
    size_t n = 0, len = 0;
    size_t nl = strlen(name);
    for (size_t i = 0; i <= nl && n < NAME_PARTS_MAX; i++) {
        unsigned char c = (unsigned char)name[i];
        bool boundary = !isalnum(c);
        bool camel = false;
        if (!boundary && i > 0 && len > 0) {
            unsigned char p = (unsigned char)name[i - 1];
            unsigned char nx = i + 1 < nl ? (unsigned char)name[i + 1] : 0;
            if (isupper(c) && islower(p)) camel = true;
            if (isupper(c) && isupper(p) && islower(nx)) camel = true;
        }
        if ((boundary || camel) && len > 0) {
            parts[n][len < 31 ? len : 31] = '\0';
            n++;
            len = 0;
        }
        if (!boundary && n < NAME_PARTS_MAX) {
            if (len < 31) parts[n][len] = (char)toupper(c);
            len++;
        }
    }
    return n;
}

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

bool secrets_name_sensitive(const char *name)
{
    if (!name || !*name || strlen(name) > 256) return false;
    /* Every sensitive name below holds one of these words: most names
     * (PATH, NODE_ENV, APP_HOME) are dismissed without splitting them. */
    char up[257];
    size_t un = 0;
    for (; name[un]; un++) up[un] = (char)toupper((unsigned char)name[un]);
    up[un] = '\0';
    if (!strstr(up, "PASS") && !strstr(up, "PWD") && !strstr(up, "SECRET") && !strstr(up, "TOKEN") &&
        !strstr(up, "KEY") && !strstr(up, "CREDENTIAL"))
        return false;
    static const char *const single[] = {"PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "PWD", "SECRET", "SECRETS",
                                         "TOKEN", "TOKENS", "APIKEY", "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY",
                                         "ACCESSKEY", "SECRETKEY", "AUTHKEY", "PASSWORDS", NULL};
    /* Names that talk about a credential without holding one. */
    static const char *const last_excl[] = {"FILE", "FILES", "PATH", "DIR", "URL", "URI", "ENDPOINT", "NAME",
                                            "LENGTH", "LEN", "TYPE", "HEADER", "FIELD", "TTL", "TIMEOUT",
                                            "EXPIRY", "EXPIRES", "EXPIRATION", "POLICY", "ID", "REF", "ENABLED",
                                            "REQUIRED", "MIN", "MAX", "SIZE", "PROMPT", "LOCATION", "HOST",
                                            "PORT", "USER", "USERNAME", "MODE", "FORMAT", "COMMAND", "CMD",
                                            "VERSION", "LIFETIME", "DISABLED", "RESET", "ENV", "VAR", NULL};
    char parts[NAME_PARTS_MAX][32];
    size_t n = name_split(name, parts);
    if (n == 0) return false;
    if (in_list(parts[n - 1], last_excl)) return false;
    /* PWD alone is the shell's working directory, not a password. */
    if (n == 1 && strcmp(parts[0], "PWD") == 0) return false;
    if (n == 1 && strcmp(parts[0], "OLDPWD") == 0) return false;
    for (size_t i = 0; i < n; i++) {
        if (in_list(parts[i], single)) return true;
        if (i + 1 < n && strcmp(parts[i + 1], "KEY") == 0 &&
            in_list(parts[i], (const char *const[]){"API", "ACCESS", "PRIVATE", "AUTH", "SECRET", "SIGNING",
                                                    "ENCRYPTION", "MASTER", NULL}))
            return true;
    }
    return false;
}

/* ---- placeholders ---------------------------------------------------- */

/* Lower case for ASCII letters only, as tolower() in the C locale the
 * program runs in (it never calls setlocale), without a library call per
 * byte: every value of every ENV and ARG is read here, more than once. */
static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* True when s (n bytes) holds one of words (lower case), ignoring case.
 * One pass over s: only where a byte starts some word are words tried. */
static bool ci_contains_any(const char *s, size_t n, const char *const *words)
{
    uint64_t first[4] = {0};
    for (size_t w = 0; words[w]; w++) {
        unsigned char c = (unsigned char)words[w][0];
        first[c >> 6] |= 1ull << (c & 63);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = ascii_lower((unsigned char)s[i]);
        if (!((first[c >> 6] >> (c & 63)) & 1)) continue;
        for (size_t w = 0; words[w]; w++) {
            const char *word = words[w];
            if ((unsigned char)word[0] != c) continue;
            size_t j = 1;
            while (word[j] && i + j < n && ascii_lower((unsigned char)s[i + j]) == (unsigned char)word[j]) j++;
            if (!word[j]) return true;
        }
    }
    return false;
}

/* True when s (n bytes) is one of words (lower case), ignoring case. */
static bool ci_equals_any(const char *s, size_t n, const char *const *words)
{
    unsigned char c = ascii_lower((unsigned char)s[0]);
    for (size_t w = 0; words[w]; w++) {
        const char *word = words[w];
        if ((unsigned char)word[0] != c || strlen(word) != n) continue;
        size_t j = 1;
        while (j < n && ascii_lower((unsigned char)s[j]) == (unsigned char)word[j]) j++;
        if (j == n) return true;
    }
    return false;
}

static bool placeholder_n(const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v)) { v++; n--; }
    while (n && isspace((unsigned char)v[n - 1])) n--;
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) { v++; n -= 2; }
    if (n == 0) return true;
    /* References: $VAR, ${VAR}, $(cmd), {{ template }}, %(name)s, <value>. */
    if (v[0] == '$') return true;
    if (n >= 4 && v[0] == '{' && v[1] == '{') return true;
    if (n >= 2 && v[0] == '<' && v[n - 1] == '>') return true;
    if (n >= 3 && v[0] == '%' && v[1] == '(') return true;
    /* One repeated character: "xxxx", "****", "....". */
    bool same = true;
    for (size_t i = 1; i < n; i++)
        if (ascii_lower((unsigned char)v[i]) != ascii_lower((unsigned char)v[0])) { same = false; break; }
    if (same && (n >= 3 || !isalnum((unsigned char)v[0]))) return true;
    static const char *const words[] = {"changeme", "change_me", "change-me", "changeit", "example", "placeholder",
                                        "your_", "your-", "yourpass", "yoursecret", "yourtoken", "replace",
                                        "dummy", "redacted", "xxx", "***", "todo", "fixme", "<", "insert",
                                        NULL};
    if (ci_contains_any(v, n, words)) return true;
    static const char *const exact[] = {"password", "secret", "token", "none", "null", "nil", "undefined",
                                        "test", "true", "false", "empty", "notset", "unset", "default",
                                        "pass", "passwd", "secret_key", "api_key", "apikey", "foo", "bar",
                                        "foobar", "admin", "-", NULL};
    return ci_equals_any(v, n, exact);
}

bool secrets_value_is_placeholder(const char *value)
{
    if (!value) return true;
    return placeholder_n(value, strnlen(value, SECRETS_VALUE_MAX));
}

/* ---- matching -------------------------------------------------------- */

static bool aws_documented_example(const char *s, size_t n)
{
    return (n >= 7 && memcmp(s + n - 7, "EXAMPLE", 7) == 0) ||
           (n >= 10 && memcmp(s + n - 10, "EXAMPLEKEY", 10) == 0);
}

static int line_of(const char *text, size_t off, size_t *last_off, int *last_line)
{
    /* Matches arrive in increasing order per pattern, not across patterns:
     * restart the count when asked about an earlier offset. */
    if (off < *last_off) { *last_off = 0; *last_line = 1; }
    for (size_t i = *last_off; i < off; i++)
        if (text[i] == '\n') (*last_line)++;
    *last_off = off;
    return *last_line;
}

bool secrets_value_match(const char *value, size_t len, struct secret_match *m)
{
    const struct compiled *t = table_get();
    if (!t || !value || len == 0 || len > SECRETS_VALUE_MAX || len < t->minlen_any) return false;
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    if (!md) return false;
    bool found = false;
    for (size_t i = 0; i < NPATTERNS && !found; i++) {
        if (len < t->minlen[i]) continue;
        PCRE2_SIZE start = 0;
        while (start < len) {
            int rc = pcre2_match(t->code[i], (PCRE2_SPTR)value, len, start, 0, md, NULL);
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            int g = patterns[i].group < rc ? patterns[i].group : 0;
            size_t so = ov[2 * g], eo = ov[2 * g + 1];
            if (patterns[i].flags & SK_AWS && aws_documented_example(value + so, eo - so)) {
                start = ov[1] > start ? ov[1] : start + 1;
                continue;
            }
            if (m) {
                m->kind = patterns[i].kind;
                m->id = patterns[i].id;
                m->off = so;
                m->len = eo - so;
                m->line = 1;
                for (size_t k = 0; k < so; k++)
                    if (value[k] == '\n') m->line++;
            }
            found = true;
            break;
        }
    }
    pcre2_match_data_free(md);
    return found;
}

static bool is_ident(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* A generic assignment value is reported only when it looks like a real
 * secret: long enough, varied enough, and not code or a reference. */
static bool generic_value_ok(const char *v, size_t n, bool quoted)
{
    if (n < (quoted ? 6u : 8u) || n > 256) return false;
    if (placeholder_n(v, n)) return false;
    int classes = 0;
    bool lo = false, up = false, dig = false, sym = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c >= 0x7f) return false;
        /* Code, templates and interpolation, not literal secrets. */
        if (strchr("(){}[]<>$%`\\", c)) return false;
        if (c == ' ' && !quoted) return false;
        if (islower(c)) lo = true;
        else if (isupper(c)) up = true;
        else if (isdigit(c)) dig = true;
        else sym = true;
    }
    classes = lo + up + dig + sym;
    double h = dg_entropy(v, n);
    if (quoted) return classes >= 2 && h >= 2.5;
    return classes >= 2 && h >= 3.0;
}

struct scan_state {
    const char *text;
    size_t len;
    int (*cb)(void *ud, const struct secret_match *m);
    void *ud;
    int count;
    bool stop;
    size_t last_off;
    int last_line;
    /* Ranges already reported by a value-shape pattern: a generic
     * assignment over the same bytes is not reported twice. */
    size_t *spans;
    size_t nspans, capspans;
};

static bool overlaps(const struct scan_state *s, size_t so, size_t eo)
{
    for (size_t i = 0; i < s->nspans; i++)
        if (so < s->spans[2 * i + 1] && s->spans[2 * i] < eo) return true;
    return false;
}

static void report(struct scan_state *s, const struct secret_pattern *p, const char *kind, const char *id,
                   size_t so, size_t eo)
{
    if (s->stop) return;
    if (s->count >= SECRETS_MATCH_MAX) { s->stop = true; return; }
    struct secret_match m = {kind ? kind : p->kind, id ? id : p->id, so, eo - so,
                             line_of(s->text, so, &s->last_off, &s->last_line)};
    s->count++;
    if (s->nspans == s->capspans) {
        s->capspans = s->capspans ? s->capspans * 2 : 16;
        s->spans = dg_xrealloc(s->spans, s->capspans * 2 * sizeof *s->spans);
    }
    s->spans[2 * s->nspans] = so;
    s->spans[2 * s->nspans + 1] = eo;
    s->nspans++;
    if (s->cb(s->ud, &m)) s->stop = true;
}

/* Parses `name <sp> (=|:|:=|=>) <sp> value` around a keyword hit at
 * [ks, ke). Returns the end of what was examined. */
static size_t generic_at(struct scan_state *s, size_t ks, size_t ke)
{
    const char *t = s->text;
    size_t n = s->len;
    size_t ns = ks, ne = ke;
    while (ns > 0 && ke - ns < 64 && is_ident((unsigned char)t[ns - 1])) ns--;
    while (ne < n && ne - ks < 64 && is_ident((unsigned char)t[ne])) ne++;
    if ((ns > 0 && is_ident((unsigned char)t[ns - 1])) || (ne < n && is_ident((unsigned char)t[ne]))) return ke;
    char name[80];
    size_t nl = ne - ns;
    if (nl >= sizeof name) return ne;
    memcpy(name, t + ns, nl);
    name[nl] = '\0';
    if (!secrets_name_sensitive(name)) return ne;
    size_t p = ne;
    if (p < n && (t[p] == '"' || t[p] == '\'')) p++;  /* "password": "x" */
    while (p < n && (t[p] == ' ' || t[p] == '\t') && p - ne < 8) p++;
    if (p >= n) return ne;
    if (t[p] == ':' && p + 1 < n && t[p + 1] == '=') p += 2;
    else if (t[p] == '=' && p + 1 < n && t[p + 1] == '>') p += 2;
    else if (t[p] == '=' || t[p] == ':') p++;
    else return ne;
    if (p < n && t[p] == '=') return ne;  /* comparison "==", not assignment */
    size_t q = p;
    while (q < n && (t[q] == ' ' || t[q] == '\t') && q - p < 8) q++;
    if (q >= n) return ne;
    size_t vs, ve;
    bool quoted = false;
    if (t[q] == '"' || t[q] == '\'') {
        char qc = t[q];
        vs = q + 1;
        ve = vs;
        while (ve < n && t[ve] != qc && t[ve] != '\n' && ve - vs <= 256) ve++;
        if (ve >= n || t[ve] != qc) return ne;
        quoted = true;
    } else {
        vs = q;
        ve = vs;
        while (ve < n && !isspace((unsigned char)t[ve]) && !strchr("\"',;#", t[ve]) && ve - vs <= 256) ve++;
    }
    if (!generic_value_ok(t + vs, ve - vs, quoted)) return ve;
    if (overlaps(s, vs, ve)) return ve;
    report(s, NULL, "password or secret assignment", "generic-assignment", vs, ve);
    return ve;
}

int secrets_scan_text(const char *text, size_t len, int (*cb)(void *ud, const struct secret_match *m), void *ud)
{
    const struct compiled *t = table_get();
    if (!t || !cb) return -1;
    if (!text) return 0;
    if (len > SECRETS_SCAN_MAX) len = SECRETS_SCAN_MAX;
    struct scan_state s = {text, len, cb, ud, 0, false, 0, 1, NULL, 0, 0};
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    if (!md) return -1;
    /* The AWS secret key pattern (an alternation of names, slow to run)
     * needs the word "secret", which a vector search rules out cheaply. */
    bool has_secret = pcre2_match(t->keyword[KEYWORD_SECRET], (PCRE2_SPTR)text, len, 0, 0, md, NULL) >= 0;
    for (size_t i = 0; i < NPATTERNS && !s.stop; i++) {
        if (patterns[i].flags & SK_AWS && patterns[i].group && !has_secret) continue;
        PCRE2_SIZE start = 0;
        while (start < len && !s.stop) {
            int rc = pcre2_match(t->code[i], (PCRE2_SPTR)text, len, start, 0, md, NULL);
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            int g = patterns[i].group < rc ? patterns[i].group : 0;
            size_t so = ov[2 * g], eo = ov[2 * g + 1];
            size_t next = ov[1] > start ? ov[1] : start + 1;
            start = next;
            if (patterns[i].flags & SK_AWS && aws_documented_example(text + so, eo - so)) continue;
            if (overlaps(&s, so, eo)) continue;
            report(&s, &patterns[i], NULL, NULL, so, eo);
        }
    }
    /* Keyword hits in text order: a k-way merge of one cursor per keyword,
     * each moved past the end of the assignment last parsed. */
    struct { size_t so, eo; bool done; } cur[NKEYWORDS];
    for (size_t k = 0; k < NKEYWORDS; k++) cur[k].done = false, cur[k].so = cur[k].eo = 0;
    size_t start = 0;
    bool first = true;
    while (start < len && !s.stop) {
        size_t best = NKEYWORDS;
        for (size_t k = 0; k < NKEYWORDS; k++) {
            if (cur[k].done) continue;
            if (first || cur[k].so < start) {
                int rc = pcre2_match(t->keyword[k], (PCRE2_SPTR)text, len, start, 0, md, NULL);
                if (rc < 0) {
                    cur[k].done = true;
                    continue;
                }
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                cur[k].so = ov[0];
                cur[k].eo = ov[1];
            }
            if (best == NKEYWORDS || cur[k].so < cur[best].so) best = k;
        }
        first = false;
        if (best == NKEYWORDS) break;
        size_t ks = cur[best].so, ke = cur[best].eo;
        size_t end = generic_at(&s, ks, ke);
        start = end > ke ? end : ke;
    }
    pcre2_match_data_free(md);
    free(s.spans);
    return s.count;
}

/* Redacts a secret for display: its kind's first characters, then stars. */
char *secrets_redact(const char *value, size_t len)
{
    size_t keep = len >= 20 ? 4 : (len >= 10 ? 2 : 0);
    char *out = dg_xmalloc(keep + 8 + 1);
    size_t o = 0;
    for (size_t i = 0; i < keep; i++)
        out[o++] = (value[i] >= 0x21 && value[i] < 0x7f) ? value[i] : '?';
    memcpy(out + o, "********", 8);
    out[o + 8] = '\0';
    return out;
}
