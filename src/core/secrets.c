/* Secret detection shared by every credential rule. Value shapes are PCRE2
 * patterns (ASCII, byte mode: scanned text may be any bytes) compiled once
 * (pthread_once) into a read-only table and JIT compiled; names are judged by their parts, so "DB_PASSWORD" is sensitive
 * but "DB_PASSWORD_FILE" (a path to a secret) is not. */
#include "core/secrets.h"
#include "core/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Text beyond this per call is not scanned: callers bound file reads, and
 * this keeps a single call's cost bounded too. */
#define SECRETS_MAX_SCAN (16u << 20)
#define SECRETS_MAX_MATCHES 10000

struct shape {
    const char *id;
    const char *kind;
    const char *re;
    bool value_shape;   /* also identifies a bare value (ENV/ARG/env) */
    int group;          /* capture group holding the secret, 0 = whole match */
};

static const struct shape shapes[] = {
    {"private-key", "private key block",
     "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----", true, 0},
    {"aws-access-key-id", "AWS access key ID", "\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b", true, 0},
    {"aws-secret-access-key", "AWS secret access key",
     "(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", false, 1},
    {"github-token", "GitHub token", "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\\b", true, 0},
    {"gitlab-token", "GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}", true, 0},
    {"slack-token", "Slack token", "\\bxox[abprse]-[A-Za-z0-9-]{10,}", true, 0},
    {"slack-webhook", "Slack webhook URL", "https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+",
     true, 0},
    {"stripe-key", "Stripe live key", "\\b[rs]k_live_[A-Za-z0-9]{20,}", true, 0},
    {"google-api-key", "Google API key", "\\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", true, 0},
    {"npm-token", "npm token", "\\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", true, 0},
    {"pypi-token", "PyPI token", "\\bpypi-AgE[A-Za-z0-9_-]{50,}", true, 0},
    {"dockerhub-token", "Docker Hub access token", "\\bdckr_pat_[A-Za-z0-9_-]{27,}", true, 0},
    {"jwt", "JSON Web Token", "\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}", true, 0},
    /* Generic assignments: judged further by placeholder and entropy checks. */
    {"generic-password", "password or secret assignment",
     "(?i)\\b[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key)[\"']?"
     "[ \\t]*(?:=|:|:=)[ \\t]*[\"']?([^\\s\"'`,;<>(){}]{8,200})",
     false, 1},
};
#define NSHAPES (sizeof shapes / sizeof shapes[0])

struct compiled {
    pcre2_code *re[NSHAPES];
    bool ok;
};

static struct compiled table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_init(void)
{
    table.ok = true;
    for (size_t i = 0; i < NSHAPES; i++) {
        int ec;
        PCRE2_SIZE eo;
        table.re[i] = pcre2_compile((PCRE2_SPTR)shapes[i].re, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
        if (!table.re[i]) {
            /* Patterns are constants; a failure here is a build defect. */
            table.ok = false;
            continue;
        }
        pcre2_jit_compile(table.re[i], PCRE2_JIT_COMPLETE);
    }
}

static const struct compiled *compiled_get(void)
{
    pthread_once(&table_once, table_init);
    return table.ok ? &table : NULL;
}

static const char *const placeholders[] = {
    "changeme", "change_me", "change-me", "example", "placeholder", "password", "passw0rd", "secret", "dummy",
    "test", "testing", "todo", "tbd", "none", "null", "nil", "true", "false", "yes", "no", "redacted", "sample",
    "your_password", "your-password", "yourpassword", "mypassword", "my_password", "secretpassword", "required",
    "notset", "not-set", "unset", "default", "string", "value", "foobar", "xxxxxxxx", "hunter2x",
};

bool secrets_value_is_placeholder(const char *v)
{
    if (!v) return true;
    while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '"' || v[n - 1] == '\'')) n--;
    if (n == 0) return true;
    if (v[0] == '$') return true;                         /* $VAR, ${VAR}, $(cmd) */
    if (v[0] == '<' && v[n - 1] == '>') return true;      /* <your-token> */
    if (v[0] == '{' && v[1] == '{') return true;          /* {{ template }} */
    if (v[0] == '%' && v[n - 1] == '%') return true;      /* %VAR% */
    /* One repeated character: xxxx, ****, 0000. */
    size_t same = 1;
    while (same < n && v[same] == v[0]) same++;
    if (same == n) return true;
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
        if (strlen(placeholders[i]) == n && strncasecmp(placeholders[i], v, n) == 0) return true;
    /* Obvious fakes with a marker word inside. */
    char *low = dg_xstrndup(v, n);
    for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
    bool fake = strstr(low, "changeme") || strstr(low, "example") || strstr(low, "placeholder") ||
                strstr(low, "your_") || strstr(low, "your-") || strstr(low, "xxxx");
    free(low);
    return fake;
}

