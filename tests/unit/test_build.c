/* Unit tests for the build model's text signatures: a needle tested
 * against a RUN's signature must never say "absent" for a string the text
 * holds, and must say what hashing the string's pairs one by one says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/build.h"

/* The signature test as it was before needles: each byte pair of s hashed
 * again and looked up (build.c's pair hash). */
static bool reference_may_contain(const struct df_textsig *sig, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!p[0]) return true;
    if (!p[1]) return (sig->bytes[p[0] >> 6] >> (p[0] & 63)) & 1;
    for (size_t i = 0; p[i + 1]; i++) {
        unsigned h = (p[i] * 31u + p[i + 1]) & 1023u;
        if (!((sig->pairs[h >> 6] >> (h & 63)) & 1)) return false;
    }
    return true;
}

static const char *const words[] = {
    "apt", "apk", "yum", "dnf", "zypper", "apt ", "pip", "npm", "yarn", "gem", "curl", "wget", "fetch", "aria2c",
    "http", "insecure", "-k", "k ", "check-certificate", "trusted-host", "strict-ssl", "sslVerify", "sslverify",
    "TLS_REJECT", "HTTPSVERIFY", "SSL_NO_VERIFY", "disable-tls", "curl -", "unauthenticated",
    "insecure-repositories", "force-yes", "gpg", "untrusted", "nosignature", "nodigest", "trusted=yes",
    "Unauthenticated", "content-trust", "CONTENT_TRUST", "sudo", "doas", "chmod", "ssh", "dropbear", "useradd",
    "adduser", "cd", "|", "", "x", "a long needle whose byte pairs fall into more than eight words of the map",
};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const texts[] = {
    "",
    "apt-get update && apt-get install -y curl",
    "set -eux; apk add --no-cache ca-certificates",
    "curl -fsSLk https://example.com/install.sh | sh",
    "pip install --trusted-host pypi.example.com flask",
    "useradd --system --uid 10001 app && chmod 0755 /app",
    "echo hello world",
    "A LONG NEEDLE WHOSE BYTE PAIRS FALL INTO MORE THAN EIGHT WORDS OF THE MAP",
    "x",
    "|",
};

static uint64_t may_contain(const struct df_textsig *sig, const struct df_needle *nd, size_t n)
{
    assert_true(n <= 64);
    return df_textsig_may_contain(sig, nd, n);
}

static void test_needles_match_reference(void **state)
{
    (void)state;
    static struct df_needle nd[NWORDS];
    for (size_t i = 0; i < NWORDS; i++) df_needle_init(&nd[i], words[i]);
    /* The last word is long enough to be cut to eight words of pairs. */
    assert_int_equal(nd[NWORDS - 1].n, 8);
    /* Before it, the empty word (no test: always "may") and one byte. */
    assert_true(!nd[NWORDS - 3].byte && nd[NWORDS - 3].n == 0);
    assert_true(nd[NWORDS - 2].byte);
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        struct df_textsig sig;
        memset(&sig, 0, sizeof sig);
        df_textsig_add(&sig, texts[t], strlen(texts[t]));
        uint64_t hit = may_contain(&sig, nd, NWORDS);
        for (size_t i = 0; i < NWORDS; i++) {
            bool got = (hit >> i) & 1, want = reference_may_contain(&sig, words[i]);
            /* Never "absent" for a word the text holds. */
            if (strstr(texts[t], words[i])) assert_true(got);
            /* Exactly the reference answer, except that a needle longer than
             * its eight words may only say "may" more often. */
            if (got != want) {
                fprintf(stderr, "'%s' in '%s': %d, reference %d\n", words[i], texts[t], got, want);
                assert_true(got && !want && nd[i].n == 8);
            }
        }
    }
}

/* Bits past n are never set, and a call for fewer needles answers the
 * same for those it covers. */
static void test_needles_bounds(void **state)
{
    (void)state;
    static struct df_needle nd[NWORDS];
    for (size_t i = 0; i < NWORDS; i++) df_needle_init(&nd[i], words[i]);
    struct df_textsig sig;
    memset(&sig, 0xff, sizeof sig);
    uint64_t all = may_contain(&sig, nd, NWORDS);
    assert_int_equal(all, NWORDS == 64 ? ~0ull : (1ull << NWORDS) - 1);
    assert_int_equal(may_contain(&sig, nd, 3), 7);
    assert_int_equal(may_contain(&sig, nd, 0), 0);

    memset(&sig, 0, sizeof sig);
    df_textsig_add(&sig, "curl", 4);
    uint64_t hit = may_contain(&sig, nd, NWORDS);
    for (size_t i = 0; i < NWORDS; i++) assert_int_equal((hit >> i) & 1, reference_may_contain(&sig, words[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_needles_match_reference),
        cmocka_unit_test(test_needles_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
