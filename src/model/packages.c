/* Package inventory: allocation helpers for the plain structs of packages.h. */
#include "model/packages.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

const char *pkg_type_name(enum pkg_type t)
{
    switch (t) {
    case PKG_DEB: return "deb";
    case PKG_APK: return "apk";
    case PKG_RPM: return "rpm";
    }
    return "unknown";
}

struct pkg *pkg_inventory_add(struct pkg_inventory *inv)
{
    if (inv->n == inv->cap) {
        inv->cap = inv->cap ? inv->cap * 2 : 64;
        inv->pkgs = dg_xrealloc(inv->pkgs, inv->cap * sizeof *inv->pkgs);
    }
    struct pkg *p = &inv->pkgs[inv->n++];
    memset(p, 0, sizeof *p);
    return p;
}

void pkg_inventory_take(struct pkg_inventory *dst, struct pkg_inventory *src)
{
    for (size_t i = 0; i < src->n; i++) *pkg_inventory_add(dst) = src->pkgs[i];
    free(src->pkgs);
    src->pkgs = NULL;
    src->n = src->cap = 0;
}

static void pkg_free(struct pkg *p)
{
    free(p->name);
    free(p->version);
    free(p->arch);
    free(p->source);
    free(p->source_version);
}

void os_info_free(struct os_info *os)
{
    free(os->id);
    free(os->version_id);
    free(os->codename);
    free(os->pretty);
    memset(os, 0, sizeof *os);
}

void pkg_inventory_free(struct pkg_inventory *inv)
{
    for (size_t i = 0; i < inv->n; i++) pkg_free(&inv->pkgs[i]);
    free(inv->pkgs);
    os_info_free(&inv->os);
    memset(inv, 0, sizeof *inv);
}