/* Name parts (split on _ - . and camelCase) compared upper-case. */
struct parts {
    char p[16][48];
    int n;
};

static void split_name(const char *name, struct parts *out)
{
    out->n = 0;
    size_t len = 0;
    for (const char *s = name;; s++) {
        bool sep = !*s || *s == '_' || *s == '-' || *s == '.' || *s == ' ';
        bool camel = *s && len && islower((unsigned char)s[-1]) && isupper((unsigned char)*s);
        if ((sep || camel) && len) {
            out->p[out->n][len] = '\0';
            if (++out->n == 16) return;
            len = 0;
        }
        if (!*s) return;
        if (sep) continue;
        if (len < 47) out->p[out->n][len++] = (char)toupper((unsigned char)*s);
    }
}

static bool part_is(const struct parts *ps, int i, const char *w)
{
    return i >= 0 && i < ps->n && strcmp(ps->p[i], w) == 0;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

bool secrets_name_sensitive(const char *name)
{
    if (!name || !*name) return false;
    struct parts ps;
    split_name(name, &ps);
    if (ps.n == 0) return false;
    /* A name that points at or describes a secret is not the secret. */
    static const char *const not_secret[] = {
        "FILE", "FILES", "PATH", "DIR", "URL", "URI", "NAME", "LENGTH", "LEN", "ENABLED", "ENABLE", "DISABLED",
        "HOST", "USER", "USERNAME", "PORT", "TYPE", "MODE", "POLICY", "EXPIRY", "EXPIRES", "TTL", "TIMEOUT", "ID",
        "HEADER", "FORMAT", "VERSION", "CMD", "COMMAND", "PROVIDER", "ENDPOINT", "REGION", "SIZE", "ALGORITHM",
        "METHOD", "COUNT", "SCOPE", "SCOPES", "LOCATION", "ARN", "REF", "KIND", "PREFIX", "FIELD", "PARAM", "LIMIT",
        "MIN", "MAX", "REQUIRED", "RESET", "HINT", "STRENGTH", "COMPLEXITY", "ROTATION", "INTERVAL", "DAYS"};
    const char *last = ps.p[ps.n - 1];
    for (size_t i = 0; i < sizeof not_secret / sizeof not_secret[0]; i++)
        if (strcmp(last, not_secret[i]) == 0) return false;
    for (int i = 0; i < ps.n; i++) {
        const char *p = ps.p[i];
        if (strstr(p, "PASSWORD") || strstr(p, "PASSWD") || strstr(p, "SECRET") || strcmp(p, "PASS") == 0 ||
            strcmp(p, "PWD") == 0 || strcmp(p, "APIKEY") == 0 || strcmp(p, "TOKEN") == 0 || ends_with(p, "TOKEN") ||
            strcmp(p, "CREDENTIALS") == 0 || strcmp(p, "CREDENTIAL") == 0 || strcmp(p, "PASSPHRASE") == 0 ||
            strcmp(p, "PRIVATEKEY") == 0 || strcmp(p, "ACCESSKEY") == 0 || strcmp(p, "AUTH") == 0 ||
            strcmp(p, "DSN") == 0)
            return true;
        if (strcmp(p, "KEY") == 0 &&
            (part_is(&ps, i - 1, "API") || part_is(&ps, i - 1, "ACCESS") || part_is(&ps, i - 1, "PRIVATE") ||
             part_is(&ps, i - 1, "SECRET") || part_is(&ps, i - 1, "SIGNING") || part_is(&ps, i - 1, "ENCRYPTION") ||
             part_is(&ps, i - 1, "MASTER") || part_is(&ps, i - 1, "SESSION") || part_is(&ps, i - 1, "LICENSE")))
            return true;
    }
    return false;
}

static bool run_shape(const struct compiled *c, size_t i, const char *text, size_t len, size_t start,
                      pcre2_match_data *md, size_t *off, size_t *mlen)
{
    int rc = pcre2_match(c->re[i], (PCRE2_SPTR)text, len, start, 0, md, NULL);
    if (rc < 0) return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    int g = shapes[i].group;
    if (g >= rc || ov[2 * g] == PCRE2_UNSET) g = 0;
    *off = ov[2 * g];
    *mlen = ov[2 * g + 1] - ov[2 * g];
    return true;
}

/* Generic assignments need a value that looks random enough to be real. */
static bool generic_plausible(const char *v, size_t n)
{
    char *s = dg_xstrndup(v, n);
    bool ok = !secrets_value_is_placeholder(s) && dg_entropy(s, n) >= 3.0;
    /* Code, not a literal: function calls, references, environment lookups. */
    if (ok && (strchr(s, '$') || strchr(s, '(') || strstr(s, "process.env") || strstr(s, "os.environ") ||
               strstr(s, "getenv")))
        ok = false;
    free(s);
    return ok;
}

bool secrets_value_match(const char *value, size_t len, struct secret_match *m)
{
    const struct compiled *c = compiled_get();
    if (!c || !value) return false;
    if (len > SECRETS_MAX_SCAN) len = SECRETS_MAX_SCAN;
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    bool found = false;
    for (size_t i = 0; i < NSHAPES && !found; i++) {
        if (!shapes[i].value_shape) continue;
        size_t off, n;
        if (run_shape(c, i, value, len, 0, md, &off, &n)) {
            if (m) {
                m->kind = shapes[i].kind;
                m->id = shapes[i].id;
                m->off = off;
                m->len = n;
                m->line = 1;
            }
            found = true;
        }
    }
    pcre2_match_data_free(md);
    return found;
}

struct hit {
    size_t shape, off, len, end;
};

static int hit_cmp(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    if (x->off != y->off) return x->off < y->off ? -1 : 1;
    return x->shape < y->shape ? -1 : x->shape > y->shape;
}

int secrets_scan_text(const char *text, size_t len, int (*cb)(void *ud, const struct secret_match *m), void *ud)
{
    const struct compiled *c = compiled_get();
    if (!c) return -1;
    if (len > SECRETS_MAX_SCAN) len = SECRETS_MAX_SCAN;
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    struct hit *hits = NULL;
    size_t nhits = 0, cap = 0;
    for (size_t i = 0; i < NSHAPES; i++) {
        size_t start = 0;
        while (start < len && nhits < SECRETS_MAX_MATCHES) {
            int rc = pcre2_match(c->re[i], (PCRE2_SPTR)text, len, start, 0, md, NULL);
            if (rc < 0) break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            int g = shapes[i].group;
            if (g >= rc || ov[2 * g] == PCRE2_UNSET) g = 0;
            size_t off = ov[2 * g], n = ov[2 * g + 1] - ov[2 * g], end = ov[1];
            if (strcmp(shapes[i].id, "generic-password") != 0 || generic_plausible(text + off, n)) {
                if (nhits == cap) {
                    cap = cap ? cap * 2 : 16;
                    hits = dg_xrealloc(hits, cap * sizeof *hits);
                }
                hits[nhits++] = (struct hit){i, off, n, end};
            }
            start = end > start ? end : start + 1;
        }
    }
    pcre2_match_data_free(md);
    if (nhits > 1) qsort(hits, nhits, sizeof *hits, hit_cmp);
    /* A generic assignment whose value is already a known shape is reported
     * once, as the more specific kind. */
    int count = 0;
    size_t line = 1, scanned = 0;
    for (size_t k = 0; k < nhits; k++) {
        bool dup = false;
        for (size_t j = 0; j < nhits && !dup; j++)
            if (j != k && hits[j].off < hits[k].off + hits[k].len && hits[k].off < hits[j].off + hits[j].len &&
                strcmp(shapes[hits[k].shape].id, "generic-password") == 0 &&
                strcmp(shapes[hits[j].shape].id, "generic-password") != 0)
                dup = true;
        if (dup) continue;
        for (; scanned < hits[k].off; scanned++)
            if (text[scanned] == '\n') line++;
        struct secret_match m = {shapes[hits[k].shape].kind, shapes[hits[k].shape].id, hits[k].off, hits[k].len,
                                 (int)line};
        count++;
        if (cb && cb(ud, &m)) break;
    }
    free(hits);
    return count;
}
