/* Unit tests for src/core/secrets: value shapes that must and must not
 * match, sensitive names, placeholders, text scans with lines, redaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secrets.h"

static const char *match_id(const char *v)
{
    struct secret_match m;
    return secrets_value_match(v, strlen(v), &m) ? m.id : NULL;
}

static void test_value_hits(void **state)
{
    (void)state;
    /* Shape-valid, made-up values. */
    static const struct { const char *v, *id; } hits[] = {
        {"AKIAZ7QX3MPL2KD4RT9W", "aws-access-key-id"},
        {"ASIAZ7QX3MPL2KD4RT9W", "aws-access-key-id"},
        {"AKIAIOSFODNN7EXAMPLQ", "aws-access-key-id"},
        {"aws_secret_access_key = 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", "aws-secret-access-key"},
        {"ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "github-token"},
        {"gho_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "github-token"},
        {"ghs_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "github-token"},
        {"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123", "github-token"},
        {"glpat-Ab3De5Fg7Hj9Kl1Mn3Pq", "gitlab-token"},
        {"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack-token"},
        {"https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/AbCdEfGhIjKlMnOpQrStUvWx", "slack-webhook"},
        {"sk_live_4eC39HqLyjWDarjtT1zdp7dc", "stripe-key"},
        {"AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "google-api-key"},
        {"-----BEGIN RSA PRIVATE KEY-----\nMIIEow...", "private-key"},
        {"-----BEGIN OPENSSH PRIVATE KEY-----", "private-key"},
        {"-----BEGIN PRIVATE KEY-----", "private-key"},
        {"-----BEGIN ENCRYPTED PRIVATE KEY-----", "private-key"},
        {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt"},
        {"npm_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "npm-token"},
        {"pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NQACJXsicGVybWlzc2lvbnMiOiAidXNlciJ9",
         "pypi-token"},
        {"dckr_pat_Ab3De5Fg7Hj9Kl1Mn3Pq5Rs7Tu9", "docker-pat"},
    };
    for (size_t i = 0; i < sizeof hits / sizeof hits[0]; i++) {
        const char *id = match_id(hits[i].v);
        if (!id || strcmp(id, hits[i].id) != 0) fail_msg("%s: got %s, want %s", hits[i].v, id ? id : "none", hits[i].id);
    }
}

static void test_value_misses(void **state)
{
    (void)state;
    static const char *const misses[] = {
        "AKIAIOSFODNN7EXAMPLE",                      /* AWS's documented example: not reported */
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  /* without an aws name and documented anyway */
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "Zq8vR2mN5tY7wK1pL4hJ6gF3dS9aB0cX2eV5uI8o", /* 40 base64 chars alone: too common to report */
        "AKIA1234",                                  /* too short */
        "XAKIAZ7QX3MPL2KD4RT9WX",                    /* embedded in a longer word */
        "ghp_short",
        "glpat-short",
        "xoxb-notatoken",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",          /* test keys are not live credentials */
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "eyJhbGciOiJIUzI1NiJ9",                       /* one segment is not a JWT */
        "hello world",
        "npm_install",
        "/usr/local/bin",
        "1.2.3",
    };
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
        if (match_id(misses[i])) fail_msg("%s: unexpected %s", misses[i], match_id(misses[i]));
}

static void test_names(void **state)
{
    (void)state;
    static const char *const yes[] = {"PASSWORD", "DB_PASSWORD", "dbPassword", "MYSQL_ROOT_PASSWORD", "API_KEY",
                                      "apiKey", "APIKey", "GITHUB_TOKEN", "NPM_TOKEN", "AWS_SECRET_ACCESS_KEY",
                                      "SECRET_KEY_BASE", "client_secret", "DB_PASS", "REDIS_PWD", "PRIVATE_KEY",
                                      "AUTH_TOKEN", "passphrase", "GOOGLE_CREDENTIALS", "APIKEY", NULL};
    static const char *const no[] = {"PASSWORD_FILE", "MYSQL_PASSWORD_FILE", "TOKEN_URL", "SECRET_NAME",
                                     "KEY_PATH", "PWD", "OLDPWD", "PATH", "HOME", "TOKENIZERS_PARALLELISM",
                                     "PASSENGER_APP_ENV", "VERSION", "AWS_ACCESS_KEY_ID", "SECRETS_DIR",
                                     "PUBLIC_KEY", "KEYBOARD", "", "COMPASS", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (!secrets_name_sensitive(yes[i])) fail_msg("%s should be sensitive", yes[i]);
    for (size_t i = 0; no[i]; i++)
        if (secrets_name_sensitive(no[i])) fail_msg("%s should not be sensitive", no[i]);
    assert_false(secrets_name_sensitive(NULL));
}

static void test_placeholders(void **state)
{
    (void)state;
    static const char *const yes[] = {"", "${DB_PASSWORD}", "$TOKEN", "$(cat /run/secrets/x)", "<password>",
                                      "changeme", "CHANGEME", "xxx", "xxxxxxxx", "***", "your_password",
                                      "example", "my-example-token", "{{ .Values.password }}", "placeholder",
                                      "password", "REDACTED", "  ", "value-ChangeIt", "Xxx", "TODO-later",
                                      "PassWd", "  Secret  ", "'None'", "a<b", NULL};
    /* "changem" is cut one byte short of a placeholder word at its end. */
    static const char *const no[] = {"hunter2-prod", "s3cr3tP4ss", "Zq8vR2mN5tY7", "AKIAZ7QX3MPL2KD4RT9W", "changem",
                                     "foo1", "pass1234", "Xx", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (!secrets_value_is_placeholder(yes[i])) fail_msg("'%s' should be a placeholder", yes[i]);
    for (size_t i = 0; no[i]; i++)
        if (secrets_value_is_placeholder(no[i])) fail_msg("'%s' should not be a placeholder", no[i]);
    assert_true(secrets_value_is_placeholder(NULL));
}

struct collected {
    const char *ids[16];
    int lines[16];
    size_t n;
};

static int collect(void *ud, const struct secret_match *m)
{
    struct collected *c = ud;
    if (c->n < 16) {
        c->ids[c->n] = m->id;
        c->lines[c->n] = m->line;
        c->n++;
    }
    return 0;
}

static int find(const struct collected *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->ids[i], id) == 0) return c->lines[i];
    return 0;
}

static void test_scan_text(void **state)
{
    (void)state;
    const char *text =
        "# config\n"
        "aws_access_key_id = AKIAZ7QX3MPL2KD4RT9W\n"
        "aws_secret_access_key = Zq8vR2mN5tY7wK1pL4hJ6gF3dS9aB0cX2eV5uI8o\n"
        "db_password = \"Tr0ub4dor&3xyz\"\n"
        "token: ${TOKEN}\n"
        "password = \"changeme\"\n"
        "if password == \"abcdefgh123\":\n"
        "-----BEGIN EC PRIVATE KEY-----\n"
        "MHcCAQEEIB\n"
        "-----END EC PRIVATE KEY-----\n"
        "api_key: 'aK9f2LmQ7xZ3'\n";
    struct collected c = {0};
    int n = secrets_scan_text(text, strlen(text), collect, &c);
    assert_int_equal(n, (int)c.n);
    assert_int_equal(find(&c, "aws-access-key-id"), 2);
    assert_int_equal(find(&c, "aws-secret-access-key"), 3);
    assert_int_equal(find(&c, "private-key"), 8);
    /* generic: line 4 and line 11, not the placeholder, reference or comparison */
    int generic = 0;
    for (size_t i = 0; i < c.n; i++)
        if (strcmp(c.ids[i], "generic-assignment") == 0) {
            generic++;
            assert_true(c.lines[i] == 4 || c.lines[i] == 11);
        }
    assert_int_equal(generic, 2);
    assert_int_equal(n, 5);
}

static void test_scan_clean(void **state)
{
    (void)state;
    const char *text = "password_file = /run/secrets/db\nPWD=/app\nTOKEN_URL=https://example.org/token\n"
                       "secret = os.environ[\"SECRET\"]\npassword = get_password()\nkey = AKIAIOSFODNN7EXAMPLE\n"
                       "password: short\n";
    struct collected c = {0};
    assert_int_equal(secrets_scan_text(text, strlen(text), collect, &c), 0);
    assert_int_equal(secrets_scan_text(NULL, 0, collect, &c), 0);
    assert_int_equal(secrets_scan_text(text, strlen(text), NULL, &c), -1);
}

static int stop_first(void *ud, const struct secret_match *m)
{
    (void)m;
    (*(int *)ud)++;
    return 1;
}

static void test_scan_stop_and_big(void **state)
{
    (void)state;
    const char *text = "AKIAZ7QX3MPL2KD4RT9W AKIAZ7QX3MPL2KD4RT9X AKIAZ7QX3MPL2KD4RT9Y";
    int calls = 0;
    assert_int_equal(secrets_scan_text(text, strlen(text), stop_first, &calls), 1);
    assert_int_equal(calls, 1);
    /* Pathological input: long runs of pattern prefixes finish quickly. */
    size_t big = 4u << 20;
    char *b = malloc(big);
    assert_non_null(b);
    for (size_t i = 0; i < big; i++) b[i] = "eyJa.password="[i % 14];
    struct collected c = {0};
    assert_true(secrets_scan_text(b, big, collect, &c) >= 0);
    memset(b, 'A', big);
    assert_true(secrets_scan_text(b, big, collect, &c) >= 0);
    free(b);
}

static void test_redact(void **state)
{
    (void)state;
    char *r = secrets_redact("AKIAZ7QX3MPL2KD4RT9W", 20);
    assert_string_equal(r, "AKIA********");
    free(r);
    r = secrets_redact("hunter2", 7);
    assert_string_equal(r, "********");
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_hits),   cmocka_unit_test(test_value_misses),
        cmocka_unit_test(test_names),        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_scan_text),    cmocka_unit_test(test_scan_clean),
        cmocka_unit_test(test_scan_stop_and_big), cmocka_unit_test(test_redact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
