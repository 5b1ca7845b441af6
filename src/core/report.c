/* Reporters: text and JSON here; SARIF, JUnit and HTML in their own files. */
#include "core/report.h"
#include "core/error.h"
#include "core/rule.h"
#include "core/thread.h"

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int dg_report_write_sarif(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);
int dg_report_write_junit(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);
int dg_report_write_html(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err);

static const char *const format_names[] = {"text", "json", "sarif", "junit", "html", "cyclonedx", "spdx"};

int dg_format_parse(const char *name, enum dg_format *out)
{
    for (int i = 0; i < (int)(sizeof format_names / sizeof format_names[0]); i++)
        if (strcasecmp(name, format_names[i]) == 0) { *out = (enum dg_format)i; return 0; }
    return -1;
}

const char *dg_format_name(enum dg_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "unknown";
}

static const char *sev_color(enum dg_severity s)
{
    switch (s) {
    case DG_SEV_CRITICAL: return "\033[1;35m";
    case DG_SEV_HIGH: return "\033[1;31m";
    case DG_SEV_MEDIUM: return "\033[33m";
    case DG_SEV_LOW: return "\033[36m";
    default: return "\033[2m";
    }
}

static void text_summary(const struct dg_report *r, const struct dg_report_opts *o, FILE *out)
{
    size_t by[5] = {0};
    for (size_t i = 0; i < r->n; i++) by[r->findings[i].severity]++;
    fprintf(out, "%zu finding%s", r->n, r->n == 1 ? "" : "s");
    if (r->n) {
        fputs(" (", out);
        bool first = true;
        for (int s = 4; s >= 0; s--) {
            if (!by[s]) continue;
            fprintf(out, "%s%s%zu %s%s", first ? "" : ", ", o->color ? sev_color((enum dg_severity)s) : "", by[s],
                    dg_severity_name((enum dg_severity)s), o->color ? "\033[0m" : "");
            first = false;
        }
        fputc(')', out);
    }
    if (r->errors) fprintf(out, ", %u input%s could not be read", r->errors, r->errors == 1 ? "" : "s");
    fputc('\n', out);
}

/* Audit-style output: every check with its status, in CIS item order. */
struct check_order {
    const struct dg_rule_status *st;
    const char *cis;
};

static int check_order_cmp(const void *a, const void *b)
{
    const struct check_order *x = a, *y = b;
    int c = dg_cis_cmp(x->cis, y->cis);
    return c ? c : strcmp(x->st->rule->id, y->st->rule->id);
}

static void text_checks(const struct dg_report *r, const struct dg_report_opts *o, FILE *out)
{
    unsigned count[5] = {0};
    struct check_order *ord = dg_xcalloc(r->nstatus, sizeof *ord);
    size_t n = 0;
    for (size_t i = 0; i < r->nstatus; i++) {
        enum dg_status s = dg_rule_status_of(&r->status[i]);
        if (s == DG_STATUS_NOT_RUN) continue;
        count[s]++;
        ord[n].st = &r->status[i];
        ord[n].cis = rules_cis_item(r->status[i].rule, o->cis_version);
        n++;
    }
    qsort(ord, n, sizeof *ord, check_order_cmp);
    for (size_t i = 0; i < n; i++) {
        const struct dg_rule_status *st = ord[i].st;
        enum dg_status s = dg_rule_status_of(st);
        /* Warnings are already listed with their findings. */
        if (s == DG_STATUS_FAIL || (s == DG_STATUS_PASS && !o->show_passed)) continue;
        fprintf(out, "[%-4s] %-8s %s%-6s %s\n", dg_status_name(s), st->rule->id, ord[i].cis ? "CIS " : "    ",
                ord[i].cis ? ord[i].cis : "", st->rule->title);
        if (s == DG_STATUS_SKIP && st->skip_reason) fprintf(out, "         skipped: %s\n", st->skip_reason);
    }
    free(ord);
    unsigned scored = count[DG_STATUS_PASS] + count[DG_STATUS_FAIL];
    fprintf(out, "checks: %u passed, %u warned, %u skipped, %u info; score %u%%\n", count[DG_STATUS_PASS],
            count[DG_STATUS_FAIL], count[DG_STATUS_SKIP], count[DG_STATUS_INFO],
            scored ? (count[DG_STATUS_PASS] * 100 + scored / 2) / scored : 100);
}

