/* Unit tests for the reporters: every format renders the same findings,
 * escapes hostile text, and the report sorts and de-duplicates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/finding.h"
#include "core/report.h"
#include "core/rule.h"

static const struct rule_def test_rule = {
    .id = "DG-X001", .title = "Test <rule> & friends", .severity = DG_SEV_HIGH, .model = DG_MODEL_BUILD,
    .cis = "4.1", .hadolint = "DL3002", .rationale = "because", .remediation = "fix it"};

static void add(struct dg_report *r, const char *file, int line, const char *msg)
{
    struct rule_ctx ctx = {.rule = &test_rule, .report = r, .file = file};
    rule_emit(&ctx, (struct dg_pos){NULL, line, 1}, "RUN echo \"<x>\"", "%s", msg);
}

static char *render(struct dg_report *r, enum dg_format f)
{
    /* Static, not local: open_memstream keeps &buf, and gcc 12 at -O3 then
     * takes pointers into the text for pointers to a dead local
     * (-Wdangling-pointer). */
    static char *buf;
    static size_t len;
    buf = NULL;
    len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct dg_error err = {0};
    struct dg_report_opts o = {0};
    dg_report_sort(r);
    assert_int_equal(dg_report_write(r, f, &o, out, &err), 0);
    fclose(out);
    return buf;
}

static void fill(struct dg_report *r)
{
    dg_report_init(r, "lint");
    add(r, "b/Dockerfile", 9, "second");
    add(r, "a/Dockerfile", 3, "first & <worst>");
    add(r, "b/Dockerfile", 2, "third");
    add(r, "a/Dockerfile", 3, "first & <worst>"); /* duplicate: reported once */
    dg_strv_push(&r->inputs, "a/Dockerfile");
    dg_strv_push(&r->inputs, "b/Dockerfile");
    dg_strv_push(&r->inputs, "c/Dockerfile");
}

static void test_text(void **state)
{
    (void)state;
    struct dg_report r;
    fill(&r);
    char *s = render(&r, DG_FORMAT_TEXT);
    assert_int_equal(r.n, 3);
    const char *a = strstr(s, "a/Dockerfile:3:1 high     DG-X001 first & <worst>");
    const char *b2 = strstr(s, "b/Dockerfile:2:1");
    const char *b9 = strstr(s, "b/Dockerfile:9:1");
    assert_non_null(a);
    assert_non_null(b2);
    assert_non_null(b9);
    assert_true(a < b2 && b2 < b9);
    assert_non_null(strstr(s, "(CIS 4.1)"));
    assert_non_null(strstr(s, "3 findings (3 high)"));
    assert_null(strstr(s, "\033[")); /* no colour unless asked */
    free(s);
    dg_report_free(&r);
}

static void test_json(void **state)
{
    (void)state;
    struct dg_report r;
    fill(&r);
    char *s = render(&r, DG_FORMAT_JSON);
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "schema_version")), 1);
    json_t *f = json_object_get(root, "findings");
    assert_int_equal(json_array_size(f), 3);
    json_t *f0 = json_array_get(f, 0);
    assert_string_equal(json_string_value(json_object_get(f0, "rule_id")), "DG-X001");
    assert_string_equal(json_string_value(json_object_get(f0, "file")), "a/Dockerfile");
    assert_int_equal(json_integer_value(json_object_get(f0, "line")), 3);
    assert_string_equal(json_string_value(json_object_get(f0, "cis")), "4.1");
    assert_string_equal(json_string_value(json_object_get(json_object_get(f0, "references"), "hadolint")), "DL3002");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "summary"), "total")), 3);
    json_decref(root);
    free(s);
    dg_report_free(&r);
}

