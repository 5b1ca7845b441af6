/* Unit tests for the CIS item table: numbering per benchmark version, the
 * rule-to-item mapping, the printed table, and that docs/audit-host.md
 * carries the table the code prints (DG_UPDATE_DOCS=1 rewrites it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rule.h"
#include "core/error.h"
#include "core/util.h"
#include "rules/cis.h"

static void test_versions(void **state)
{
    (void)state;
    assert_string_equal(cis_version_canonical(NULL), "1.8.0");
    assert_string_equal(cis_version_canonical("1.6.0"), "1.6.0");
    assert_string_equal(cis_version_canonical("v1.7.0"), "1.7.0");
    assert_string_equal(cis_version_canonical("1.8"), "1.8.0");
    assert_null(cis_version_canonical("1.9.0"));
    assert_null(cis_version_canonical("1.8.0x"));
    assert_null(cis_version_canonical("2"));
}

static void test_numbering_per_version(void **state)
{
    (void)state;
    const struct rule_def *tls = rules_find("DG-D008");
    assert_non_null(tls);
    assert_string_equal(rules_cis_item(tls, NULL), "2.8");
    assert_string_equal(rules_cis_item(tls, "1.8.0"), "2.8");
    assert_string_equal(rules_cis_item(tls, "1.7.0"), "2.7");
    assert_string_equal(rules_cis_item(tls, "1.6.0"), "2.7");
    const struct rule_def *exp = rules_find("DG-D019");
    assert_string_equal(rules_cis_item(exp, "1.6.0"), "2.18");
    assert_string_equal(rules_cis_item(exp, "1.8.0"), "2.19");
    /* Items before the insertion keep their numbers. */
    assert_string_equal(rules_cis_item(rules_find("DG-D006"), "1.6.0"), "2.6");
    /* Swarm mode is 5.1 since v1.6.0; the rest of swarm stays in section 7. */
    assert_string_equal(rules_cis_item(rules_find("DG-D150"), "1.6.0"), "5.1");
    assert_string_equal(rules_cis_item(rules_find("DG-D155"), "1.7.0"), "7.5");
    assert_string_equal(rules_cis_item(rules_find("DG-H046"), "1.6.0"), "3.16");
    assert_string_equal(rules_cis_item(rules_find("DG-H003"), "1.6.0"), "1.1.3");
    assert_null(rules_cis_item(rules_find("DG-D020"), NULL));
    assert_null(rules_cis_item(tls, "0.9"));
    /* The item new in v1.8.0 has no number in older versions. */
    const struct cis_item *n27 = cis_find("2.7");
    assert_non_null(n27);
    assert_null(n27->v160);
    assert_null(cis_item_number(n27, "1.7.0"));
    assert_int_equal(n27->label, CIS_UNKNOWN);
}

static void test_table_consistent(void **state)
{
    (void)state;
    size_t n;
    const struct cis_item *it = cis_items(&n);
    assert_true(n >= 118);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(it[i].v180);
        assert_non_null(it[i].title);
        for (size_t j = i + 1; j < n; j++) {
            assert_string_not_equal(it[i].v180, it[j].v180);
            if (it[i].v160 && it[j].v160) assert_string_not_equal(it[i].v160, it[j].v160);
        }
        /* Section 2 shifts by one from 2.7 on; nothing else moves. */
        if (it[i].v160) {
            int a, b;
            if (sscanf(it[i].v160, "2.%d", &a) == 1 && sscanf(it[i].v180, "2.%d", &b) == 1)
                assert_int_equal(b, a >= 7 ? a + 1 : a);
            else
                assert_string_equal(it[i].v160, it[i].v180);
            assert_string_equal(it[i].v160, it[i].v170);
        }
    }
    /* Every host and daemon rule names an item the table knows. */
    for (size_t i = 0; i < rules_count(); i++) {
        const struct rule_def *r = rules_at(i);
        if (r->model != DG_MODEL_HOST && r->model != DG_MODEL_DAEMON) continue;
        if (r->cis && !cis_find(r->cis)) fprintf(stderr, "%s: unknown CIS item %s\n", r->id, r->cis);
        if (r->cis) assert_non_null(cis_find(r->cis));
    }
}

static char *print_table(const char *version)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(cis_print_table(f, version), 0);
    fclose(f);
    return buf;
}