static int write_text(const struct dg_report *r, const struct dg_report_opts *o, FILE *out)
{
    const char *last_file = NULL;
    const char *bold = o->color ? "\033[1m" : "", *reset = o->color ? "\033[0m" : "", *dim = o->color ? "\033[2m" : "";
    for (size_t i = 0; i < r->n; i++) {
        const struct dg_finding *f = &r->findings[i];
        const char *file = f->file ? f->file : "-";
        if (!last_file || strcmp(last_file, file) != 0) {
            if (last_file && !o->quiet) fputc('\n', out);
            if (!o->quiet) fprintf(out, "%s%s%s\n", bold, file, reset);
            last_file = file;
        }
        char loc[64] = "";
        if (f->line > 0 && f->col > 0) snprintf(loc, sizeof loc, ":%d:%d", f->line, f->col);
        else if (f->line > 0) snprintf(loc, sizeof loc, ":%d", f->line);
        const char *cis = rules_cis_item(f->rule, o->cis_version);
        fprintf(out, "%s%s %s%-8s%s %s%s%s %s", file, loc, o->color ? sev_color(f->severity) : "",
                dg_severity_name(f->severity), reset, bold, f->rule->id, reset, f->message);
        if (f->subject) fprintf(out, " %s[%s]%s", dim, f->subject, reset);
        if (cis) fprintf(out, " %s(CIS %s)%s", dim, cis, reset);
        fputc('\n', out);
        if (f->evidence && !o->quiet) fprintf(out, "    %s> %s%s\n", dim, f->evidence, reset);
    }
    if (r->command && strcmp(r->command, "audit") == 0 && !o->quiet) {
        if (r->n) fputc('\n', out);
        text_checks(r, o, out);
    }
    if (!o->quiet) {
        if (r->n) fputc('\n', out);
        text_summary(r, o, out);
    }
    return ferror(out) ? -1 : 0;
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* Length of the run at p (n bytes left) that JSON takes as it is: no
 * control character, quote, backslash or non-ASCII byte. Eight bytes are
 * tested at a time: most text is plain and this loop is most of the
 * writer's time. */
static size_t json_plain_len(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
        /* Each term is non-zero when some byte is >= 0x80, equals '"' or
         * '\\', or is below 0x20 (the usual "has zero / has less" tests). */
        uint64_t m = (v & highs) | ((q - ones) & ~q & highs) | ((bs - ones) & ~bs & highs) |
                     ((v - ones * 0x20) & ~v & highs);
        if (m) break;
    }
    while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') i++;
    return i;
}

/* Appends s as a JSON string. Invalid UTF-8 (a file name or evidence taken
 * from hostile input) becomes U+FFFD so the document always parses. */
static void jbuf_str(struct dg_buf *b, const char *s)
{
    if (!s) {
        dg_buf_append(b, "null", 4);
        return;
    }
    /* Room for the worst case (every byte a \u00XX escape) is made once,
     * then the text is written without a bounds check per piece. */
    size_t n = strlen(s);
    if (n > (SIZE_MAX / 2 - 2) / 6 || dg_buf_reserve(b, 6 * n + 2) != 0) {
        /* Past the buffer's bounds: nothing sensible fits; keep the
         * document valid. */
        dg_buf_append(b, "null", 4);
        return;
    }
    char *o = b->data + b->len;
    *o++ = '"';
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t k = json_plain_len(p, (size_t)(end - p));
        memcpy(o, p, k);
        o += k;
        p += k;
        if (p == end) break;
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
            p++;
        } else if (c < 0x20) {
            static const char short_esc[] = "btn\0fr";
            static const char hex[] = "0123456789abcdef";
            *o++ = '\\';
            if (c >= 8 && c <= 13 && c != 11) {
                *o++ = short_esc[c - 8];
            } else {
                memcpy(o, "u00", 3);
                o += 3;
                *o++ = hex[c >> 4];
                *o++ = hex[c & 15];
            }
            p++;
        } else {
            size_t u = dg_utf8_valid_len(p, (size_t)(end - p));
            if (u) {
                memcpy(o, p, u);
                o += u;
                p += u;
            } else {
                memcpy(o, "\xef\xbf\xbd", 3); /* U+FFFD: 3 bytes for 1, within the 6 reserved */
                o += 3;
                p++;
            }
        }
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static void jbuf_key_str(struct dg_buf *b, const char *key, const char *val)
{
    dg_buf_puts(b, key);
    jbuf_str(b, val);
}