static void test_sarif(void **state)
{
    (void)state;
    struct dg_report r;
    fill(&r);
    char *s = render(&r, DG_FORMAT_SARIF);
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *res = json_object_get(run, "results");
    assert_int_equal(json_array_size(res), 3);
    json_t *r0 = json_array_get(res, 0);
    assert_string_equal(json_string_value(json_object_get(r0, "level")), "error");
    json_t *phys = json_object_get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation");
    assert_string_equal(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")), "a/Dockerfile");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 3);
    json_decref(root);
    free(s);
    dg_report_free(&r);
}

static void test_junit_and_html_escape(void **state)
{
    (void)state;
    struct dg_report r;
    fill(&r);
    char *x = render(&r, DG_FORMAT_JUNIT);
    assert_non_null(strstr(x, "first &amp; &lt;worst&gt;"));
    assert_null(strstr(x, "<worst>"));
    assert_non_null(strstr(x, "name=\"c/Dockerfile\" tests=\"1\" failures=\"0\""));
    assert_non_null(strstr(x, "name=\"a/Dockerfile\" tests=\"1\" failures=\"1\""));
    free(x);
    char *h = render(&r, DG_FORMAT_HTML);
    assert_non_null(strstr(h, "Test &lt;rule&gt; &amp; friends"));
    assert_null(strstr(h, "<worst>"));
    assert_non_null(strstr(h, "&lt;x&gt;"));
    free(h);
    dg_report_free(&r);
}

static void test_threshold_counts(void **state)
{
    (void)state;
    struct dg_report r;
    fill(&r);
    dg_report_sort(&r);
    assert_int_equal(dg_report_max_severity(&r), DG_SEV_HIGH);
    assert_int_equal(dg_report_count_at_least(&r, DG_SEV_HIGH), 3);
    assert_int_equal(dg_report_count_at_least(&r, DG_SEV_CRITICAL), 0);
    dg_report_free(&r);
}

static void test_suppressed_not_reported(void **state)
{
    (void)state;
    struct dg_report r;
    dg_report_init(&r, "lint");
    const char *text = "FROM x\n# dockguard ignore=DG-X001\nRUN y\n";
    dg_report_add_source(&r, "Dockerfile", text, strlen(text));
    add(&r, "Dockerfile", 3, "suppressed");
    add(&r, "Dockerfile", 1, "kept");
    assert_int_equal(r.n, 1);
    assert_string_equal(r.findings[0].message, "kept");
    dg_report_free(&r);
}

/* Every kind of byte the JSON writer treats specially, around and inside
 * runs longer than the eight bytes it tests at a time. */
static void test_json_escaping(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain text that is longer than sixteen bytes", "plain text that is longer than sixteen bytes"},
        {"quote\" and backslash\\ at odd places\"", "quote\" and backslash\\ at odd places\""},
        {"12345678\"12345678\\", "12345678\"12345678\\"},
        {"ctl\x01\x1f\t\n\r\b\f\x7f end", "ctl\x01\x1f\t\n\r\b\f\x7f end"},
        {"utf-8 \xc3\xa9t\xc3\xa9 \xf0\x9f\x90\xb3 ok", "utf-8 \xc3\xa9t\xc3\xa9 \xf0\x9f\x90\xb3 ok"},
        {"bad \xff byte, cut \xe2\x82", "bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd"},
        {"overlong \xc0\xaf and surrogate \xed\xa0\x80!", "overlong \xef\xbf\xbd\xef\xbf\xbd and surrogate "
                                                          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!"},
        {"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e", "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dg_report r;
        dg_report_init(&r, "lint");
        add(&r, "weird \"name\"\x02.txt", 1, cases[i].in);
        char *s = render(&r, DG_FORMAT_JSON);
        json_error_t je;
        json_t *root = json_loads(s, 0, &je);
        assert_non_null(root);
        json_t *f0 = json_array_get(json_object_get(root, "findings"), 0);
        assert_string_equal(json_string_value(json_object_get(f0, "message")), cases[i].want);
        assert_string_equal(json_string_value(json_object_get(f0, "file")), "weird \"name\"\x02.txt");
        json_decref(root);
        free(s);
        dg_report_free(&r);
    }
}

/* Findings in arbitrary order, in sorted runs (per file, per worker) and
 * merged from several reports all come out in one order, duplicates once. */
static void test_sort_orders(void **state)
{
    (void)state;
    struct dg_report parts[3], all;
    dg_report_init(&all, "lint");
    unsigned seed = 7;
    for (int p = 0; p < 3; p++) {
        dg_report_init(&parts[p], "lint");
        for (int i = 0; i < 70; i++) {
            /* Part 1 is sorted file by file, as lint does after each file. */
            size_t before = parts[p].n;
            seed = seed * 1103515245u + 12345u;
            char file[32];
            snprintf(file, sizeof file, "f%02u/Dockerfile", (seed >> 8) % 37);
            for (int k = 0; k < 3; k++) {
                seed = seed * 1103515245u + 12345u;
                char msg[32];
                snprintf(msg, sizeof msg, "m%u", (seed >> 16) % 5);
                add(&parts[p], file, (int)((seed >> 4) % 50) + 1, msg);
            }
            if (p == 1) dg_report_sort_from(&parts[p], before);
        }
        if (p == 2) dg_report_sort(&parts[p]); /* one part arrives sorted, two do not */
    }
    for (int p = 0; p < 3; p++) {
        dg_report_merge(&all, &parts[p]);
        dg_report_free(&parts[p]);
    }
    size_t before = all.n;
    dg_report_sort(&all);
    assert_true(all.n <= before);
    for (size_t i = 1; i < all.n; i++) {
        const struct dg_finding *a = &all.findings[i - 1], *b = &all.findings[i];
        int c = strcmp(a->file, b->file);
        if (!c) c = a->line < b->line ? -1 : a->line > b->line;
        if (!c) c = strcmp(a->message, b->message);
        assert_true(c < 0); /* strictly increasing: sorted and no duplicate left */
    }
    /* Sorting again changes nothing. */
    size_t n = all.n;
    dg_report_sort(&all);
    assert_int_equal(all.n, n);
    dg_report_free(&all);
}

static void test_cis_order(void **state)
{
    (void)state;
    assert_true(dg_cis_cmp("2.9", "2.10") < 0);
    assert_true(dg_cis_cmp("5.31", "5.4") > 0);
    assert_true(dg_cis_cmp("1.1.1", "1.1") > 0);
    assert_int_equal(dg_cis_cmp("3.2", "3.2"), 0);
    assert_true(dg_cis_cmp("7.1", NULL) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_junit_and_html_escape),
        cmocka_unit_test(test_threshold_counts),
        cmocka_unit_test(test_suppressed_not_reported),
        cmocka_unit_test(test_cis_order),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_sort_orders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
