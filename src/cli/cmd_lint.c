/* dockguard lint: walks the given paths, classifies each file (Dockerfile,
 * compose file, script with docker run lines) and runs its source. */
#include "cli/cli.h"
#include "cli/lint_sources.h"
#include "core/dirlist.h"
#include "core/error.h"
#include "core/thread.h"

#include <pthread.h>
#include <unistd.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum file_kind { KIND_NONE = 0, KIND_DOCKERFILE, KIND_COMPOSE, KIND_COMPOSE_OVERRIDE, KIND_SCRIPT, KIND_DIR };

/* Bounds that keep a walk of a hostile tree finite. */
#define LINT_MAX_FILES 200000  /* files and folders in one run */
#define LINT_MAX_DEPTH 64
#define LINT_SCRIPT_MAX (8u << 20)
#define LINT_MAX_JOBS 64

static bool is_yaml(const char *n)
{
    return dg_str_has_suffix(n, ".yml") || dg_str_has_suffix(n, ".yaml");
}

static enum file_kind classify(const char *path)
{
    const char *n = dg_path_base(path);
    if (strcmp(n, "Dockerfile") == 0 || strcmp(n, "Containerfile") == 0 || dg_str_has_prefix(n, "Dockerfile.") ||
        dg_str_has_prefix(n, "Containerfile.") || dg_str_has_suffix(n, ".Dockerfile") ||
        dg_str_has_suffix(n, ".dockerfile") || dg_str_has_suffix(n, ".Containerfile"))
        return KIND_DOCKERFILE;
    if (is_yaml(n) && (dg_str_has_prefix(n, "docker-compose") || dg_str_has_prefix(n, "compose"))) {
        if (strstr(n, ".override.")) return KIND_COMPOSE_OVERRIDE;
        return KIND_COMPOSE;
    }
    if (dg_str_has_suffix(n, ".sh") || dg_str_has_suffix(n, ".bash") || strcmp(n, "Makefile") == 0 ||
        strcmp(n, "makefile") == 0 || strcmp(n, "GNUmakefile") == 0 || dg_str_has_suffix(n, ".mk") ||
        dg_str_has_suffix(n, ".md") || strcmp(n, "Jenkinsfile") == 0 || is_yaml(n))
        return KIND_SCRIPT;
    return KIND_NONE;
}

/* One unit of parallel work: a folder to list, or a file (or a compose
 * file and its override) to lint. Workers take units in the order they
 * were added; listing a folder adds its files and subfolders. Errors are
 * kept and printed in walk order (see walk_cmp) once every unit is done,
 * so the output does not depend on thread timing. */
struct lint_task {
    char *path, *path2;
    enum file_kind kind;
    bool must;                  /* named on the command line */
    unsigned root;              /* index of the PATH argument it comes from */
    int depth;                  /* KIND_DIR: folders below its root */
    bool wide;                  /* KIND_DIR: a named folder with several subfolders (see units_add) */
    struct dg_dirlist *list;    /* KIND_DIR: its listing, kept while Dockerfiles in it need it */
    bool top;                   /* named on the command line (a root of the walk) */
    size_t kids, nkids;         /* KIND_DIR: its units, in walk order, are tasks [kids, kids + nkids) */
    const struct dg_dirlist *dir; /* a file's folder as listed, or NULL */
    struct dg_strv errors;
    unsigned worker;            /* which worker's report holds its inputs */
    size_t in_begin, in_end;    /* its inputs in that worker's report */
    size_t f_begin, f_end;      /* its findings there (sorted: dg_report_sort_from) */
};

/* Units live in fixed blocks that never move, so workers read units while
 * others are still adding them. */
#define TASK_BLOCK 256
#define TASK_BLOCKS ((LINT_MAX_FILES + TASK_BLOCK - 1) / TASK_BLOCK)

/* A worker takes up to LINT_TAKE units at once, so that their files are
 * read in one batch (core/batchio). */
#define LINT_TAKE 16
#define LINT_TAKE_READS (LINT_TAKE * LINT_DOCKERFILE_READS)

struct lint_worker {
    struct lint_job *job;
    struct dg_report report;
    unsigned id;
    pthread_t thread;
    struct dg_batchio *io;      /* NULL: files are read one by one */
    bool io_tried;
    struct dg_batch_item items[LINT_TAKE_READS];
};