/* One finding as a compact JSON object, written directly: the report can
 * hold tens of thousands of findings and a tree per finding costs more than
 * the linting. Field order is the documented schema's (docs/output.md). */
static void jbuf_int(struct dg_buf *b, int v)
{
    char t[16];
    size_t i = sizeof t;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do t[--i] = (char)('0' + u % 10); while ((u /= 10) && i > 1);
    if (v < 0) t[--i] = '-';
    dg_buf_append(b, t + i, sizeof t - i);
}

/* What a rule's findings share, rendered once per rule: the fields
 * before the severity and those after the evidence. */
struct rule_json {
    struct dg_buf head, tail;
    bool made;
};

static void rule_json_make(struct rule_json *rj, const struct rule_def *rule, const char *cis)
{
    dg_buf_init(&rj->head, 0);
    dg_buf_init(&rj->tail, 0);
    jbuf_key_str(&rj->head, "{\"rule_id\":", rule->id);
    jbuf_key_str(&rj->head, ",\"title\":", rule->title);
    dg_buf_puts(&rj->head, ",\"severity\":");
    struct dg_buf *b = &rj->tail;
    jbuf_key_str(b, ",\"cis\":", cis);
    dg_buf_puts(b, ",\"references\":{");
    const char *sep = "";
    if (rule->hadolint) jbuf_key_str(b, "\"hadolint\":", rule->hadolint), sep = ",";
    if (rule->trivy) dg_buf_puts(b, sep), jbuf_key_str(b, "\"trivy\":", rule->trivy), sep = ",";
    if (rule->dockle) dg_buf_puts(b, sep), jbuf_key_str(b, "\"dockle\":", rule->dockle);
    dg_buf_puts(b, "}}");
    rj->made = true;
}

/* file_json: the finding's ",\"file\":..." member, rendered once per file
 * by the caller (findings come sorted by file). */
static void finding_json(struct dg_buf *b, const struct dg_finding *f, const struct rule_json *rj,
                         const struct dg_buf *file_json)
{
    dg_buf_append(b, rj->head.data, rj->head.len);
    jbuf_str(b, dg_severity_name(f->severity));
    dg_buf_append(b, file_json->data, file_json->len);
    dg_buf_append(b, ",\"line\":", 8);
    jbuf_int(b, f->line);
    dg_buf_append(b, ",\"column\":", 10);
    jbuf_int(b, f->col);
    jbuf_key_str(b, ",\"subject\":", f->subject);
    jbuf_key_str(b, ",\"message\":", f->message);
    jbuf_key_str(b, ",\"evidence\":", f->evidence);
    dg_buf_append(b, rj->tail.data, rj->tail.len);
}

/* Findings [begin, end) of r, each after its separator, appended to b. The
 * file member is rendered once per run of findings of one file. */
struct json_range {
    const struct dg_report *r;
    const struct dg_report_opts *o;
    const struct rule_json *rjs; /* per registered rule, all made */
    size_t nrules;
    size_t begin, end;
    struct dg_buf *b;
};

static void render_range(const struct json_range *jr)
{
    struct dg_buf file_json;
    dg_buf_init(&file_json, 0);
    const char *last_file = NULL;
    for (size_t i = jr->begin; i < jr->end; i++) {
        const struct dg_finding *f = &jr->r->findings[i];
        size_t ri = rules_index(f->rule);
        struct rule_json own = {0};
        const struct rule_json *rj = &own;
        if (ri < jr->nrules) rj = &jr->rjs[ri];
        else rule_json_make(&own, f->rule, rules_cis_item(f->rule, jr->o->cis_version)); /* outside the registry */
        if (i == jr->begin || f->file != last_file) {
            file_json.len = 0;
            jbuf_key_str(&file_json, ",\"file\":", f->file);
            last_file = f->file;
        }
        dg_buf_append(jr->b, i ? ",\n    " : "\n    ", i ? 6 : 5);
        finding_json(jr->b, f, rj, &file_json);
        dg_buf_free(&own.head);
        dg_buf_free(&own.tail);
    }
    dg_buf_free(&file_json);
}

