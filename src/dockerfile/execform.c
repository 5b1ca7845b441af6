/* Exec-form reader (see execform.h): one pass checks the whole text and
 * counts the strings, allocating nothing, so that a text that is not exec
 * form costs no memory; a second pass copies each string and decodes its
 * escapes in place (a decoded string is never longer than its source). */
#include "dockerfile/execform.h"
#include "core/util.h"

#include <stdint.h>
#include <string.h>

typedef const unsigned char *cursor;

/* JSON's whitespace: not isspace(), which also takes \v and \f. */
static cursor skip_ws(cursor s, cursor e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++;
    return s;
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The code unit of the \uXXXX escape at s, or -1 when s does not hold one. */
static int32_t u_escape(cursor s, cursor e)
{
    if (e - s < 6 || s[0] != '\\' || s[1] != 'u') return -1;
    int32_t v = 0;
    for (int i = 2; i < 6; i++) {
        int d = hex_digit(s[i]);
        if (d < 0) return -1;
        v = v << 4 | d;
    }
    return v;
}

/* Checks the string whose opening quote is at s; returns the position
 * after its closing quote, or NULL when it is not a valid string. */
static cursor check_string(cursor s, cursor e)
{
    s++;
    while (s < e) {
        unsigned char c = *s;
        if (c == '"') return s + 1;
        if (c < 0x20) return NULL;
        if (c >= 0x80) {
            size_t k = dg_utf8_valid_len(s, (size_t)(e - s));
            if (!k) return NULL;
            s += k;
            continue;
        }
        if (c != '\\') {
            s++;
            continue;
        }
        if (e - s < 2) return NULL;
        switch (s[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            s += 2;
            continue;
        case 'u':
            break;
        default:
            return NULL;
        }
        int32_t v = u_escape(s, e);
        /* \u0000 would put a NUL inside the string; jansson refuses it
         * without JSON_ALLOW_NUL. */
        if (v <= 0 || (v >= 0xDC00 && v <= 0xDFFF)) return NULL;
        s += 6;
        if (v >= 0xD800 && v <= 0xDBFF) {
            /* A high surrogate needs a low one right after it. */
            int32_t lo = u_escape(s, e);
            if (lo < 0xDC00 || lo > 0xDFFF) return NULL;
            s += 6;
        }
    }
    return NULL;
}

static char *put_utf8(char *w, uint32_t cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | cp >> 12);
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | cp >> 18);
        *w++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* Decodes the escapes of a checked string's copy in place. */
static void decode_in_place(char *t)
{
    const char *r = t;
    char *w = t;
    while (*r) {
        if (*r != '\\') {
            *w++ = *r++;
            continue;
        }
        char c = r[1];
        r += 2;
        switch (c) {
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            cursor u = (cursor)r - 2;
            uint32_t cp = (uint32_t)u_escape(u, u + 6);
            r += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo = (uint32_t)u_escape((cursor)r, (cursor)r + 6);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 6;
            }
            /* The escape's 6 or 12 bytes are read before its 1 to 4 are
             * written, so w stays behind r. */
            w = put_utf8(w, cp);
            break;
        }
        default: *w++ = c; break; /* " \ / */
        }
    }
    *w = '\0';
}

bool execform_read(const char *text, size_t n, struct dg_arena *mem, char ***args, size_t *nargs)
{
    cursor s = (cursor)text, e = s + n;
    s = skip_ws(s, e);
    if (s == e || *s != '[') return false;
    cursor first = s + 1;
    size_t count = 0;
    s = skip_ws(first, e);
    if (s < e && *s == ']') {
        s++;
    } else {
        for (;;) {
            if (s == e || *s != '"') return false;
            s = check_string(s, e);
            if (!s) return false;
            count++;
            s = skip_ws(s, e);
            if (s < e && *s == ']') {
                s++;
                break;
            }
            if (s == e || *s != ',') return false;
            s = skip_ws(s + 1, e);
        }
    }
    if (skip_ws(s, e) != e) return false;

    char **v = count ? dg_arena_alloc(mem, count * sizeof *v) : NULL;
    s = first;
    for (size_t i = 0; i < count; i++) {
        while (*s != '"') s++;
        cursor start = ++s;
        bool escaped = false;
        while (*s != '"') {
            if (*s == '\\') {
                escaped = true;
                s++;
            }
            s++;
        }
        v[i] = dg_arena_strndup(mem, (const char *)start, (size_t)(s - start));
        if (escaped) decode_in_place(v[i]);
        s++;
    }
    *args = v;
    *nargs = count;
    return true;
}
