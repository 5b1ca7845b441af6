/* Differential test of the exec-form reader: on every input it must accept
 * and reject what jansson's json_loadb (JSON_DECODE_ANY, then "every
 * element is a string") did when the parser used it, and yield the same
 * strings. Inputs: hand-picked cases, every byte and byte pair inside a
 * string, every \u escape, surrogate pairs, UTF-8 sequences of 3 and 4
 * bytes, and many texts built at random from tricky pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "dockerfile/execform.h"

static size_t accepted, refused;

/* Reads s[0..n) both ways and fails the test, naming the input, where the
 * two differ. */
static void same(const char *s, size_t n)
{
    json_error_t je;
    json_t *arr = json_loadb(s, n, JSON_DECODE_ANY, &je);
    bool want = arr && json_is_array(arr);
    for (size_t i = 0; want && i < json_array_size(arr); i++)
        if (!json_is_string(json_array_get(arr, i))) want = false;

    struct dg_arena mem;
    dg_arena_init(&mem, 0);
    char **args = (char **)&mem; /* must stay untouched on refusal */
    size_t nargs = 12345;
    bool got = execform_read(s, n, &mem, &args, &nargs);
    if (got != want) {
        char shown[400];
        size_t k = 0;
        for (size_t i = 0; i < n && k + 5 < sizeof shown; i++) {
            unsigned char c = (unsigned char)s[i];
            k += (size_t)snprintf(shown + k, sizeof shown - k, c >= 0x20 && c < 0x7f && c != '\\' ? "%c" : "\\x%02x", c);
        }
        fail_msg("'%s': jansson %s, execform %s", shown, want ? "accepts" : "refuses", got ? "accepts" : "refuses");
    }
    if (got) {
        accepted++;
        assert_int_equal(nargs, json_array_size(arr));
        if (nargs == 0) assert_null(args);
        for (size_t i = 0; i < nargs; i++) {
            json_t *v = json_array_get(arr, i);
            size_t len = json_string_length(v);
            assert_int_equal(strlen(args[i]), len);
            assert_memory_equal(args[i], json_string_value(v), len);
        }
    } else {
        refused++;
        assert_ptr_equal(args, (char **)&mem);
        assert_int_equal(nargs, 12345);
    }
    dg_arena_free(&mem);
    json_decref(arr);
}

static void same_str(const char *s)
{
    same(s, strlen(s));
}

static void test_hand_picked(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "[]", "[ ]", "[\t\r\n]", " [] ", "\v[]", "[]\f", "[\"a\"]", "[\"a\",\"b\"]", "[ \"a\" , \"b\" ]",
        "[\"a\",]", "[,\"a\"]", "[\"a\" \"b\"]", "[\"a\"]]", "[[\"a\"]]", "[\"a\"] [\"b\"]", "[\"a\"] x", "[\"a\"",
        "[\"a", "\"a\"", "{\"a\":\"b\"}", "[1]", "[\"a\",1]", "[null]", "[true]", "[\"a\",{}]", "[-1]", "[1e5]",
        "['a']", "[\"\"]", "[\"\",\"\"]", "[\"\\\"\"]", "[\"\\\\\"]", "[\"\\/\"]", "[\"\\b\\f\\n\\r\\t\"]", "[\"\\x\"]",
        "[\"\\\"]", "[\"\\", "[\"\\u\"]", "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"\\u0041\"]", "[\"\\u00e9\\u00E9\"]",
        "[\"\\u0000\"]", "[\"a\\u0000b\"]", "[\"\\u0001\"]", "[\"\\u001f\"]", "[\"\\u007f\"]", "[\"\\ud83d\\ude00\"]",
        "[\"\\uD83D\\uDE00\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800x\"]", "[\"\\ud800\\u0041\"]",
        "[\"\\ud800\\ud800\"]", "[\"\\udc00\\ud800\"]", "[\"\\udbff\\udfff\"]", "[\"\\ud800\\\\u0041\"]",
        "[\"\\ud800\\udc0\"]", "[\"\\ud800\\u\"]", "[\"\t\"]", "[\"\n\"]", "[\"\x7f\"]", "[\"\xc3\xa9\"]",
        "[\"\xe2\x82\xac\"]", "[\"\xf0\x9f\x98\x80\"]", "[\"\xc0\x80\"]", "[\"\xc1\xbf\"]", "[\"\xed\xa0\x80\"]",
        "[\"\xf4\x90\x80\x80\"]", "[\"\xf4\x8f\xbf\xbf\"]", "[\"\xff\"]", "[\"\x80\"]", "[\"\xe2\x82\"]", "[\"\xc3\"]",
        "[\"\xe0\x80\x80\"]", "[\"\xe0\xa0\x80\"]", "[\"\xf0\x80\x80\x80\"]", "[\"\xf0\x90\x80\x80\"]", "[\"\xf5\x80\x80\x80\"]",
        "[\"\xef\xbf\xbf\"]", "[\"\xee\x80\x80\"]", "[\xc3\xa9]", "[\"a\"]\xc3\xa9", "[\"sh\", \"-c\", \"echo $HOME\"]",
        "[ \"/bin/sh\" ,\t\"-c\" ]", "[\"a\"\r,\r\"b\"]", "[\"a\"\v]", "[\"a\"\f,\"b\"]", "[\"a\",\"b\"\n]",
        "[\"\\u00\"]", "[\"\\uzzzz\"]", "[\"\\U0041\"]", "[\"a\\\"b\"]", "[\"C:\\\\dir\\\\x\"]", "[\"\\\\\\\"\"]",
        "[\"\\ud83d\\ude00\\ud83d\\ude00\"]", "[\"x\\ud83d\\ude00y\"]", "[\"\\uDBFF\\uDFFF\\u0000\"]",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) same_str(cases[i]);
    /* NUL bytes, which the parser never passes but the reader must refuse. */
    same("[\"a\0\"]", 6);
    same("[\"a\"]\0", 6);
    same("[\0]", 3);
    same("\0[]", 3);
    same("[\"a\",\0\"b\"]", 10);
}

