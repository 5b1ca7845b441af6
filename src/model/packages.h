/* The package inventory of an image: the operating system (from os-release)
 * and the packages its package databases list (dpkg, apk). Plain data,
 * filled by the parsers in src/image/pkgdb_*.c and osrelease.c, read by the
 * scan summary and the SBOM writers. */
#ifndef DG_MODEL_PACKAGES_H
#define DG_MODEL_PACKAGES_H

#include <stddef.h>

enum pkg_type { PKG_DEB = 0, PKG_APK, PKG_RPM };
const char *pkg_type_name(enum pkg_type t);   /* "deb", "apk", "rpm" */

struct pkg {
    char *name, *version, *arch;   /* owned; arch may be NULL */
    char *source, *source_version; /* source package when it differs (deb: Source:, apk: o:); may be NULL */
    enum pkg_type type;
};

struct os_info {
    char *id, *version_id, *codename, *pretty;  /* owned, each may be NULL */
};

struct pkg_inventory {
    struct os_info os;
    struct pkg *pkgs;
    size_t n, cap;
};

/* Bounds on what a package database may hold. */
#define PKG_MAX_PACKAGES 200000
#define PKG_MAX_FIELD 4096

/* Appends a package (zeroed) and returns it. */
struct pkg *pkg_inventory_add(struct pkg_inventory *inv);
/* Moves every package of src to the end of dst (src is left empty). */
void pkg_inventory_take(struct pkg_inventory *dst, struct pkg_inventory *src);
void pkg_inventory_free(struct pkg_inventory *inv);
void os_info_free(struct os_info *os);

#endif