struct lint_job {
    struct dg_report *report;
    const struct dg_config *cfg;
    const char *context;
    struct lint_task *blocks[TASK_BLOCKS];
    pthread_mutex_t mu;
    pthread_cond_t more;
    /* Guarded by mu: */
    size_t ntasks, next;
    size_t open_dirs;           /* folders added but not yet listed: more units may come */
    bool heap_ready;            /* the run is big enough to map worker heaps (dg_heap_configure done) */
    bool overflow;              /* LINT_MAX_FILES reached */
    bool cancel;                /* take no more units: the run cannot report */
    long started;               /* worker threads running (the calling thread is one more) */
    /* Set before any thread starts: */
    struct lint_worker *workers;
    long max_jobs;
};

static struct lint_task *task_at(struct lint_job *j, size_t i)
{
    return &j->blocks[i / TASK_BLOCK][i % TASK_BLOCK];
}

static void report_error(struct lint_job *j, const struct dg_error *err)
{
    cli_error("lint", "%s", err->msg);
    j->report->errors++;
}

static void task_error(struct lint_task *t, struct dg_report *r, const struct dg_error *err)
{
    dg_strv_push(&t->errors, err->msg);
    r->errors++;
}

static void *worker_main(void *arg);

/* Threads cost more than they give below a few units each: a worker starts
 * for every 4 units added, up to max_jobs - 1 besides the calling thread.
 * Called with mu held. */
#define TASKS_PER_WORKER 4
#define LINT_WIDE_SUBDIRS 4
#define LINT_HEAP_STEP (4u << 20)

/* Starts one more worker when the units call for it; now: start the first
 * one even before TASKS_PER_WORKER units exist (a folder is about to be
 * walked). Returns whether one was started. */
static bool worker_start(struct lint_job *j, bool now)
{
    if (j->started >= j->max_jobs - 1) return false;
    if (j->ntasks < (size_t)(j->started + 1) * TASKS_PER_WORKER && !(now && j->started == 0)) return false;
    struct lint_worker *w = &j->workers[j->started + 1]; /* workers[0] is the calling thread */
    w->job = j;
    w->id = (unsigned)(j->started + 1);
    dg_report_init(&w->report, j->report->command);
    /* On another CPU: the walking thread goes on without blocking. */
    if (dg_thread_start(&w->thread, worker_main, w) != 0) {
        dg_report_free(&w->report);
        j->max_jobs = j->started + 1; /* no more threads: the running ones do the rest */
        return false;
    }
    j->started++;
    return true;
}

static void workers_grow(struct lint_job *j, bool now)
{
    while (worker_start(j, now)) now = false;
}

/* Adds n units, taking their paths (malloc'd) with them; any thread may
 * call it. They get consecutive indices from *first; returns how many were
 * added. A folder's entries are added in one call: one lock and one
 * wake-up for the lot, where one each let the walking thread hold the
 * lock against waiting workers. Past LINT_MAX_FILES units the run ends
 * with an error rather than a silently partial walk. */
static size_t units_add(struct lint_job *j, struct lint_task *protos, size_t n, size_t *first)
{
    *first = 0;
    if (!n) return 0;
    bool walk = false;
    pthread_mutex_lock(&j->mu);
    size_t before = j->ntasks;
    *first = before;
    for (size_t k = 0; k < n; k++) {
        size_t i = j->ntasks;
        if (i >= (size_t)TASK_BLOCKS * TASK_BLOCK) {
            j->overflow = true;
            free(protos[k].path);
            free(protos[k].path2);
            continue;
        }
        if (!j->blocks[i / TASK_BLOCK]) j->blocks[i / TASK_BLOCK] = dg_xmalloc(TASK_BLOCK * sizeof(struct lint_task));
        *task_at(j, i) = protos[k];
        if (protos[k].kind == KIND_DIR) {
            j->open_dirs++;
            walk |= protos[k].wide;
        }
        j->ntasks = i + 1;
    }
    pthread_cond_broadcast(&j->more);
    /* A run of more than a few files gets a pre-mapped heap (see
     * dg_heap_configure); a single file does not pay for mapping it. The
     * heap is configured before any worker maps its arena; each thread
     * maps its own when it next takes units (worker_main). */
    if (before < TASKS_PER_WORKER && j->ntasks >= TASKS_PER_WORKER) {
        dg_heap_configure(LINT_HEAP_STEP);
        j->heap_ready = true;
    }
    /* A folder named on the command line that holds several subfolders is
     * a tree to walk: the first worker starts now, so that it is running by
     * the time the listing yields units, rather than one listing later. A
     * single project's folder does not pay for a thread it may not need. */
    workers_grow(j, walk);
    size_t added = j->ntasks - before;
    pthread_mutex_unlock(&j->mu);
    return added;
}

