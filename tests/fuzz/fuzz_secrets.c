/* Fuzz target: secret detection over arbitrary bytes and names. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/secrets.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ud, const struct secret_match *m)
{
    (void)m;
    (*(int *)ud)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int n = 0;
    secrets_scan_text((const char *)data, size, count, &n);
    struct secret_match m;
    secrets_value_match((const char *)data, size, &m);
    char *s = dg_xstrndup((const char *)data, size < 256 ? size : 256);
    secrets_name_sensitive(s);
    secrets_value_is_placeholder(s);
    free(s);
    return 0;
}