/* Findings are rendered and written in slices of JSON_SLICE (about 100
 * KB): memory stays flat however many findings there are, and each
 * buffer stays in cache. */
#define JSON_SLICE 256
/* From this many slices on, a helper thread renders every other slice
 * while the calling thread renders and writes the rest in order: the
 * rendering of a big report is otherwise all serial time at the end of a
 * run. The helper renders into two buffers of its own, taken in turn, so
 * that memory stays flat too. */
#define JSON_HELPER_MIN_SLICES 8

struct json_helper {
    struct json_range base;     /* r, o, rules; begin/end/b unused */
    size_t nslices;
    struct dg_buf buf[2];       /* odd slice 2k + 1 goes to buf[k % 2] */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t rendered, written;   /* odd slices rendered by the helper, written by the caller */
};

static void *json_helper_main(void *arg)
{
    struct json_helper *h = arg;
    for (size_t k = 0; 2 * k + 1 < h->nslices; k++) {
        pthread_mutex_lock(&h->mu);
        while (h->rendered - h->written >= 2) pthread_cond_wait(&h->cv, &h->mu);
        pthread_mutex_unlock(&h->mu);
        struct json_range jr = h->base;
        jr.begin = (2 * k + 1) * JSON_SLICE;
        jr.end = jr.begin + JSON_SLICE < h->base.r->n ? jr.begin + JSON_SLICE : h->base.r->n;
        jr.b = &h->buf[k % 2];
        jr.b->len = 0;
        render_range(&jr);
        pthread_mutex_lock(&h->mu);
        h->rendered++;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
    }
    return NULL;
}

static int write_findings(const struct dg_report *r, const struct dg_report_opts *o, FILE *out)
{
    int rc = 0;
    size_t nrules = rules_count();
    struct rule_json *rjs = dg_xcalloc(nrules ? nrules : 1, sizeof *rjs);
    /* Each rule's constant members, rendered once before any slice. */
    for (size_t i = 0; i < r->n; i++) {
        size_t ri = rules_index(r->findings[i].rule);
        if (ri < nrules && !rjs[ri].made)
            rule_json_make(&rjs[ri], r->findings[i].rule, rules_cis_item(r->findings[i].rule, o->cis_version));
    }
    size_t nslices = (r->n + JSON_SLICE - 1) / JSON_SLICE;
    struct json_helper h = {.base = {r, o, rjs, nrules, 0, 0, NULL}, .nslices = nslices};
    pthread_t helper;
    bool helped = false;
    if (nslices >= JSON_HELPER_MIN_SLICES) {
        dg_buf_init(&h.buf[0], 0);
        dg_buf_init(&h.buf[1], 0);
        pthread_mutex_init(&h.mu, NULL);
        pthread_cond_init(&h.cv, NULL);
        helped = dg_thread_start(&helper, json_helper_main, &h) == 0;
    }
    struct dg_buf b;
    dg_buf_init(&b, 0);
    for (size_t s = 0; s < nslices; s++) {
        size_t at = s * JSON_SLICE, n = r->n - at < JSON_SLICE ? r->n - at : JSON_SLICE;
        const struct dg_buf *done = &b;
        if (helped && s % 2) {
            pthread_mutex_lock(&h.mu);
            while (h.rendered <= s / 2) pthread_cond_wait(&h.cv, &h.mu);
            pthread_mutex_unlock(&h.mu);
            done = &h.buf[(s / 2) % 2];
        } else {
            b.len = 0;
            render_range(&(struct json_range){r, o, rjs, nrules, at, at + n, &b});
        }
        if (fwrite(done->data, 1, done->len, out) != done->len) rc = -1;
        if (done != &b) {
            pthread_mutex_lock(&h.mu);
            h.written++;
            pthread_cond_broadcast(&h.cv);
            pthread_mutex_unlock(&h.mu);
        }
    }
    if (helped) pthread_join(helper, NULL);
    if (nslices >= JSON_HELPER_MIN_SLICES) {
        dg_buf_free(&h.buf[0]);
        dg_buf_free(&h.buf[1]);
        pthread_mutex_destroy(&h.mu);
        pthread_cond_destroy(&h.cv);
    }
    dg_buf_free(&b);
    for (size_t i = 0; i < nrules; i++) {
        dg_buf_free(&rjs[i].head);
        dg_buf_free(&rjs[i].tail);
    }
    free(rjs);
    return rc;
}