/* Adds a unit named on the command line (a copy of proto, with its own
 * copies of the paths). */
static void unit_add(struct lint_job *j, struct lint_task proto)
{
    proto.path = dg_xstrdup(proto.path);
    proto.path2 = proto.path2 ? dg_xstrdup(proto.path2) : NULL;
    proto.top = true;
    size_t first;
    units_add(j, &proto, 1, &first);
}

static void file_add(struct lint_job *j, const char *path, const char *path2, enum file_kind kind, unsigned root,
                     bool must, const struct dg_dirlist *dir)
{
    unit_add(j, (struct lint_task){.path = (char *)path, .path2 = (char *)path2, .kind = kind, .root = root,
                                   .must = must, .dir = dir});
}

static void dir_add(struct lint_job *j, const char *path, unsigned root, int depth, bool wide)
{
    unit_add(j, (struct lint_task){.path = (char *)path, .kind = KIND_DIR, .root = root, .depth = depth, .wide = wide});
}

/* A folder's units, gathered while its listing is read. */
struct unit_batch {
    struct lint_task *v;
    size_t n, cap;
};

static void batch_push(struct unit_batch *b, struct lint_task proto)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->v = dg_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = proto;
}

/* "examples/" + "x" is "examples/x", not "examples//x". */
static const char *dir_sep(const char *dir)
{
    size_t n = strlen(dir);
    return n && dir[n - 1] == '/' ? "" : "/";
}

/* Compose projects in a folder: compose.yaml + compose.override.yaml (and the
 * docker-compose.* spellings) are merged as `docker compose` does. The pair
 * becomes one unit, which takes the base file's place in the folder's
 * units; its two names are returned in done[]. */
