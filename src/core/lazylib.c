/* dlopen-based loading of libcurl, libarchive, libcrypto and libsqlite3 (see
 * lazylib.h). The library names are the sonames of the Debian packages the
 * build was configured against (DG_*_SONAME from CMake). */
#define DG_LAZYLIB_IMPL 1
#include "core/lazylib.h"
#include "core/lazy_archive.h"
#include "core/lazy_crypto.h"
#include "core/lazy_curl.h"
#include "core/lazy_sqlite.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct dg_curl_api dg_curl_api;
struct dg_archive_api dg_archive_api;
struct dg_crypto_api dg_crypto_api;
struct dg_sqlite_api dg_sqlite_api;

struct lazy {
    pthread_once_t once;
    const char *soname;
    char error[200];
};

static struct lazy curl_lib = {PTHREAD_ONCE_INIT, DG_CURL_SONAME, ""};
static struct lazy archive_lib = {PTHREAD_ONCE_INIT, DG_ARCHIVE_SONAME, ""};
static struct lazy crypto_lib = {PTHREAD_ONCE_INIT, DG_CRYPTO_SONAME, ""};
static struct lazy sqlite_lib = {PTHREAD_ONCE_INIT, DG_SQLITE_SONAME, ""};

/* Resolves one symbol into *slot; records the first failure. */
static void resolve(struct lazy *l, void *h, const char *name, void **slot)
{
    *slot = h ? dlsym(h, name) : NULL;
    if (!*slot && !l->error[0]) snprintf(l->error, sizeof l->error, "%s: symbol %s not found", l->soname, name);
}

static void *open_lib(struct lazy *l)
{
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(l->error, sizeof l->error, "cannot load %s: %s", l->soname, why ? why : "unknown reason");
    }
    return h;
}

/* Opens lib and fills table with every function FUNCS lists; a macro
 * because each table has its own member types (DG_RESOLVE names DG_LOAD's
 * locals). A function pointer is stored through a void * slot: POSIX
 * guarantees dlsym results convert to function pointers. */
#define DG_RESOLVE(name) resolve(lib_, h_, #name, (void **)&table_->name);
#define DG_LOAD(lib, table, FUNCS)            \
    do {                                      \
        struct lazy *lib_ = &(lib);           \
        __typeof__(table) *table_ = &(table); \
        void *h_ = open_lib(lib_);            \
        if (h_) {                             \
            FUNCS(DG_RESOLVE)                 \
        }                                     \
    } while (0)

static void curl_load(void)
{
    DG_LOAD(curl_lib, dg_curl_api, DG_CURL_FUNCS);
    /* Once per process, before any handle: libcurl's own requirement. */
    if (!curl_lib.error[0] && dg_curl_api.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        snprintf(curl_lib.error, sizeof curl_lib.error, "%s: global initialisation failed", curl_lib.soname);
}

static void archive_load(void) { DG_LOAD(archive_lib, dg_archive_api, DG_ARCHIVE_FUNCS); }
static void crypto_load(void) { DG_LOAD(crypto_lib, dg_crypto_api, DG_CRYPTO_FUNCS); }
static void sqlite_load(void) { DG_LOAD(sqlite_lib, dg_sqlite_api, DG_SQLITE_FUNCS); }

/* Runs load once per process (whichever thread comes first, the others
 * wait), then reports its outcome to every caller. */
static int load_once(struct lazy *l, void (*load)(void), struct dg_error *err)
{
    pthread_once(&l->once, load);
    return l->error[0] ? dg_error_set(err, DG_ERR_IO, "%s", l->error) : 0;
}

int lazylib_curl(struct dg_error *err) { return load_once(&curl_lib, curl_load, err); }
int lazylib_archive(struct dg_error *err) { return load_once(&archive_lib, archive_load, err); }
int lazylib_crypto(struct dg_error *err) { return load_once(&crypto_lib, crypto_load, err); }
int lazylib_sqlite(struct dg_error *err) { return load_once(&sqlite_lib, sqlite_load, err); }