/* Dumps one value compactly; the report streams finding by finding so that
 * memory stays flat however many findings there are. */
static int dump_compact(json_t *v, FILE *out)
{
    int rc = json_dumpf(v, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
    return rc;
}

static int write_json(const struct dg_report *r, const struct dg_report_opts *o, FILE *out, struct dg_error *err)
{
    int rc = 0;
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("dockguard"));
    json_object_set_new(tool, "version", json_string(DG_VERSION));
    fputs("{\n  \"schema_version\": 1,\n  \"tool\": ", out);
    rc |= dump_compact(tool, out);
    fputs(",\n  \"command\": ", out);
    rc |= dump_compact(jstr(r->command), out);
    json_t *inputs = json_array();
    for (size_t i = 0; i < r->inputs.n; i++) json_array_append_new(inputs, json_string(r->inputs.v[i]));
    fputs(",\n  \"inputs\": ", out);
    rc |= dump_compact(inputs, out);
    fputs(",\n  \"findings\": [", out);
    rc |= write_findings(r, o, out);
    fputs(r->n ? "\n  ],\n" : "],\n", out);
    json_t *sum = json_object(), *by = json_object();
    size_t cnt[5] = {0};
    for (size_t i = 0; i < r->n; i++) cnt[r->findings[i].severity]++;
    for (int s = 0; s < 5; s++) json_object_set_new(by, dg_severity_name((enum dg_severity)s), json_integer((json_int_t)cnt[s]));
    json_object_set_new(sum, "total", json_integer((json_int_t)r->n));
    json_object_set_new(sum, "by_severity", by);
    json_object_set_new(sum, "errors", json_integer(r->errors));
    fputs("  \"summary\": ", out);
    rc |= dump_compact(sum, out);
    if (r->command && strcmp(r->command, "audit") == 0) {
        fputs(",\n  \"checks\": [", out);
        bool first = true;
        for (size_t i = 0; i < r->nstatus; i++) {
            const struct dg_rule_status *st = &r->status[i];
            enum dg_status s = dg_rule_status_of(st);
            if (s == DG_STATUS_NOT_RUN) continue;
            json_t *c = json_object();
            json_object_set_new(c, "rule_id", json_string(st->rule->id));
            json_object_set_new(c, "title", json_string(st->rule->title));
            json_object_set_new(c, "cis", jstr(rules_cis_item(st->rule, o->cis_version)));
            json_object_set_new(c, "status", json_string(dg_status_name(s)));
            json_object_set_new(c, "checked", json_integer(st->checked));
            json_object_set_new(c, "failed", json_integer(st->failed));
            json_object_set_new(c, "skipped", json_integer(st->skipped));
            json_object_set_new(c, "skip_reason", jstr(st->skip_reason));
            fputs(first ? "\n    " : ",\n    ", out);
            first = false;
            rc |= dump_compact(c, out);
        }
        fputs(first ? "]" : "\n  ]", out);
    }
    fputs("\n}\n", out);
    if (rc != 0 || ferror(out)) return dg_error_set(err, DG_ERR_IO, "cannot write JSON output");
    return 0;
}

int dg_report_write(const struct dg_report *r, enum dg_format f, const struct dg_report_opts *o, FILE *out,
                    struct dg_error *err)
{
    struct dg_report_opts def = {0};
    if (!o) o = &def;
    switch (f) {
    case DG_FORMAT_TEXT:
        if (write_text(r, o, out) != 0) return dg_error_set(err, DG_ERR_IO, "cannot write output");
        return 0;
    case DG_FORMAT_JSON: return write_json(r, o, out, err);
    case DG_FORMAT_SARIF: return dg_report_write_sarif(r, o, out, err);
    case DG_FORMAT_JUNIT: return dg_report_write_junit(r, o, out, err);
    case DG_FORMAT_HTML: return dg_report_write_html(r, o, out, err);
    default: return dg_error_set(err, DG_ERR_USAGE, "format %s is only for 'dockguard scan'", dg_format_name(f));
    }
}
