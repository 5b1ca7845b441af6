/* Batched opens and reads through io_uring (see batchio.h).
 *
 * A file is four linked operations on a registered file slot: open, read
 * up to BATCH_READ bytes, read one more byte (which must find the end of
 * the file), close. The reads are hard links: a short read counts as a
 * failure for io_uring's links, yet it is the normal case here. If the
 * open fails, the rest of its chain is cancelled and the slot stays empty.
 * Files are opened O_NONBLOCK so that a file swapped for a FIFO between
 * the listing and the open can never block a kernel worker for good. */
#include "core/batchio.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH_SLOTS 32      /* files in flight at once (registered slots) */
#define BATCH_ENTRIES 256   /* submission queue; the completion queue is twice that */
#define BATCH_READ 16384    /* bytes read at once; longer files are read the usual way */
#define FILE_OPS 4

enum op { OP_OPEN, OP_READ, OP_EOF, OP_CLOSE, OP_DIR, OP_DROP };

struct dg_batchio {
    struct io_uring ring;
    size_t pending;             /* operations queued or submitted and not yet reaped */
    bool broken;                /* the ring failed: operations may still be in flight */
    struct dg_batch_item *cur;  /* the items of the run in progress */
    char *scratch;              /* BATCH_SLOTS buffers of BATCH_READ bytes */
    char probe[BATCH_SLOTS];    /* targets of the end-of-file reads */
    int r_open[BATCH_SLOTS], r_read[BATCH_SLOTS], r_eof[BATCH_SLOTS];
};

static uint64_t tag(size_t index, enum op op)
{
    return ((uint64_t)index << 3) | (uint64_t)op;
}

/* Room for need more entries in the submission queue: a chain of links
 * must go to the kernel in one submission, or it would be cut. NULL when
 * the queue stays full. */
static struct io_uring_sqe *sqe_get(struct dg_batchio *io, unsigned need)
{
    if (io_uring_sq_space_left(&io->ring) < need) (void)io_uring_submit(&io->ring);
    if (io_uring_sq_space_left(&io->ring) < need) return NULL;
    io->pending += need;
    return io_uring_get_sqe(&io->ring);
}

static void complete(struct dg_batchio *io, const struct io_uring_cqe *c)
{
    size_t index = (size_t)(c->user_data >> 3);
    switch ((enum op)(c->user_data & 7)) {
    case OP_OPEN: io->r_open[index] = c->res; break;
    case OP_READ: io->r_read[index] = c->res; break;
    case OP_EOF: io->r_eof[index] = c->res; break;
    case OP_DIR:
        io->cur[index].fd = c->res >= 0 ? c->res : -1;
        io->cur[index].ok = c->res >= 0;
        break;
    case OP_CLOSE:
    case OP_DROP: break;
    }
}

/* Submits what is queued and reaps every pending completion. A ring that
 * fails here is given up: its buffers may still be written by the kernel,
 * so they are never freed (see dg_batchio_free). */
static void settle(struct dg_batchio *io)
{
    if (!io->pending) return;
    /* Never wait for more than the completion queue holds at once. */
    unsigned want = io->pending < BATCH_ENTRIES ? (unsigned)io->pending : BATCH_ENTRIES;
    int rc = io_uring_submit_and_wait(&io->ring, want);
    if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY) {
        io->broken = true;
        return;
    }
    while (io->pending) {
        struct io_uring_cqe *c;
        rc = io_uring_peek_cqe(&io->ring, &c);
        if (rc == -EAGAIN) rc = io_uring_wait_cqe(&io->ring, &c);
        if (rc == -EINTR || rc == -EAGAIN) continue;
        if (rc < 0) {
            io->broken = true;
            return;
        }
        complete(io, c);
        io_uring_cqe_seen(&io->ring, c);
        io->pending--;
    }
}

