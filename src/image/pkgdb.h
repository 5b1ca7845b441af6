/* Package database and os-release parsers over in-memory buffers (content
 * streamed from image layers; nothing is written to disk). Each returns 0,
 * or a negative DG_ERR_* with err set to "file:line: what is wrong". */
#ifndef DG_IMAGE_PKGDB_H
#define DG_IMAGE_PKGDB_H

#include <stdbool.h>
#include <stddef.h>
#include "core/error.h"
#include "model/packages.h"

/* What a path in an image is to the inventory. */
enum pkgdb_kind {
    PKGDB_NONE = 0,
    PKGDB_DPKG_STATUS,   /* var/lib/dpkg/status */
    PKGDB_DPKG_STATUSD,  /* var/lib/dpkg/status.d/NAME (distroless) */
    PKGDB_APK,           /* lib/apk/db/installed */
    PKGDB_OSRELEASE,     /* etc/os-release, usr/lib/os-release */
};
enum pkgdb_kind pkgdb_kind_of(const char *path);

/* Largest database read (bytes). */
#define PKGDB_MAX_BYTES (64u << 20)

/* dpkg status paragraphs; only "install ok installed" packages when
 * require_status (status.d files have no Status field). */
int pkgdb_dpkg_parse(const char *buf, size_t len, const char *file, bool require_status, struct pkg_inventory *inv,
                     struct dg_error *err);
/* apk installed database: P: V: A: o: per blank-line separated record. */
int pkgdb_apk_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv, struct dg_error *err);
/* os-release: ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME. */
int osrelease_parse(const char *buf, size_t len, const char *file, struct os_info *os, struct dg_error *err);

#endif
