/* Reports: finding storage, inline suppressions, ordering and summaries. */
#include "core/finding.h"
#include "core/rule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};

const char *dg_severity_name(enum dg_severity s)
{
    return (unsigned)s < 5 ? sev_names[s] : "unknown";
}

int dg_severity_parse(const char *name, int *out)
{
    for (int i = 0; i < 5; i++)
        if (strcasecmp(name, sev_names[i]) == 0) { *out = i; return 0; }
    if (strcasecmp(name, "none") == 0 || strcasecmp(name, "never") == 0) { *out = -1; return 0; }
    return -1;
}

const char *dg_status_name(enum dg_status s)
{
    switch (s) {
    case DG_STATUS_PASS: return "pass";
    case DG_STATUS_FAIL: return "warn";
    case DG_STATUS_SKIP: return "skip";
    case DG_STATUS_INFO: return "info";
    default: return "not-run";
    }
}

enum dg_status dg_rule_status_of(const struct dg_rule_status *st)
{
    if (st->failed) return st->rule->severity == DG_SEV_INFO ? DG_STATUS_INFO : DG_STATUS_FAIL;
    if (st->checked) return DG_STATUS_PASS;
    if (st->skipped) return DG_STATUS_SKIP;
    return DG_STATUS_NOT_RUN;
}

int dg_cis_cmp(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0;
    while (*a && *b) {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (ea == a || eb == b) return strcmp(a, b);
        if (x != y) return x < y ? -1 : 1;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
        if (ea == a && eb == b) break;
    }
    return *a ? 1 : *b ? -1 : 0;
}

struct dg_suppress_entry {
    char *file;
    int line;        /* 0 = whole file */
    char *rule_id;   /* an id, or a prefix such as "DG-C" */
};

void dg_report_init(struct dg_report *r, const char *command)
{
    memset(r, 0, sizeof *r);
    dg_arena_init(&r->mem, 16u << 10);
    r->command = command;
    r->nstatus = rules_count();
    r->status = dg_xcalloc(r->nstatus, sizeof *r->status);
    for (size_t i = 0; i < r->nstatus; i++) r->status[i].rule = rules_at(i);
}

void dg_report_free(struct dg_report *r)
{
    free(r->findings);
    dg_arena_free(&r->mem);
    for (size_t i = 0; i < r->nstatus; i++) free(r->status[i].skip_reason);
    free(r->status);
    for (size_t i = 0; i < r->nsupp; i++) {
        free(r->supp[i].file);
        free(r->supp[i].rule_id);
    }
    free(r->supp);
    dg_strv_free(&r->inputs);
    dg_strv_free(&r->files);
    memset(r, 0, sizeof *r);
}

void dg_report_merge(struct dg_report *dst, struct dg_report *src)
{
    if (src->n && !dst->findings) {
        /* Into an empty report: the array itself moves. */
        dst->findings = src->findings;
        dst->n = src->n;
        dst->cap = src->cap;
        src->findings = NULL;
    } else if (src->n) {
        if (dst->cap < dst->n + src->n) {
            dst->cap = dst->n + src->n;
            dst->findings = dg_xrealloc(dst->findings, dst->cap * sizeof *dst->findings);
        }
        memcpy(dst->findings + dst->n, src->findings, src->n * sizeof *src->findings);
        dst->n += src->n;
    }
    free(src->findings);
    src->findings = NULL;
    src->n = src->cap = 0;
    dg_arena_adopt(&dst->mem, &src->mem);
    if (src->nsupp) {
        dst->supp = dg_xrealloc(dst->supp, (dst->nsupp + src->nsupp) * sizeof *dst->supp);
        memcpy(dst->supp + dst->nsupp, src->supp, src->nsupp * sizeof *src->supp);
        dst->nsupp += src->nsupp;
    }
    free(src->supp);
    src->supp = NULL;
    src->nsupp = 0;
    for (size_t i = 0; i < dst->nstatus && i < src->nstatus; i++) {
        struct dg_rule_status *d = &dst->status[i], *s = &src->status[i];
        d->checked += s->checked;
        d->failed += s->failed;
        d->suppressed += s->suppressed;
        d->skipped += s->skipped;
        if (!d->skip_reason) {
            d->skip_reason = s->skip_reason;
            s->skip_reason = NULL;
        }
    }
    /* The file names move with their findings; their addresses stay. */
    for (size_t i = 0; i < src->files.n; i++) dg_strv_push_owned(&dst->files, src->files.v[i]);
    free(src->files.v);
    memset(&src->files, 0, sizeof src->files);
    for (size_t i = 0; i < src->inputs.n; i++) dg_strv_push(&dst->inputs, src->inputs.v[i]);
    dg_strv_free(&src->inputs);
    dst->errors += src->errors;
    src->errors = 0;
}

