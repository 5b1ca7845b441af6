/* Lazily opened libraries: all three load, every table entry is filled, calls
 * through the table reach the real library, and loading twice (or from
 * several threads) is harmless. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "core/lazy_archive.h"
#include "core/lazy_crypto.h"
#include "core/lazy_curl.h"

static void *load_both(void *arg)
{
    (void)arg;
    struct dg_error err = {0};
    if (lazylib_curl(&err) != 0 || lazylib_archive(&err) != 0 || lazylib_crypto(&err) != 0) return (void *)1;
    return NULL;
}

static void test_load(void **st)
{
    (void)st;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, load_both, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r = (void *)1;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    /* Every entry of both tables resolved. */
    void *const *c = (void *const *)&dg_curl_api;
    for (size_t i = 0; i < sizeof dg_curl_api / sizeof(void *); i++) assert_non_null(c[i]);
    void *const *a = (void *const *)&dg_archive_api;
    for (size_t i = 0; i < sizeof dg_archive_api / sizeof(void *); i++) assert_non_null(a[i]);
    void *const *k = (void *const *)&dg_crypto_api;
    for (size_t i = 0; i < sizeof dg_crypto_api / sizeof(void *); i++) assert_non_null(k[i]);
}

static void test_calls(void **st)
{
    (void)st;
    struct dg_error err = {0};
    assert_int_equal(lazylib_curl(&err), 0);
    assert_int_equal(lazylib_archive(&err), 0);
    CURL *h = curl_easy_init();
    assert_non_null(h);
    assert_int_equal(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10L), CURLE_OK);
    char *esc = curl_easy_escape(h, "a b/c", 0);
    assert_string_equal(esc, "a%20b%2Fc");
    curl_free(esc);
    assert_non_null(strstr(curl_easy_strerror(CURLE_COULDNT_CONNECT), "connect"));
    curl_easy_cleanup(h);
    struct archive *ar = archive_read_new();
    assert_non_null(ar);
    assert_int_equal(archive_read_support_format_tar(ar), ARCHIVE_OK);
    archive_set_error(ar, 22, "test %d", 7);
    assert_string_equal(archive_error_string(ar), "test 7");
    assert_int_equal(archive_read_free(ar), ARCHIVE_OK);
    /* SHA-256 of "abc" (FIPS 180-2 test vector) through the table. */
    assert_int_equal(lazylib_crypto(&err), 0);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    assert_non_null(md);
    assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
    assert_int_equal(EVP_DigestUpdate(md, "abc", 3), 1);
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    assert_int_equal(EVP_DigestFinal_ex(md, d, &n), 1);
    EVP_MD_CTX_free(md);
    assert_int_equal(n, 32);
    static const unsigned char want[4] = {0xba, 0x78, 0x16, 0xbf};
    assert_memory_equal(d, want, 4);
    assert_int_equal(d[31], 0xad);
    BIO *b = BIO_new_mem_buf("not a certificate", -1);
    assert_non_null(b);
    assert_null(PEM_read_bio_X509(b, NULL, NULL, NULL));
    BIO_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_load), cmocka_unit_test(test_calls)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