static void lint_compose_group(struct lint_task *pair, const struct lint_task *d, const struct dg_dirlist *l,
                               const struct dg_dirent *done[2])
{
    static const char *const bases[] = {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"};
    static const char *const overrides[] = {"compose.override.yaml", "compose.override.yml",
                                            "docker-compose.override.yaml", "docker-compose.override.yml"};
    for (size_t b = 0; b < 4; b++) {
        const struct dg_dirent *be = dg_dirlist_find(l, bases[b]);
        if (!be || be->type != DG_FT_REG) continue;
        for (size_t o = 0; o < 4; o++) {
            const struct dg_dirent *oe = dg_dirlist_find(l, overrides[o]);
            if (!oe || oe->type != DG_FT_REG) continue;
            char *p1 = dg_xconcat(d->path, dir_sep(d->path), bases[b]);
            char *p2 = dg_xconcat(d->path, dir_sep(d->path), overrides[o]);
            *pair = (struct lint_task){.path = p1, .path2 = p2, .kind = KIND_COMPOSE, .root = d->root};
            done[0] = be;
            done[1] = oe;
            return;
        }
    }
}

static bool walk_skipped(const char *n)
{
    return strcmp(n, ".git") == 0 || strcmp(n, "node_modules") == 0;
}

/* Lists one folder: its subfolders and the files we lint become units.
 * Symbolic links are never followed (they may loop or leave the tree). */
static void dir_run(struct lint_job *j, struct dg_report *r, struct lint_task *d, struct dg_readahead *ra)
{
    struct dg_error err = {0};
    if (d->depth > LINT_MAX_DEPTH) {
        dg_error_set(&err, DG_ERR_LIMIT, "%s: folders nested deeper than %d levels", d->path, LINT_MAX_DEPTH);
        task_error(d, r, &err);
        return;
    }
    struct dg_dirlist *l = dg_xmalloc(sizeof *l);
    int fd = dg_readahead_dir(ra, d->path);
    int lrc = fd >= 0 ? dg_dir_list_fd(fd, d->path, LINT_MAX_FILES, l, &err) : dg_dir_list(d->path, LINT_MAX_FILES, l, &err);
    if (lrc != 0) {
        task_error(d, r, &err);
        free(l);
        return;
    }
    if (l->truncated) {
        dg_error_set(&err, DG_ERR_LIMIT, "%s: more than %d entries; the rest is not linted", d->path, LINT_MAX_FILES);
        task_error(d, r, &err);
    }
    /* Dockerfiles read the listing (ignore files, build context) until the
     * run ends, so it is published before their units. */
    d->list = l;
    const struct dg_dirent *done[2] = {NULL, NULL};
    struct unit_batch batch = {0};
    struct lint_task pair = {0};
    lint_compose_group(&pair, d, l, done);
    bool kept = false;
    /* Units are added in walk order: entries by name (see walk_order). */
    for (size_t i = 0; i < l->n; i++) {
        const struct dg_dirent *e = &l->v[i];
        if (e == done[0]) batch_push(&batch, pair);
        if (e == done[0] || e == done[1]) continue;
        if (e->type == DG_FT_DIR) {
            if (walk_skipped(e->name)) continue;
            char *p = dg_xconcat(d->path, dir_sep(d->path), e->name);
            batch_push(&batch, (struct lint_task){.path = p, .kind = KIND_DIR, .root = d->root, .depth = d->depth + 1});
        } else if (e->type == DG_FT_REG) {
            enum file_kind k = classify(e->name);
            if (k == KIND_NONE) continue;
            char *p = dg_xconcat(d->path, dir_sep(d->path), e->name);
            batch_push(&batch, (struct lint_task){.path = p, .kind = k, .root = d->root,
                                                  .dir = k == KIND_DOCKERFILE ? l : NULL});
            kept |= k == KIND_DOCKERFILE;
        }
    }
    d->nkids = units_add(j, batch.v, batch.n, &d->kids);
    free(batch.v);
    if (!kept) {
        d->list = NULL;
        dg_dirlist_free(l);
        free(l);
    }
}

static void lint_one_script(struct lint_job *j, struct dg_report *r, struct lint_task *t, struct dg_readahead *ra)
{
    /* Scripts are only linted when they contain a run line; reading first
     * avoids parsing every YAML/Markdown file of a repository. */
    char *text = NULL;
    size_t len = 0;
    struct dg_error err = {0};
    if (dg_readahead_file(ra, t->path, LINT_SCRIPT_MAX, &text, &len, &err) != 0) {
        task_error(t, r, &err);
        return;
    }
    int wanted = lint_script_wanted(text, len);
    free(text);
    if (!wanted) {
        if (t->must) dg_strv_push(&r->inputs, t->path);
        return;
    }
    if (lint_script(t->path, r, j->cfg, &err) != 0) task_error(t, r, &err);
}

static void task_run(struct lint_job *j, struct dg_report *r, struct lint_task *t, struct dg_readahead *ra)
{
    struct dg_error err = {0};
    if (t->path2) {
        /* A compose file and its override, merged as docker compose does. */
        const char *paths[2] = {t->path, t->path2};
        if (lint_compose(paths, 2, r, j->cfg, &err) != 0) task_error(t, r, &err);
        return;
    }
    switch (t->kind) {
    case KIND_DIR:
        dir_run(j, r, t, ra);
        break;
    case KIND_DOCKERFILE: {
        /* The walk's listing stands for the build context only when the
         * context is the Dockerfile's own folder. */
        const struct dg_dirlist *dir = j->context ? NULL : t->dir;
        if (lint_dockerfile(t->path, j->context, dir, ra, r, j->cfg, &err) != 0) task_error(t, r, &err);
        break;
    }
    case KIND_COMPOSE:
    case KIND_COMPOSE_OVERRIDE: {
        const char *one[1] = {t->path};
        if (lint_compose(one, 1, r, j->cfg, &err) != 0) task_error(t, r, &err);
        break;
    }
    case KIND_SCRIPT:
        lint_one_script(j, r, t, ra);
        break;
    case KIND_NONE:
        if (t->must) lint_one_script(j, r, t, ra);
        break;
    }
}

/* Takes the next units, up to LINT_TAKE of them but no more than a fair
 * share of what is queued, waiting while a folder being listed may still
 * add some; returns the first one's index and *count, or SIZE_MAX when
 * there is nothing left to do. *heap_ready tells whether the run has
 * turned out big enough to map the worker's heap. */
static size_t tasks_take(struct lint_job *j, size_t *count, bool *heap_ready)
{
    pthread_mutex_lock(&j->mu);
    while (j->next >= j->ntasks && j->open_dirs > 0 && !j->cancel) pthread_cond_wait(&j->more, &j->mu);
    size_t i = SIZE_MAX;
    if (j->next < j->ntasks && !j->cancel) {
        size_t share = (j->ntasks - j->next) / (2 * (size_t)(j->started + 1));
        *count = share < 1 ? 1 : share > LINT_TAKE ? LINT_TAKE : share;
        i = j->next;
        j->next += *count;
    }
    *heap_ready = j->heap_ready;
    pthread_mutex_unlock(&j->mu);
    return i;
}

/* The files a unit reads, as batch items; how many (see LINT_TAKE_READS).
 * Only units found by the walk: their folder's listing says what is there. */
static size_t task_plan(const struct lint_job *j, const struct lint_task *t, struct dg_batch_item *out)
{
    switch (t->kind) {
    case KIND_DIR:
        if (t->depth > LINT_MAX_DEPTH) return 0;
        out[0] = (struct dg_batch_item){.path = dg_xstrdup(t->path), .kind = DG_BATCH_DIR};
        return 1;
    case KIND_DOCKERFILE:
        return t->dir && !t->path2 ? lint_dockerfile_plan(t->path, j->context, j->context ? NULL : t->dir, out) : 0;
    case KIND_SCRIPT:
        /* Read to look for run lines (lint_one_script); most have none. */
        if (t->must) return 0;
        out[0] = (struct dg_batch_item){.path = dg_xstrdup(t->path), .max = LINT_SCRIPT_MAX, .kind = DG_BATCH_FILE};
        return 1;
    default:
        return 0;
    }
}

static void *worker_main(void *arg)
{
    struct lint_worker *w = arg;
    struct lint_job *j = w->job;
    bool mapped = false;
    for (;;) {
        bool heap_ready;
        size_t count, first = tasks_take(j, &count, &heap_ready);
        if (first == SIZE_MAX) break;
        if (heap_ready && !mapped) {
            /* Only a thread's own malloc reaches its heap: the calling
             * thread's is the main heap, the others' are thread arenas.
             * (Mapped by whichever thread added the units, the main heap
             * stayed unmapped whenever a worker listed the tree.) */
            if (w->id == 0) dg_heap_populate();
            else dg_heap_prepare_thread();
            mapped = true;
        }
        /* A ring costs a few system calls to set up: only for runs big
         * enough to need a heap. */
        if (heap_ready && !w->io_tried) {
            w->io = dg_batchio_new();
            w->io_tried = true;
        }
        size_t nitems = 0, begin[LINT_TAKE + 1];
        for (size_t k = 0; k < count; k++) {
            begin[k] = nitems;
            if (w->io) nitems += task_plan(j, task_at(j, first + k), w->items + nitems);
        }
        begin[count] = nitems;
        if (nitems) dg_batchio_run(w->io, w->items, nitems);
        for (size_t k = 0; k < count; k++) {
            struct lint_task *t = task_at(j, first + k);
            struct dg_readahead ra = {w->items + begin[k], begin[k + 1] - begin[k]};
            t->worker = w->id;
            t->in_begin = w->report.inputs.n;
            t->f_begin = w->report.n;
            task_run(j, &w->report, t, &ra);
            dg_report_sort_from(&w->report, t->f_begin);
            t->in_end = w->report.inputs.n;
            t->f_end = w->report.n;
            if (t->kind == KIND_DIR) {
                /* The folder's units are all added: waiters can tell
                 * whether the walk is over. */
                pthread_mutex_lock(&j->mu);
                if (--j->open_dirs == 0) pthread_cond_broadcast(&j->more);
                pthread_mutex_unlock(&j->mu);
            }
        }
        dg_batch_items_free(w->io, w->items, nitems);
    }
    dg_batchio_free(w->io);
    w->io = NULL;
    return NULL;
}

static void tasks_init(struct lint_job *j, long jobs)
{
    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? n : 1;
    }
    if (jobs > LINT_MAX_JOBS) jobs = LINT_MAX_JOBS;
    j->max_jobs = jobs;
    j->workers = dg_xcalloc((size_t)jobs, sizeof *j->workers);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->more, NULL);
}

