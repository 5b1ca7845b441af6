/* Fuzz target for the shared secret scanner: text scans, single values,
 * names and placeholders over arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ud, const struct secret_match *m)
{
    size_t *n = ud;
    /* Every match must lie inside the scanned text. */
    if (m->off + m->len < m->off || m->line < 1) abort();
    (*n)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    const char *t = (const char *)data;
    if (secrets_scan_text(t, size, count, &n) < 0) abort();
    struct secret_match m;
    if (secrets_value_match(t, size, &m) && m.off + m.len > size) abort();
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    (void)secrets_name_sensitive(s);
    (void)secrets_value_is_placeholder(s);
    free(secrets_redact(s, strlen(s)));
    free(s);
    return 0;
}
