/* Shared libraries that only some commands need (libcurl for the Engine
 * API, libarchive for image archives, libcrypto for digests and
 * certificates, libsqlite3 for rpm package databases) are opened on first
 * use instead of at program start: together they pull in some thirty
 * further libraries (Kerberos, LDAP, GnuTLS, libxml2, ICU...) whose loading
 * and relocation cost every `dockguard lint` about 12 ms before any work.
 *
 * Code that calls them includes core/lazy_curl.h, core/lazy_archive.h,
 * core/lazy_crypto.h or core/lazy_sqlite.h instead of the library headers;
 * those route every call through a table filled by lazylib_curl() /
 * lazylib_archive() / lazylib_crypto() / lazylib_sqlite(), which must
 * succeed before the first call. */
#ifndef DG_CORE_LAZYLIB_H
#define DG_CORE_LAZYLIB_H

#include "core/error.h"

/* Each loads its library once (thread-safe); 0, or DG_ERR_IO naming the
 * library and dlopen's reason. */
int lazylib_curl(struct dg_error *err);
int lazylib_archive(struct dg_error *err);
int lazylib_crypto(struct dg_error *err);
int lazylib_sqlite(struct dg_error *err);

#endif
