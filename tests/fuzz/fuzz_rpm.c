/* Fuzz target for the rpm database readers: the first byte picks the
 * reader (header blob, SQLite file, Berkeley DB hash file), the rest is the
 * input. Any bytes must give packages or an error, never a crash or hang. */
#include <stdint.h>
#include <stdlib.h>

#include "image/pkgdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    struct pkg_inventory inv = {0};
    struct dg_error err = {0};
    const uint8_t *in = data + 1;
    size_t n = size - 1;
    switch (data[0] % 3) {
    case 0: pkgdb_rpm_header_parse(in, n, "blob", &inv, &err); break;
    case 1: pkgdb_rpm_sqlite_parse((const char *)in, n, "rpmdb.sqlite", &inv, &err); break;
    default: pkgdb_rpm_bdb_parse((const char *)in, n, "Packages", &inv, &err); break;
    }
    for (size_t i = 0; i < inv.n; i++)
        if (!inv.pkgs[i].name || !inv.pkgs[i].version || inv.pkgs[i].type != PKG_RPM) abort();
    pkg_inventory_free(&inv);
    return 0;
}