/* Walk order: by PATH argument, then depth first with the entries of each
 * folder in name order, a folder before what it holds. Comparing paths
 * with '/' below every other byte gives exactly that order. */
static int walk_cmp(const void *a, const void *b)
{
    const struct lint_task *x = *(const struct lint_task *const *)a, *y = *(const struct lint_task *const *)b;
    if (x->root != y->root) return x->root < y->root ? -1 : 1;
    const unsigned char *p = (const unsigned char *)x->path, *q = (const unsigned char *)y->path;
    while (*p && *p == *q) p++, q++;
    int cp = *p == '/' ? 1 : *p, cq = *q == '/' ? 1 : *q;
    return cp - cq;
}

/* Puts every unit in walk order. Each folder added its units in name order
 * in one run of indices, so walk order is a depth-first visit of the
 * command line's units, in the order they were named: linear, where
 * sorting the paths (walk_cmp) compared long shared prefixes n log n
 * times, after every worker was done. The sort stays as the reference if
 * the visit does not reach every unit. */
static void walk_order(struct lint_job *j, struct lint_task **order)
{
    size_t n = 0;
    struct visit { size_t task, next; } stack[LINT_MAX_DEPTH + 2];
    for (size_t r = 0; r < j->ntasks; r++) {
        if (!task_at(j, r)->top || n >= j->ntasks) continue;
        int sp = 0;
        stack[0] = (struct visit){r, 0};
        order[n++] = task_at(j, r);
        while (sp >= 0) {
            struct lint_task *t = task_at(j, stack[sp].task);
            if (stack[sp].next >= t->nkids || n >= j->ntasks) {
                sp--;
                continue;
            }
            size_t k = t->kids + stack[sp].next++;
            order[n++] = task_at(j, k);
            if (task_at(j, k)->nkids && sp + 1 < (int)(sizeof stack / sizeof stack[0]))
                stack[++sp] = (struct visit){k, 0};
        }
    }
    if (n == j->ntasks) return;
    for (size_t i = 0; i < j->ntasks; i++) order[i] = task_at(j, i);
    qsort(order, j->ntasks, sizeof *order, walk_cmp);
}