static void test_every_byte_and_pair(void **state)
{
    (void)state;
    char buf[16];
    for (int a = 0; a < 256; a++) {
        int n = snprintf(buf, sizeof buf, "[\"%c\"]", a ? a : 'x');
        buf[2] = (char)a;
        same(buf, (size_t)n);
        /* The byte between tokens too. */
        memcpy(buf, "[\"a\" \"b\"]", 9);
        buf[4] = (char)a;
        same(buf, 9);
        for (int b = 0; b < 256; b++) {
            memcpy(buf, "[\"xy\"]", 6);
            buf[2] = (char)a;
            buf[3] = (char)b;
            same(buf, 6);
        }
    }
}

static void test_every_u_escape(void **state)
{
    (void)state;
    char buf[64];
    for (unsigned v = 0; v <= 0xFFFF; v++) {
        same(buf, (size_t)snprintf(buf, sizeof buf, "[\"\\u%04x\"]", v));
        same(buf, (size_t)snprintf(buf, sizeof buf, "[\"a\\u%04X\"]", v));
    }
    static const unsigned hi[] = {0xD800, 0xD801, 0xD83D, 0xDBFF, 0xDC00, 0xDFFF, 0x0041, 0xE000};
    for (size_t i = 0; i < sizeof hi / sizeof hi[0]; i++)
        for (unsigned lo = 0; lo <= 0xFFFF; lo += (lo >= 0xDB00 && lo <= 0xE100) ? 1 : 97)
            same(buf, (size_t)snprintf(buf, sizeof buf, "[\"\\u%04x\\u%04x\"]", hi[i], lo));
}

static void test_utf8_sequences(void **state)
{
    (void)state;
    /* Lead bytes of 3- and 4-byte forms against the bytes around the
     * continuation range's edges. */
    static const unsigned char edge[] = {0x00, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f,
                                         0xa0, 0xbe, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xf4, 0xff};
    char buf[16];
    for (int lead = 0xC0; lead < 0x100; lead++)
        for (size_t i = 0; i < sizeof edge; i++)
            for (size_t j = 0; j < sizeof edge; j++) {
                memcpy(buf, "[\"xyz\"]", 7);
                buf[2] = (char)lead;
                buf[3] = (char)edge[i];
                buf[4] = (char)edge[j];
                same(buf, 7);
                for (size_t k = 0; k < sizeof edge; k++) {
                    memcpy(buf, "[\"wxyz\"]", 8);
                    buf[2] = (char)lead;
                    buf[3] = (char)edge[i];
                    buf[4] = (char)edge[j];
                    buf[5] = (char)edge[k];
                    same(buf, 8);
                }
            }
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(uint32_t below)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % below);
}

static void test_random_texts(void **state)
{
    (void)state;
    static const char *const piece[] = {
        "[", "]", "\"", "\"a\"", "\"b c\"", ",", ", ", " ", "\t", "\r", "\n", "\v", "\f", "\\", "\\\"", "\\\\",
        "\\/", "\\n", "\\u0041", "\\u00e9", "\\ud83d", "\\ude00", "\\uDBFF", "\\uDFFF", "\\u0000", "\\u12", "\\x",
        "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\x80", "\xed\xa0\x80", "\xff", "\x01", "\x1f",
        "1", "-", "null", "true", "{", "}", ":", "'", "$HOME", "sh", "-c", "\"\"", "[\"", "\"]", "\",\"",
    };
    char buf[256];
    size_t accepted0 = accepted, refused0 = refused;
    for (int round = 0; round < 300000; round++) {
        size_t n = 0;
        /* Mostly texts that open and close like exec form, as the parser
         * passes only those. */
        if (next(8)) buf[n++] = '[';
        for (uint32_t k = next(12); k > 0; k--) {
            const char *p = piece[next(sizeof piece / sizeof piece[0])];
            size_t l = strlen(p);
            if (n + l + 2 > sizeof buf) break;
            memcpy(buf + n, p, l);
            n += l;
        }
        if (next(8)) buf[n++] = ']';
        same(buf, n);
    }
    /* Both outcomes must have been exercised plenty. */
    assert_true(accepted - accepted0 > 10000);
    assert_true(refused - refused0 > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_picked),
        cmocka_unit_test(test_every_byte_and_pair),
        cmocka_unit_test(test_every_u_escape),
        cmocka_unit_test(test_utf8_sequences),
        cmocka_unit_test(test_random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
