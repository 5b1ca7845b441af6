/* libcurl through the lazily loaded table (see core/lazylib.h). */
#ifndef DG_CORE_LAZY_CURL_H
#define DG_CORE_LAZY_CURL_H

/* curl.h wraps some calls in macros that name the real symbols, which are
 * not linked; the table's entries replace them. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_share_setopt
#include "core/lazylib.h"

#define DG_CURL_FUNCS(X)                                                                                     \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_reset) X(curl_easy_setopt)      \
    X(curl_easy_getinfo) X(curl_easy_pause) X(curl_easy_escape) X(curl_easy_strerror) X(curl_free)          \
    X(curl_multi_init) X(curl_multi_cleanup) X(curl_multi_add_handle) X(curl_multi_remove_handle)           \
    X(curl_multi_perform) X(curl_multi_poll) X(curl_multi_info_read) X(curl_multi_strerror)                 \
    X(curl_share_init) X(curl_share_cleanup) X(curl_share_setopt)

struct dg_curl_api {
#define DG_CURL_MEMBER(name) __typeof__(name) *name;
    DG_CURL_FUNCS(DG_CURL_MEMBER)
#undef DG_CURL_MEMBER
};
extern struct dg_curl_api dg_curl_api;

#ifndef DG_LAZYLIB_IMPL
#define curl_global_init dg_curl_api.curl_global_init
#define curl_easy_init dg_curl_api.curl_easy_init
#define curl_easy_cleanup dg_curl_api.curl_easy_cleanup
#define curl_easy_reset dg_curl_api.curl_easy_reset
#define curl_easy_setopt dg_curl_api.curl_easy_setopt
#define curl_easy_getinfo dg_curl_api.curl_easy_getinfo
#define curl_easy_pause dg_curl_api.curl_easy_pause
#define curl_easy_escape dg_curl_api.curl_easy_escape
#define curl_easy_strerror dg_curl_api.curl_easy_strerror
#define curl_free dg_curl_api.curl_free
#define curl_multi_init dg_curl_api.curl_multi_init
#define curl_multi_cleanup dg_curl_api.curl_multi_cleanup
#define curl_multi_add_handle dg_curl_api.curl_multi_add_handle
#define curl_multi_remove_handle dg_curl_api.curl_multi_remove_handle
#define curl_multi_perform dg_curl_api.curl_multi_perform
#define curl_multi_poll dg_curl_api.curl_multi_poll
#define curl_multi_info_read dg_curl_api.curl_multi_info_read
#define curl_multi_strerror dg_curl_api.curl_multi_strerror
#define curl_share_init dg_curl_api.curl_share_init
#define curl_share_cleanup dg_curl_api.curl_share_cleanup
#define curl_share_setopt dg_curl_api.curl_share_setopt
#endif

#endif