/* Runs every unit, the calling thread working too, then joins the worker
 * reports into the job's (inputs in walk order) and prints errors in walk
 * order. Findings are sorted by the reporters, so their order is already
 * independent of scheduling. */
static void tasks_run(struct lint_job *j)
{
    struct lint_worker *w = j->workers;
    w[0].job = j;
    w[0].id = 0;
    dg_report_init(&w[0].report, j->report->command);
    worker_main(&w[0]);
    for (long i = 1; i <= j->started; i++) pthread_join(w[i].thread, NULL);
    struct lint_task **order = dg_xmalloc((j->ntasks ? j->ntasks : 1) * sizeof *order);
    walk_order(j, order);
    /* Findings, like inputs, are put in walk order, unit by unit (each
     * unit's are sorted): walk order is the reporters' file order but for
     * names with bytes below '/', so the final sort finds them sorted, or
     * nearly, and costs a scan. All go to worker 0's report; the others
     * keep only their texts' arenas, which the merge below moves too. */
    size_t total = 0;
    for (long i = 0; i <= j->started; i++) total += w[i].report.n;
    struct dg_finding *all = dg_xmalloc((total ? total : 1) * sizeof *all);
    size_t nall = 0;
    for (size_t i = 0; i < j->ntasks; i++) {
        const struct lint_task *t = order[i];
        for (size_t k = t->in_begin; k < t->in_end; k++)
            dg_strv_push_owned(&j->report->inputs, w[t->worker].report.inputs.v[k]);
        size_t nf = t->f_end - t->f_begin;
        if (nf) memcpy(all + nall, w[t->worker].report.findings + t->f_begin, nf * sizeof *all);
        nall += nf;
    }
    for (long i = 0; i <= j->started; i++) {
        free(w[i].report.findings);
        w[i].report.findings = NULL;
        w[i].report.n = w[i].report.cap = 0;
    }
    w[0].report.findings = all;
    w[0].report.n = nall;
    w[0].report.cap = total ? total : 1;
    for (long i = 0; i <= j->started; i++) {
        /* Its inputs moved above, in walk order; only the array is left. */
        w[i].report.inputs.n = 0;
        dg_strv_free(&w[i].report.inputs);
        dg_report_merge(j->report, &w[i].report);
        dg_report_free(&w[i].report);
    }
    for (size_t i = 0; i < j->ntasks; i++)
        for (size_t k = 0; k < order[i]->errors.n; k++) cli_error("lint", "%s", order[i]->errors.v[k]);
    free(order);
    if (j->overflow) {
        struct dg_error err;
        dg_error_set(&err, DG_ERR_LIMIT, "more than %d files and folders; the rest is not linted", LINT_MAX_FILES);
        report_error(j, &err);
    }
}