static void supp_add(struct dg_report *r, const char *file, int line, const char *id, size_t idlen)
{
    r->supp = dg_xrealloc(r->supp, (r->nsupp + 1) * sizeof *r->supp);
    r->supp[r->nsupp].file = dg_xstrdup(file);
    r->supp[r->nsupp].line = line;
    r->supp[r->nsupp].rule_id = dg_xstrndup(id, idlen);
    r->nsupp++;
}

/* Finds "dockguard [global] ignore=ID[,ID]" inside a comment of one line.
 * Returns the start of the id list or NULL; *global tells the scope. */
static const char *supp_parse(const char *line, size_t len, bool *global, bool *trailing)
{
    const char *hash = memchr(line, '#', len);
    if (!hash) return NULL;
    const char *p = hash + 1;
    const char *end = line + len;
    *trailing = false;
    for (const char *q = line; q < hash; q++)
        if (!isspace((unsigned char)*q)) { *trailing = true; break; }
    while (p < end && isspace((unsigned char)*p)) p++;
    if ((size_t)(end - p) < 9 || strncmp(p, "dockguard", 9) != 0) return NULL;
    p += 9;
    while (p < end && isspace((unsigned char)*p)) p++;
    *global = false;
    if ((size_t)(end - p) >= 6 && strncmp(p, "global", 6) == 0) {
        *global = true;
        p += 6;
        while (p < end && isspace((unsigned char)*p)) p++;
    }
    if ((size_t)(end - p) < 7 || strncmp(p, "ignore=", 7) != 0) return NULL;
    return p + 7;
}

void dg_report_add_source(struct dg_report *r, const char *file, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int lineno = 0;
    /* ids waiting for the next line that is not blank or a comment */
    const char *pending[16];
    size_t pending_len[16];
    size_t npending = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        bool global = false, trailing = false;
        const char *ids = supp_parse(p, (size_t)(le - p), &global, &trailing);
        const char *q = p;
        while (q < le && isspace((unsigned char)*q)) q++;
        bool blank_or_comment = (q == le) || *q == '#';
        if (!blank_or_comment && npending) {
            for (size_t i = 0; i < npending; i++) supp_add(r, file, lineno, pending[i], pending_len[i]);
            npending = 0;
        }
        if (ids) {
            const char *s = ids;
            while (s < le) {
                const char *e = s;
                while (e < le && *e != ',' && !isspace((unsigned char)*e)) e++;
                if (e > s) {
                    if (global) supp_add(r, file, 0, s, (size_t)(e - s));
                    else if (trailing) supp_add(r, file, lineno, s, (size_t)(e - s));
                    else if (npending < 16) {
                        pending[npending] = s;
                        pending_len[npending] = (size_t)(e - s);
                        npending++;
                    }
                }
                if (e >= le || isspace((unsigned char)*e)) break;
                s = e + 1;
            }
        }
        p = nl ? nl + 1 : end;
    }
}

static bool id_matches(const char *pattern, const char *id)
{
    if (strcasecmp(pattern, "all") == 0) return true;
    size_t n = strlen(pattern);
    /* A prefix such as "DG-C" or "DG-C0" matches a family. */
    return strncasecmp(pattern, id, n) == 0 && (id[n] == '\0' || n < strlen(id));
}

bool dg_report_is_suppressed(const struct dg_report *r, const char *file, int line, const char *rule_id)
{
    if (!file) return false;
    for (size_t i = 0; i < r->nsupp; i++) {
        const struct dg_suppress_entry *s = &r->supp[i];
        if ((s->line == 0 || s->line == line) && strcmp(s->file, file) == 0 && id_matches(s->rule_id, rule_id))
            return true;
    }
    return false;
}

