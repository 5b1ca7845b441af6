/* Unit tests for secret detection: names, value shapes, placeholders and
 * text scanning, each with cases that must hit and must not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/secrets.h"

static void test_names(void **state)
{
    (void)state;
    const char *yes[] = {"DB_PASSWORD", "password", "MYSQL_ROOT_PASSWORD", "dbPassword", "API_KEY", "apiKey",
                         "GITHUB_TOKEN", "NPM_TOKEN", "AWS_SECRET_ACCESS_KEY", "CLIENT_SECRET", "PRIVATE_KEY",
                         "SIGNING_KEY", "REDIS_PASS", "SMTP_PASSWD", "GOOGLE_CREDENTIALS", "SENTRY_DSN", "APIKEY",
                         "BASIC_AUTH", "ACCESS_KEY", "GPG_PASSPHRASE", "githubtoken"};
    const char *no[] = {"DB_PASSWORD_FILE", "PASSWORD_PATH", "SECRET_NAME", "TOKEN_URL", "API_KEY_ID", "PATH",
                        "HOME", "TOKENIZERS_PARALLELISM", "BYPASS_CACHE", "PASSENGER_APP", "KEYBOARD", "AUTH_URL",
                        "AWS_ACCESS_KEY_ID", "PASSWORD_MIN_LENGTH", "SECRETS_DIR", "", "KEY", "MONKEY"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!secrets_name_sensitive(yes[i])) fail_msg("%s should be sensitive", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (secrets_name_sensitive(no[i])) fail_msg("%s should not be sensitive", no[i]);
}

static void test_placeholders(void **state)
{
    (void)state;
    const char *yes[] = {"", "${DB_PASSWORD}", "$TOKEN", "<your-token>", "changeme", "CHANGEME", "xxxxxxxx", "****",
                         "example", "your_password_here", "{{ .Values.pw }}", "%PASSWORD%", "password", "\"\""};
    const char *no[] = {"hunter2-prod", "Pr0d-Passw0rd-2024", "s3cr3t!", "AKIAZ7QWERTYKEY1234x"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!secrets_value_is_placeholder(yes[i])) fail_msg("'%s' should be a placeholder", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (secrets_value_is_placeholder(no[i])) fail_msg("'%s' should not be a placeholder", no[i]);
}

static void test_value_shapes(void **state)
{
    (void)state;
    struct {
        const char *v, *id;
    } yes[] = {
        {"AKIAIOSFODNN7EXAMPLE", "aws-access-key-id"},
        {"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "github-token"},
        {"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "github-token"},
        {"glpat-abcdefghij0123456789", "gitlab-token"},
        {"xoxb-1234567890-abcdefghij", "slack-token"},
        {"https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefGHIJKL123", "slack-webhook"},
        {"sk_live_abcdefghijklmnopqrstuvwx", "stripe-key"},
        {"AIzaSyA1234567890abcdefghijklmnopqrstuv", "google-api-key"},
        {"npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "npm-token"},
        {"dckr_pat_abcdefghijklmnopqrstuvwxyz012", "dockerhub-token"},
        {"-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private-key"},
        {"-----BEGIN OPENSSH PRIVATE KEY-----", "private-key"},
        {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt"},
    };
    const char *no[] = {"AKIA123", "ghp_short", "hello world", "-----BEGIN PUBLIC KEY-----", "sk_test_abcdefghijklmnopqrstuvwx",
                        "xoxb-1", "npm_install", "eyJhbGciOiJIUzI1NiJ9", "/run/secrets/db"};
    struct secret_match m;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (!secrets_value_match(yes[i].v, strlen(yes[i].v), &m)) fail_msg("%s not matched", yes[i].v);
        if (strcmp(m.id, yes[i].id) != 0) fail_msg("%s matched as %s, want %s", yes[i].v, m.id, yes[i].id);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (secrets_value_match(no[i], strlen(no[i]), &m)) fail_msg("%s matched as %s", no[i], m.id);
}

struct collected {
    const char *ids[16];
    int lines[16];
    int n;
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

static void test_scan_text(void **state)
{
    (void)state;
    const char *text = "# config\n"
                       "db_password = \"Zq8#kP2!vX9m\"\n"
                       "password = changeme\n"
                       "token: ${API_TOKEN}\n"
                       "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQWERTYKEY\n"
                       "aws_access_key_id = AKIAZ7QWERTYUIOP1234\n"
                       "api_key = os.getenv('API_KEY')\n"
                       "-----BEGIN EC PRIVATE KEY-----\n";
    struct collected c = {0};
    int n = secrets_scan_text(text, strlen(text), collect, &c);
    assert_int_equal(n, 4);
    assert_string_equal(c.ids[0], "generic-password");
    assert_int_equal(c.lines[0], 2);
    assert_string_equal(c.ids[1], "aws-secret-access-key");
    assert_int_equal(c.lines[1], 5);
    assert_string_equal(c.ids[2], "aws-access-key-id");
    assert_int_equal(c.lines[2], 6);
    assert_string_equal(c.ids[3], "private-key");
    assert_int_equal(c.lines[3], 8);
    /* Binary bytes and an empty text are scanned without trouble. */
    const char bin[] = "\xff\xfe\x00\x80 AKIAZ7QWERTYUIOP1234 \xc3";
    struct collected c2 = {0};
    assert_int_equal(secrets_scan_text(bin, sizeof bin - 1, collect, &c2), 1);
    assert_int_equal(secrets_scan_text("", 0, collect, &c2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_value_shapes),
        cmocka_unit_test(test_scan_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
