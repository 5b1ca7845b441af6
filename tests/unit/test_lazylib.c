/* Lazily opened libraries: all four load, every table entry is filled, calls
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
#include "core/lazy_sqlite.h"

static void *load_all(void *arg)
{
    (void)arg;
    struct dg_error err = {0};
    if (lazylib_curl(&err) != 0 || lazylib_archive(&err) != 0 || lazylib_crypto(&err) != 0 ||
        lazylib_sqlite(&err) != 0)
        return (void *)1;
    return NULL;
}

static void test_load(void **st)
{
    (void)st;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, load_all, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r = (void *)1;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    /* Every entry of every table resolved. */
    void *const *c = (void *const *)&dg_curl_api;
    for (size_t i = 0; i < sizeof dg_curl_api / sizeof(void *); i++) assert_non_null(c[i]);
    void *const *a = (void *const *)&dg_archive_api;
    for (size_t i = 0; i < sizeof dg_archive_api / sizeof(void *); i++) assert_non_null(a[i]);
    void *const *k = (void *const *)&dg_crypto_api;
    for (size_t i = 0; i < sizeof dg_crypto_api / sizeof(void *); i++) assert_non_null(k[i]);
    void *const *q = (void *const *)&dg_sqlite_api;
    for (size_t i = 0; i < sizeof dg_sqlite_api / sizeof(void *); i++) assert_non_null(q[i]);
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
    /* A query on an in-memory database, the variadic sqlite3_db_config
     * included, through the table. */
    assert_int_equal(lazylib_sqlite(&err), 0);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    int on = -1;
    assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on), SQLITE_OK);
    assert_int_equal(on, 1);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT 1+1", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(q, 0), 2);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    assert_int_equal(sqlite3_finalize(q), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_load), cmocka_unit_test(test_calls)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
