/* Reading many small files, and opening many folders, with a handful of
 * system calls instead of four per file.
 *
 * Why: a lint walk reads two small files per project folder (a Dockerfile
 * and its .dockerignore) and lists the folder: twelve system calls, each
 * of which costs a microsecond or more of entry and exit on virtual
 * machines with page-table isolation, before any work. With io_uring the
 * open, read, end-of-file check and close of dozens of files go to the
 * kernel in one call. Where io_uring is missing or forbidden (old kernels,
 * Docker's default seccomp profile, kernel.io_uring_disabled, or the
 * environment variable DOCKGUARD_IO_URING=0) dg_batchio_new() returns NULL
 * and callers read as usual.
 *
 * A batch only ever holds successes: a file that failed to open or read,
 * was larger than its limit or than one read, is left for the caller's
 * ordinary read, which then reports exactly what it always did. Reading a
 * file through a batch or through dg_read_file() gives the same result. */
#ifndef DG_CORE_BATCHIO_H
#define DG_CORE_BATCHIO_H

#include <stdbool.h>
#include <stddef.h>

struct dg_error;
struct dg_batchio;

enum dg_batch_kind { DG_BATCH_FILE, DG_BATCH_DIR };

/* One file to read, or one folder to open. */
struct dg_batch_item {
    char *path;                 /* owned by the item */
    size_t max;                 /* FILE: byte limit, as dg_read_file()'s */
    enum dg_batch_kind kind;
    /* Set by dg_batchio_run(): */
    bool ok;                    /* FILE: text holds the whole file; DIR: fd is open */
    char *text;                 /* FILE: malloc'd, NUL-terminated; owned until taken */
    size_t len;
    int fd;                     /* DIR: owned by the item until dg_batch_items_free() */
};

/* Items read ahead for one piece of work; v may be NULL when n is 0. */
struct dg_readahead {
    struct dg_batch_item *v;
    size_t n;
};

/* A batch reader for the calling thread, or NULL when io_uring cannot be
 * used here (callers then read file by file). */
struct dg_batchio *dg_batchio_new(void);
/* Opens and reads the n items; each ends ok, or not ok and untouched. */
void dg_batchio_run(struct dg_batchio *io, struct dg_batch_item *v, size_t n);
/* Releases what the items still hold: texts, and folders' descriptors
 * (closed with the next batch when io is not NULL). Paths too. */
void dg_batch_items_free(struct dg_batchio *io, struct dg_batch_item *v, size_t n);
/* Finishes pending closes and releases the reader; NULL is fine. */
void dg_batchio_free(struct dg_batchio *io);

/* Reads path as dg_read_file(path, max, ...) does, taking the text from ra
 * when it holds that file (ra may be NULL; the item gives the text up).
 * Same results either way, errno included. */
int dg_readahead_file(struct dg_readahead *ra, const char *path, size_t max, char **out, size_t *len,
                      struct dg_error *err);
/* The open descriptor of folder path in ra, or -1. It stays ra's. */
int dg_readahead_dir(const struct dg_readahead *ra, const char *path);

#endif
