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
    PKGDB_RPM_SQLITE,    /* {var/lib,usr/lib/sysimage}/rpm/rpmdb.sqlite (rpm >= 4.16) */
    PKGDB_RPM_WAL,       /* its write-ahead log: must be empty to trust the database */
    PKGDB_RPM_BDB,       /* {var/lib,usr/lib/sysimage}/rpm/Packages (Berkeley DB hash) */
    PKGDB_RPM_NDB,       /* .../rpm/Packages.db (rpm's own ndb format; not read, reported) */
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
/* One rpm header blob (name, epoch, version, release, arch, source rpm);
 * gpg-pubkey pseudo-packages are skipped. where names it in errors. */
int pkgdb_rpm_header_parse(const unsigned char *blob, size_t len, const char *where, struct pkg_inventory *inv,
                           struct dg_error *err);
/* rpmdb.sqlite, read through SQLite's in-memory VFS (never written). */
int pkgdb_rpm_sqlite_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv,
                           struct dg_error *err);
/* Berkeley DB hash Packages file (RHEL/CentOS 7-8, Amazon Linux 2). */
int pkgdb_rpm_bdb_parse(const char *buf, size_t len, const char *file, struct pkg_inventory *inv,
                        struct dg_error *err);
/* os-release: ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME. */
int osrelease_parse(const char *buf, size_t len, const char *file, struct os_info *os, struct dg_error *err);

#endif
