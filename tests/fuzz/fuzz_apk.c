/* Fuzz target for the apk package database parser: arbitrary bytes must give
 * packages or an error, never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "image/pkgdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    const char *t = (const char *)data;
    pkgdb_apk_parse(t, size, "installed", &inv, &err);
    for (size_t i = 0; i < inv.n; i++)
        if (!inv.pkgs[i].name || !inv.pkgs[i].version) abort();
    pkg_inventory_free(&inv);
    return 0;
}