const char *dg_report_file(struct dg_report *r, const char *file)
{
    /* Findings arrive file by file: the last name is nearly always it. */
    if (r->files.n && strcmp(r->files.v[r->files.n - 1], file) == 0) return r->files.v[r->files.n - 1];
    dg_strv_push(&r->files, file);
    return r->files.v[r->files.n - 1];
}

static int finding_cmp(const void *a, const void *b)
{
    const struct dg_finding *x = a, *y = b;
    if (x->file != y->file) {
        int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
        if (c) return c;
    }
    int c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    c = strcmp(x->rule->id, y->rule->id);
    if (c) return c;
    c = strcmp(x->subject ? x->subject : "", y->subject ? y->subject : "");
    if (c) return c;
    return strcmp(x->message ? x->message : "", y->message ? y->message : "");
}

/* Merges the sorted runs a[lo..mid) and a[mid..hi) into out[lo..hi). */
static void merge_runs(const struct dg_finding *a, struct dg_finding *out, size_t lo, size_t mid, size_t hi)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) out[k++] = finding_cmp(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < mid) out[k++] = a[i++];
    while (j < hi) out[k++] = a[j++];
}

/* End of the sorted run that starts at lo. */
static size_t run_end(const struct dg_finding *a, size_t lo, size_t n)
{
    size_t i = lo + 1;
    while (i < n && finding_cmp(&a[i - 1], &a[i]) <= 0) i++;
    return i;
}

/* A natural merge sort: findings mostly arrive sorted or in a few sorted
 * runs (lint sorts each file's findings when the file is done and lays
 * the files out in walk order), so adjacent runs are merged pairwise, a
 * linear pass each round, and sorted input costs one scan. Arbitrary
 * order still sorts in n log n. */
static void sort_findings(struct dg_report *r)
{
    size_t runs = 0;
    for (size_t i = 0; i < r->n && runs < 2; i = run_end(r->findings, i, r->n)) runs++;
    if (runs <= 1) return;
    struct dg_finding *a = r->findings, *b = dg_xmalloc(r->n * sizeof *b);
    while (runs > 1) {
        runs = 0;
        for (size_t lo = 0; lo < r->n; runs++) {
            size_t mid = run_end(a, lo, r->n);
            size_t hi = mid < r->n ? run_end(a, mid, r->n) : mid;
            merge_runs(a, b, lo, mid, hi);
            lo = hi;
        }
        struct dg_finding *t = a;
        a = b;
        b = t;
    }
    if (a != r->findings) {
        memcpy(r->findings, a, r->n * sizeof *a);
        b = a;
    }
    free(b);
}

void dg_report_sort_from(struct dg_report *r, size_t from)
{
    /* Insertion sort: a file has a handful of findings. */
    for (size_t i = from + 1; i < r->n; i++) {
        struct dg_finding f = r->findings[i];
        size_t k = i;
        while (k > from && finding_cmp(&r->findings[k - 1], &f) > 0) {
            r->findings[k] = r->findings[k - 1];
            k--;
        }
        r->findings[k] = f;
    }
}

void dg_report_sort(struct dg_report *r)
{
    if (r->n < 2) return;
    sort_findings(r);
    /* The same file can be reached twice (a folder walk and a compose
     * build: reference); identical findings are reported once. */
    size_t w = 1;
    for (size_t i = 1; i < r->n; i++) {
        if (finding_cmp(&r->findings[w - 1], &r->findings[i]) == 0) continue; /* its texts go with the arena */
        r->findings[w++] = r->findings[i];
    }
    r->n = w;
}

int dg_report_max_severity(const struct dg_report *r)
{
    int m = -1;
    for (size_t i = 0; i < r->n; i++)
        if ((int)r->findings[i].severity > m) m = (int)r->findings[i].severity;
    return m;
}

size_t dg_report_count_at_least(const struct dg_report *r, enum dg_severity s)
{
    size_t c = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->findings[i].severity >= s) c++;
    return c;
}
