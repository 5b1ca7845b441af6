/* dlopen-based loading of libcurl, libarchive and libcrypto (see
 * lazylib.h). The library names are the sonames of the Debian packages the
 * build was configured against (DG_*_SONAME from CMake). */
#define DG_LAZYLIB_IMPL 1
#include "core/lazylib.h"
#include "core/lazy_archive.h"
#include "core/lazy_crypto.h"
#include "core/lazy_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct dg_curl_api dg_curl_api;
struct dg_archive_api dg_archive_api;
struct dg_crypto_api dg_crypto_api;

struct lazy {
    pthread_once_t once;
    const char *soname;
    char error[200];
};

static struct lazy curl_lib = {PTHREAD_ONCE_INIT, DG_CURL_SONAME, ""};
static struct lazy archive_lib = {PTHREAD_ONCE_INIT, DG_ARCHIVE_SONAME, ""};
static struct lazy crypto_lib = {PTHREAD_ONCE_INIT, DG_CRYPTO_SONAME, ""};

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

/* A function pointer is stored through a void * slot: POSIX guarantees
 * dlsym results convert to function pointers. */
static void curl_load(void)
{
    void *h = open_lib(&curl_lib);
    if (!h) return;
#define DG_RESOLVE(name) resolve(&curl_lib, h, #name, (void **)&dg_curl_api.name);
    DG_CURL_FUNCS(DG_RESOLVE)
#undef DG_RESOLVE
    /* Once per process, before any handle: libcurl's own requirement. */
    if (!curl_lib.error[0] && dg_curl_api.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        snprintf(curl_lib.error, sizeof curl_lib.error, "%s: global initialisation failed", curl_lib.soname);
}

static void archive_load(void)
{
    void *h = open_lib(&archive_lib);
    if (!h) return;
#define DG_RESOLVE(name) resolve(&archive_lib, h, #name, (void **)&dg_archive_api.name);
    DG_ARCHIVE_FUNCS(DG_RESOLVE)
#undef DG_RESOLVE
}

static void crypto_load(void)
{
    void *h = open_lib(&crypto_lib);
    if (!h) return;
#define DG_RESOLVE(name) resolve(&crypto_lib, h, #name, (void **)&dg_crypto_api.name);
    DG_CRYPTO_FUNCS(DG_RESOLVE)
#undef DG_RESOLVE
}

static int finish(const struct lazy *l, struct dg_error *err)
{
    return l->error[0] ? dg_error_set(err, DG_ERR_IO, "%s", l->error) : 0;
}

int lazylib_curl(struct dg_error *err)
{
    pthread_once(&curl_lib.once, curl_load);
    return finish(&curl_lib, err);
}

int lazylib_archive(struct dg_error *err)
{
    pthread_once(&archive_lib.once, archive_load);
    return finish(&archive_lib, err);
}

int lazylib_crypto(struct dg_error *err)
{
    pthread_once(&crypto_lib.once, crypto_load);
    return finish(&crypto_lib, err);
}