struct dg_batchio *dg_batchio_new(void)
{
    const char *off = getenv("DOCKGUARD_IO_URING");
    if (off && strcmp(off, "0") == 0) return NULL;
    struct dg_batchio *io = dg_xcalloc(1, sizeof *io);
    /* The newer flags spare interrupts and task-work runs (one thread
     * submits and waits); kernels that lack them get a plain ring. */
    struct io_uring_params p = {.flags = IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN |
                                         IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN};
    if (io_uring_queue_init_params(BATCH_ENTRIES, &io->ring, &p) < 0) {
        memset(&p, 0, sizeof p);
        if (io_uring_queue_init_params(BATCH_ENTRIES, &io->ring, &p) < 0) {
            free(io);
            return NULL;
        }
    }
    /* Reads at the file position (offset -1) appeared in Linux 5.6, as
     * did opening; registered slots filled by open in 5.15. */
    bool usable = (p.features & IORING_FEAT_RW_CUR_POS) != 0;
    struct io_uring_probe *probe = usable ? io_uring_get_probe_ring(&io->ring) : NULL;
    usable = probe && io_uring_opcode_supported(probe, IORING_OP_OPENAT) &&
             io_uring_opcode_supported(probe, IORING_OP_READ) && io_uring_opcode_supported(probe, IORING_OP_CLOSE);
    if (probe) io_uring_free_probe(probe);
    if (usable) usable = io_uring_register_files_sparse(&io->ring, BATCH_SLOTS) == 0;
    if (!usable) {
        io_uring_queue_exit(&io->ring);
        free(io);
        return NULL;
    }
    io->scratch = dg_xmalloc((size_t)BATCH_SLOTS * BATCH_READ);
    return io;
}

static bool prep_file(struct dg_batchio *io, const struct dg_batch_item *it, unsigned slot)
{
    size_t cap = it->max < BATCH_READ ? it->max : BATCH_READ;
    struct io_uring_sqe *s = sqe_get(io, FILE_OPS);
    if (!s) return false;
    io->r_open[slot] = io->r_read[slot] = io->r_eof[slot] = -ECANCELED;
    /* O_CLOEXEC is refused for registered slots: they are not descriptors. */
    io_uring_prep_openat_direct(s, AT_FDCWD, it->path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0, slot);
    s->flags |= IOSQE_IO_LINK;
    io_uring_sqe_set_data64(s, tag(slot, OP_OPEN));
    s = io_uring_get_sqe(&io->ring);
    io_uring_prep_read(s, (int)slot, io->scratch + (size_t)slot * BATCH_READ, (unsigned)cap, (uint64_t)-1);
    s->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    io_uring_sqe_set_data64(s, tag(slot, OP_READ));
    s = io_uring_get_sqe(&io->ring);
    io_uring_prep_read(s, (int)slot, &io->probe[slot], 1, (uint64_t)-1);
    s->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    io_uring_sqe_set_data64(s, tag(slot, OP_EOF));
    s = io_uring_get_sqe(&io->ring);
    io_uring_prep_close_direct(s, slot);
    io_uring_sqe_set_data64(s, tag(slot, OP_CLOSE));
    return true;
}

/* The whole file was read: opened, a read of at most its limit, then a
 * read that found the end. Anything else is left to the ordinary read. */
static void finish_file(struct dg_batchio *io, struct dg_batch_item *it, unsigned slot)
{
    size_t cap = it->max < BATCH_READ ? it->max : BATCH_READ;
    if (io->r_open[slot] < 0 || io->r_read[slot] < 0 || (size_t)io->r_read[slot] > cap || io->r_eof[slot] != 0)
        return;
    it->len = (size_t)io->r_read[slot];
    it->text = dg_xmalloc(it->len + 1);
    memcpy(it->text, io->scratch + (size_t)slot * BATCH_READ, it->len);
    it->text[it->len] = '\0';
    it->ok = true;
}

