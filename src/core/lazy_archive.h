/* libarchive through the lazily loaded table (see core/lazylib.h). */
#ifndef DG_CORE_LAZY_ARCHIVE_H
#define DG_CORE_LAZY_ARCHIVE_H

#include <archive.h>
#include <archive_entry.h>
#include "core/lazylib.h"

#define DG_ARCHIVE_FUNCS(X)                                                                                  \
    X(archive_read_new) X(archive_read_free) X(archive_read_open) X(archive_read_open_fd)                   \
    X(archive_read_next_header) X(archive_read_data) X(archive_read_data_block)                             \
    X(archive_read_support_filter_all) X(archive_read_support_format_raw) X(archive_read_support_format_tar) \
    X(archive_error_string) X(archive_set_error) X(archive_entry_filetype) X(archive_entry_gid)             \
    X(archive_entry_uid) X(archive_entry_hardlink) X(archive_entry_symlink) X(archive_entry_mode)           \
    X(archive_entry_pathname) X(archive_entry_size)

struct dg_archive_api {
#define DG_ARCHIVE_MEMBER(name) __typeof__(name) *name;
    DG_ARCHIVE_FUNCS(DG_ARCHIVE_MEMBER)
#undef DG_ARCHIVE_MEMBER
};
extern struct dg_archive_api dg_archive_api;

#ifndef DG_LAZYLIB_IMPL
#define archive_read_new dg_archive_api.archive_read_new
#define archive_read_free dg_archive_api.archive_read_free
#define archive_read_open dg_archive_api.archive_read_open
#define archive_read_open_fd dg_archive_api.archive_read_open_fd
#define archive_read_next_header dg_archive_api.archive_read_next_header
#define archive_read_data dg_archive_api.archive_read_data
#define archive_read_data_block dg_archive_api.archive_read_data_block
#define archive_read_support_filter_all dg_archive_api.archive_read_support_filter_all
#define archive_read_support_format_raw dg_archive_api.archive_read_support_format_raw
#define archive_read_support_format_tar dg_archive_api.archive_read_support_format_tar
#define archive_error_string dg_archive_api.archive_error_string
#define archive_set_error dg_archive_api.archive_set_error
#define archive_entry_filetype dg_archive_api.archive_entry_filetype
#define archive_entry_gid dg_archive_api.archive_entry_gid
#define archive_entry_uid dg_archive_api.archive_entry_uid
#define archive_entry_hardlink dg_archive_api.archive_entry_hardlink
#define archive_entry_symlink dg_archive_api.archive_entry_symlink
#define archive_entry_mode dg_archive_api.archive_entry_mode
#define archive_entry_pathname dg_archive_api.archive_entry_pathname
#define archive_entry_size dg_archive_api.archive_entry_size
#endif

#endif
