/* libsqlite3 through the lazily loaded table (see core/lazylib.h): only
 * scans of images with an rpm SQLite database use it, and loading and
 * relocating it cost every other command about 0.4 ms. sqlite3.h is
 * included for its types and constants; its functions are not linked. */
#ifndef DG_CORE_LAZY_SQLITE_H
#define DG_CORE_LAZY_SQLITE_H

#include <sqlite3.h>
#include "core/lazylib.h"

/* sqlite3_db_config is variadic: the entry keeps its exact prototype, so
 * calls through it pass the variable arguments as a direct call would. */
#define DG_SQLITE_FUNCS(X)                                                                                 \
    X(sqlite3_malloc64) X(sqlite3_free) X(sqlite3_open_v2) X(sqlite3_close) X(sqlite3_db_config)          \
    X(sqlite3_limit) X(sqlite3_progress_handler) X(sqlite3_deserialize) X(sqlite3_exec) X(sqlite3_errmsg) \
    X(sqlite3_prepare_v2) X(sqlite3_step) X(sqlite3_finalize) X(sqlite3_column_text) X(sqlite3_column_blob) \
    X(sqlite3_column_bytes) X(sqlite3_column_int64)

struct dg_sqlite_api {
#define DG_SQLITE_MEMBER(name) __typeof__(name) *name;
    DG_SQLITE_FUNCS(DG_SQLITE_MEMBER)
#undef DG_SQLITE_MEMBER
};
extern struct dg_sqlite_api dg_sqlite_api;

#ifndef DG_LAZYLIB_IMPL
#define sqlite3_malloc64 dg_sqlite_api.sqlite3_malloc64
#define sqlite3_free dg_sqlite_api.sqlite3_free
#define sqlite3_open_v2 dg_sqlite_api.sqlite3_open_v2
#define sqlite3_close dg_sqlite_api.sqlite3_close
#define sqlite3_db_config dg_sqlite_api.sqlite3_db_config
#define sqlite3_limit dg_sqlite_api.sqlite3_limit
#define sqlite3_progress_handler dg_sqlite_api.sqlite3_progress_handler
#define sqlite3_deserialize dg_sqlite_api.sqlite3_deserialize
#define sqlite3_exec dg_sqlite_api.sqlite3_exec
#define sqlite3_errmsg dg_sqlite_api.sqlite3_errmsg
#define sqlite3_prepare_v2 dg_sqlite_api.sqlite3_prepare_v2
#define sqlite3_step dg_sqlite_api.sqlite3_step
#define sqlite3_finalize dg_sqlite_api.sqlite3_finalize
#define sqlite3_column_text dg_sqlite_api.sqlite3_column_text
#define sqlite3_column_blob dg_sqlite_api.sqlite3_column_blob
#define sqlite3_column_bytes dg_sqlite_api.sqlite3_column_bytes
#define sqlite3_column_int64 dg_sqlite_api.sqlite3_column_int64
#endif

#endif