static void test_print(void **state)
{
    (void)state;
    char *t = print_table("1.8.0");
    assert_non_null(strstr(t, "| 2.8 | Ensure TLS authentication for Docker daemon is configured | Automated | yes | "
                              "DG-D008 (critical) | 1.6.0: 2.7; 1.7.0: 2.7 |"));
    assert_non_null(strstr(t, "| 1.2.1 | Ensure the container host has been Hardened | Manual | no | - | - |"));
    assert_non_null(strstr(t, "| 2.7 | (item added in v1.8.0"));
    free(t);
    t = print_table("1.6.0");
    assert_non_null(strstr(t, "| 2.7 | Ensure TLS authentication"));
    assert_null(strstr(t, "item added in v1.8.0"));
    free(t);
    FILE *f = fopen("/dev/null", "w");
    assert_int_equal(cis_print_table(f, "3.0"), -1);
    fclose(f);
}

/* Splits a Markdown table row into cells (modifies line). */
static size_t cells(char *line, char **c, size_t max)
{
    size_t n = 0;
    char *p = line;
    if (*p == '|') p++;
    while (*p && n < max) {
        char *bar = strstr(p, " |");
        if (!bar) break;
        *bar = '\0';
        c[n++] = dg_str_trim(p);
        p = bar + 2;
    }
    return n;
}

/* Rows of sections 1, 2, 3 and 7 belong to the host audit and must match
 * exactly; in sections 4-6 the automation columns follow other rule sets
 * and are compared on number, title, label and other-version numbers. */
static bool host_row(const char *num)
{
    return !strncmp(num, "1.", 2) || !strncmp(num, "2.", 2) || !strncmp(num, "3.", 2) || !strncmp(num, "7.", 2);
}

#define BEGIN_MARK "<!-- BEGIN CIS TABLE -->\n"
#define END_MARK "<!-- END CIS TABLE -->"

static void test_docs_match(void **state)
{
    (void)state;
    const char *fx = getenv("DG_FIXTURES");
    assert_non_null(fx);
    char *path = dg_xasprintf("%s/../../docs/audit-host.md", fx);
    char *doc = NULL;
    size_t len = 0;
    struct dg_error err = {0};
    assert_int_equal(dg_read_file(path, 1u << 20, &doc, &len, &err), 0);
    char *b = strstr(doc, BEGIN_MARK), *e = b ? strstr(b, END_MARK) : NULL;
    assert_non_null(b);
    assert_non_null(e);
    b += strlen(BEGIN_MARK);
    char *table = print_table("1.8.0");
    if (getenv("DG_UPDATE_DOCS")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "%.*s%s%s", (int)(b - doc), doc, table, e);
        fclose(f);
    } else {
        char *have = dg_xstrndup(b, (size_t)(e - b));
        char *hs = NULL, *ws = NULL;
        char *hl = strtok_r(have, "\n", &hs), *wl = strtok_r(table, "\n", &ws);
        int row = 0;
        while (hl && wl) {
            row++;
            char *hc[8], *wc[8];
            char *hcopy = dg_xstrdup(hl), *wcopy = dg_xstrdup(wl);
            size_t nh = cells(hcopy, hc, 8), nw = cells(wcopy, wc, 8);
            bool ok = nh == nw;
            if (ok && nw == 6 && row > 2 && !host_row(wc[0]))
                ok = !strcmp(hc[0], wc[0]) && !strcmp(hc[1], wc[1]) && !strcmp(hc[2], wc[2]) && !strcmp(hc[5], wc[5]);
            else if (ok)
                ok = !strcmp(hl, wl);
            if (!ok)
                fprintf(stderr, "docs/audit-host.md is out of date (run DG_UPDATE_DOCS=1 build/tests/test_cis):\n"
                                "  doc:  %s\n  code: %s\n", hl, wl);
            assert_true(ok);
            free(hcopy);
            free(wcopy);
            hl = strtok_r(NULL, "\n", &hs);
            wl = strtok_r(NULL, "\n", &ws);
        }
        if (hl || wl) fprintf(stderr, "docs/audit-host.md table has a different number of rows\n");
        assert_null(hl);
        assert_null(wl);
        free(have);
    }
    free(table);
    free(doc);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_numbering_per_version),
        cmocka_unit_test(test_table_consistent),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_docs_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