static void tasks_free(struct lint_job *j)
{
    for (size_t i = 0; i < j->ntasks; i++) {
        struct lint_task *t = task_at(j, i);
        free(t->path);
        free(t->path2);
        dg_strv_free(&t->errors);
        if (t->list) {
            dg_dirlist_free(t->list);
            free(t->list);
        }
    }
    for (size_t b = 0; b < TASK_BLOCKS; b++) free(j->blocks[b]);
    free(j->workers);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->more);
}

int cmd_lint(int argc, char **argv)
{
    struct cli_common c = {0};
    const char *context = NULL;
    long jobs = 0;
    struct dg_strv compose_files = {0};
    const struct cli_option opts[] = {
        CLI_COMMON_OPTIONS(&c),
        {"context", 0, CLI_STRING, &context, "DIR", "build context folder for the Dockerfiles given (default: their folder)"},
        {"compose-file", 0, CLI_LIST, &compose_files, "FILE",
         "compose files merged in order as one project (like docker compose -f); repeatable"},
        {"jobs", 'j', CLI_INT, &jobs, "N", "lint on N threads (default: one per CPU; 1 = no threads)"},
        {NULL, 0, 0, NULL, NULL, NULL},
    };
    struct dg_strv paths = {0};
    struct dg_error err = {0};
    int rc = DG_EXIT_ERROR;
    struct dg_config cfg;
    struct dg_report report;
    dg_config_init(&cfg);
    dg_report_init(&report, "lint");
    if (cli_parse(opts, argc, argv, &paths, &err) != 0) {
        cli_error("lint", "%s", err.msg);
        goto out;
    }
    if (c.help) {
        cli_print_help(stdout, "dockguard lint [options] [PATH...]",
                       "Lints Dockerfiles (with their .dockerignore and build context), compose files, and\n"
                       "docker run / docker create / podman run lines in scripts, Makefiles, CI files and\n"
                       "Markdown. A folder is walked; with no PATH the current folder is linted.",
                       opts);
        rc = DG_EXIT_OK;
        goto out;
    }
    const char *start = paths.n ? paths.v[0] : ".";
    char *start_dir = NULL;
    struct stat st;
    if (stat(start, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *tmp = dg_xstrdup(start);
        start_dir = dg_xstrdup(dirname(tmp));
        free(tmp);
    } else {
        start_dir = dg_xstrdup(start);
    }
    int lrc = cli_load_config(&c, start_dir, &cfg, &err);
    free(start_dir);
    if (lrc != 0) {
        cli_error("lint", "%s", err.msg);
        goto out;
    }
    struct lint_job job = {.report = &report, .cfg = &cfg, .context = context};
    tasks_init(&job, jobs);
    if (compose_files.n) {
        if (lint_compose((const char *const *)compose_files.v, compose_files.n, &report, &cfg, &err) != 0)
            report_error(&job, &err);
    }
    if (paths.n == 0 && compose_files.n == 0) dg_strv_push(&paths, ".");
    for (size_t i = 0; i < paths.n; i++) {
        const char *p = paths.v[i];
        if (stat(p, &st) != 0) {
            cli_error("lint", "%s: %s", p, strerror(errno));
            report.errors++;
            continue;
        }
        /* A folder's link count is 2 + its subfolders on most file systems
         * (1 on some, which then just start workers as units come). */
        if (S_ISDIR(st.st_mode)) dir_add(&job, p, (unsigned)i, 0, st.st_nlink >= 2 + LINT_WIDE_SUBDIRS);
        else file_add(&job, p, NULL, classify(p), (unsigned)i, true, NULL);
    }
    /* While a first worker lists a tree, this thread has nothing to take:
     * the output is opened (and an old report emptied) meanwhile. */
    bool opened = cli_open_output(&c, &err) == 0;
    if (!opened) {
        pthread_mutex_lock(&job.mu);
        job.cancel = true;
        pthread_cond_broadcast(&job.more);
        pthread_mutex_unlock(&job.mu);
    }
    tasks_run(&job);
    tasks_free(&job);
    if (!opened) {
        cli_error("lint", "%s", err.msg);
        goto out;
    }
    rc = cli_finish(&c, &report, &cfg, NULL);
out:
    dg_strv_free(&paths);
    dg_strv_free(&compose_files);
    cli_common_free(&c);
    dg_report_free(&report);
    dg_config_free(&cfg);
    return rc;
}