void dg_batchio_run(struct dg_batchio *io, struct dg_batch_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i].ok = false;
        v[i].text = NULL;
        v[i].len = 0;
        v[i].fd = -1;
    }
    if (!io || io->broken) return;
    io->cur = v;
    size_t i = 0;
    while (i < n && !io->broken) {
        /* One round: up to BATCH_SLOTS files and folders to fill the
         * queue, in one submission when nothing was left queued. Files
         * take slots in item order, which finish_file follows. */
        size_t first = i;
        unsigned slots = 0, used = 0;
        for (; i < n; i++) {
            struct dg_batch_item *it = &v[i];
            if (it->kind == DG_BATCH_FILE) {
                if (it->max == 0) continue; /* nothing to gain; the ordinary read decides */
                if (slots == BATCH_SLOTS || used + FILE_OPS > BATCH_ENTRIES || !prep_file(io, it, slots)) break;
                slots++;
                used += FILE_OPS;
            } else {
                struct io_uring_sqe *s = used + 1 > BATCH_ENTRIES ? NULL : sqe_get(io, 1);
                if (!s) break;
                io_uring_prep_openat(s, AT_FDCWD, it->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY, 0);
                io_uring_sqe_set_data64(s, tag(i, OP_DIR));
                used++;
            }
        }
        if (i == first) {
            /* Not even one item fits an empty queue: give up on the ring
             * rather than loop. */
            if (!io->pending) io->broken = true;
        }
        settle(io);
        if (io->broken) break;
        unsigned slot = 0;
        for (size_t k = first; k < i; k++)
            if (v[k].kind == DG_BATCH_FILE && v[k].max != 0) finish_file(io, &v[k], slot++);
    }
    io->cur = NULL;
    if (io->broken) {
        /* Folders the kernel opened before it failed are closed here. */
        for (size_t k = 0; k < n; k++)
            if (v[k].kind == DG_BATCH_DIR && v[k].ok) {
                close(v[k].fd);
                v[k].fd = -1;
                v[k].ok = false;
            }
    }
}

void dg_batch_items_free(struct dg_batchio *io, struct dg_batch_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct dg_batch_item *it = &v[i];
        if (it->kind == DG_BATCH_DIR && it->ok && it->fd >= 0) {
            /* Closed along with the next batch: one system call fewer. */
            struct io_uring_sqe *s = io && !io->broken ? sqe_get(io, 1) : NULL;
            if (s) {
                io_uring_prep_close(s, it->fd);
                io_uring_sqe_set_data64(s, tag(0, OP_DROP));
            } else {
                close(it->fd);
            }
        }
        free(it->path);
        free(it->text);
        memset(it, 0, sizeof *it);
        it->fd = -1;
    }
}

void dg_batchio_free(struct dg_batchio *io)
{
    if (!io) return;
    if (!io->broken) settle(io);
    io_uring_queue_exit(&io->ring);
    /* A broken ring's buffers are left allocated: the kernel might still
     * complete a read into them. */
    if (!io->broken) {
        free(io->scratch);
        free(io);
    }
}

int dg_readahead_file(struct dg_readahead *ra, const char *path, size_t max, char **out, size_t *len,
                      struct dg_error *err)
{
    for (size_t i = 0; ra && i < ra->n; i++) {
        struct dg_batch_item *it = &ra->v[i];
        if (it->kind != DG_BATCH_FILE || !it->ok || it->max != max || strcmp(it->path, path) != 0) continue;
        *out = it->text;
        if (len) *len = it->len;
        it->text = NULL;
        it->ok = false;
        return 0;
    }
    return dg_read_file(path, max, out, len, err);
}

int dg_readahead_dir(const struct dg_readahead *ra, const char *path)
{
    for (size_t i = 0; ra && i < ra->n; i++) {
        const struct dg_batch_item *it = &ra->v[i];
        if (it->kind == DG_BATCH_DIR && it->ok && strcmp(it->path, path) == 0) return it->fd;
    }
    return -1;
}
