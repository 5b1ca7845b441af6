/* dockguard lint: walks the given paths, classifies each file (Dockerfile,
 * compose file, script with docker run lines) and runs its source. */
#include "cli/cli.h"
#include "cli/lint_sources.h"
#include "core/dirlist.h"
#include "core/error.h"

#include <dirent.h>
#include <pthread.h>
#include <unistd.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum file_kind { KIND_NONE = 0, KIND_DOCKERFILE, KIND_COMPOSE, KIND_COMPOSE_OVERRIDE, KIND_SCRIPT };

/* Bounds that keep a walk of a hostile tree finite. */
#define LINT_MAX_FILES 200000
#define LINT_MAX_DEPTH 64
#define LINT_SCRIPT_MAX (8u << 20)
#define LINT_MAX_JOBS 64

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool is_yaml(const char *n)
{
    return dg_str_has_suffix(n, ".yml") || dg_str_has_suffix(n, ".yaml");
}

static enum file_kind classify(const char *path)
{
    const char *n = base_name(path);
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

/* One unit of parallel work: a file (or a compose file and its override)
 * found by the walk. Errors are kept and printed in walk order once every
 * task is done, so the output does not depend on thread timing. */
struct lint_task {
    char *path, *path2;
    enum file_kind kind;
    bool must;
    const struct dg_dirlist *dir; /* the file's folder as the walk listed it, or NULL */
    struct dg_strv errors;
    unsigned worker;            /* which worker's report holds its inputs */
    size_t in_begin, in_end;
};

/* Tasks live in fixed blocks that never move, so workers read tasks while
 * the walk is still adding them. */
#define TASK_BLOCK 256
#define TASK_BLOCKS ((LINT_MAX_FILES + TASK_BLOCK - 1) / TASK_BLOCK)

struct lint_worker;

struct lint_job {
    struct dg_report *report;
    const struct dg_config *cfg;
    const char *context;
    struct lint_task *blocks[TASK_BLOCKS];
    size_t ntasks;              /* guarded by mu while workers run */
    size_t next;                /* next task to take; guarded by mu */
    bool walk_done;             /* guarded by mu */
    pthread_mutex_t mu;
    pthread_cond_t more;
    /* Folders listed by the walk that files' tasks point into; freed last. */
    struct dg_dirlist **dirs;
    size_t ndirs, capdirs;
    /* Threads: started while the walk runs, once there is work for them. */
    struct lint_worker *workers;
    long max_jobs, started;
};

struct lint_worker {
    struct lint_job *job;
    struct dg_report report;
    unsigned id;
    pthread_t thread;
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

static void lint_one_script(struct lint_job *j, struct dg_report *r, struct lint_task *t)
{
    /* Scripts are only linted when they contain a run line; reading first
     * avoids parsing every YAML/Markdown file of a repository. */
    char *text = NULL;
    size_t len = 0;
    struct dg_error err = {0};
    if (dg_read_file(t->path, LINT_SCRIPT_MAX, &text, &len, &err) != 0) {
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

static void task_run(struct lint_job *j, struct dg_report *r, struct lint_task *t)
{
    struct dg_error err = {0};
    if (t->path2) {
        /* A compose file and its override, merged as docker compose does. */
        const char *paths[2] = {t->path, t->path2};
        if (lint_compose(paths, 2, r, j->cfg, &err) != 0) task_error(t, r, &err);
        return;
    }
    switch (t->kind) {
    case KIND_DOCKERFILE: {
        /* The walk's listing stands for the build context only when the
         * context is the Dockerfile's own folder. */
        const struct dg_dirlist *dir = j->context ? NULL : t->dir;
        if (lint_dockerfile(t->path, j->context, dir, r, j->cfg, &err) != 0) task_error(t, r, &err);
        break;
    }
    case KIND_COMPOSE:
    case KIND_COMPOSE_OVERRIDE: {
        const char *one[1] = {t->path};
        if (lint_compose(one, 1, r, j->cfg, &err) != 0) task_error(t, r, &err);
        break;
    }
    case KIND_SCRIPT:
        lint_one_script(j, r, t);
        break;
    case KIND_NONE:
        if (t->must) lint_one_script(j, r, t);
        break;
    }
}

/* Takes the next task, waiting while the walk may still add one; SIZE_MAX
 * when every task is taken and the walk is over. */
static size_t task_take(struct lint_job *j)
{
    pthread_mutex_lock(&j->mu);
    while (j->next >= j->ntasks && !j->walk_done) pthread_cond_wait(&j->more, &j->mu);
    size_t i = j->next < j->ntasks ? j->next++ : SIZE_MAX;
    pthread_mutex_unlock(&j->mu);
    return i;
}

static void *worker_main(void *arg)
{
    struct lint_worker *w = arg;
    struct lint_job *j = w->job;
    for (;;) {
        size_t i = task_take(j);
        if (i == SIZE_MAX) break;
        struct lint_task *t = task_at(j, i);
        t->worker = w->id;
        t->in_begin = w->report.inputs.n;
        task_run(j, &w->report, t);
        t->in_end = w->report.inputs.n;
    }
    return NULL;
}

/* Threads cost more than they give below a few files each: a new worker
 * starts for every 4 tasks found, up to max_jobs - 1 (the walking thread
 * is the last worker once the walk is over). */
#define TASKS_PER_WORKER 4

static void workers_grow(struct lint_job *j)
{
    if (j->max_jobs <= 1 || j->started >= j->max_jobs - 1) return;
    if (j->ntasks < (size_t)(j->started + 1) * TASKS_PER_WORKER) return;
    struct lint_worker *w = &j->workers[j->started];
    w->job = j;
    w->id = (unsigned)j->started;
    dg_report_init(&w->report, j->report->command);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        dg_report_free(&w->report);
        j->max_jobs = j->started + 1; /* no more threads: the walking thread does the rest */
        return;
    }
    j->started++;
}

static void task_add(struct lint_job *j, const char *path, const char *path2, enum file_kind kind, bool must,
                     const struct dg_dirlist *dir)
{
    size_t i = j->ntasks; /* only the walking thread writes ntasks */
    if (i >= (size_t)TASK_BLOCKS * TASK_BLOCK) return;
    if (!j->blocks[i / TASK_BLOCK]) j->blocks[i / TASK_BLOCK] = dg_xmalloc(TASK_BLOCK * sizeof(struct lint_task));
    struct lint_task *t = task_at(j, i);
    memset(t, 0, sizeof *t);
    t->path = dg_xstrdup(path);
    t->path2 = path2 ? dg_xstrdup(path2) : NULL;
    t->kind = kind;
    t->must = must;
    t->dir = dir;
    pthread_mutex_lock(&j->mu);
    j->ntasks = i + 1;
    pthread_cond_signal(&j->more);
    pthread_mutex_unlock(&j->mu);
    workers_grow(j);
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

/* Ends the walk and finishes the tasks: the walking thread works too, then
 * the worker reports are joined into the job's (inputs in walk order) and
 * errors are printed in walk order. Findings are sorted by the reporters,
 * so their order is already independent of scheduling. */
static void tasks_finish(struct lint_job *j)
{
    pthread_mutex_lock(&j->mu);
    j->walk_done = true;
    pthread_cond_broadcast(&j->more);
    pthread_mutex_unlock(&j->mu);
    struct lint_worker *w = j->workers;
    if (j->started == 0) {
        /* One thread: it reports straight into the job's report. */
        struct lint_worker self = {.job = j, .report = *j->report};
        worker_main(&self);
        *j->report = self.report;
    } else {
        struct lint_worker *self = &w[j->started];
        self->job = j;
        self->id = (unsigned)j->started;
        dg_report_init(&self->report, j->report->command);
        worker_main(self);
        for (long i = 0; i < j->started; i++) pthread_join(w[i].thread, NULL);
        long nw = j->started + 1;
        for (size_t i = 0; i < j->ntasks; i++) {
            const struct lint_task *t = task_at(j, i);
            for (size_t k = t->in_begin; k < t->in_end; k++) dg_strv_push(&j->report->inputs, w[t->worker].report.inputs.v[k]);
        }
        for (long i = 0; i < nw; i++) {
            dg_strv_free(&w[i].report.inputs);
            dg_report_merge(j->report, &w[i].report);
            dg_report_free(&w[i].report);
        }
    }
    for (size_t i = 0; i < j->ntasks; i++) {
        struct lint_task *t = task_at(j, i);
        for (size_t k = 0; k < t->errors.n; k++) cli_error("lint", "%s", t->errors.v[k]);
    }
}

static void tasks_free(struct lint_job *j)
{
    for (size_t i = 0; i < j->ntasks; i++) {
        struct lint_task *t = task_at(j, i);
        free(t->path);
        free(t->path2);
        dg_strv_free(&t->errors);
    }
    for (size_t b = 0; b < TASK_BLOCKS; b++) free(j->blocks[b]);
    for (size_t i = 0; i < j->ndirs; i++) {
        dg_dirlist_free(j->dirs[i]);
        free(j->dirs[i]);
    }
    free(j->dirs);
    free(j->workers);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->more);
}

/* "examples/" + "x" is "examples/x", not "examples//x". */
static const char *dir_sep(const char *dir)
{
    size_t n = strlen(dir);
    return n && dir[n - 1] == '/' ? "" : "/";
}

/* Compose projects in a folder: compose.yaml + compose.override.yaml (and the
 * docker-compose.* spellings) are merged as `docker compose` does. The pair
 * becomes one task; its two names are returned in done[] so the folder's
 * file loop skips them. */
static void lint_compose_group(struct lint_job *j, const char *dir, const struct dg_dirlist *l,
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
            char *p1 = dg_xasprintf("%s%s%s", dir, dir_sep(dir), bases[b]);
            char *p2 = dg_xasprintf("%s%s%s", dir, dir_sep(dir), overrides[o]);
            task_add(j, p1, p2, KIND_COMPOSE, false, NULL);
            free(p1);
            free(p2);
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

static void walk(struct lint_job *j, const char *dir, int depth)
{
    if (depth > LINT_MAX_DEPTH) {
        struct dg_error err;
        dg_error_set(&err, DG_ERR_LIMIT, "%s: folders nested deeper than %d levels", dir, LINT_MAX_DEPTH);
        report_error(j, &err);
        return;
    }
    struct dg_dirlist *l = dg_xmalloc(sizeof *l);
    struct dg_error err = {0};
    if (dg_dir_list(dir, LINT_MAX_FILES, l, &err) != 0) {
        report_error(j, &err);
        free(l);
        return;
    }
    /* The listing is sorted by name, so the walk order does not depend on
     * what the file system reports. Symlinks are never followed (they may
     * loop or leave the tree). */
    const struct dg_dirent *done[2] = {NULL, NULL};
    lint_compose_group(j, dir, l, done);
    bool kept = false;
    for (size_t i = 0; i < l->n; i++) {
        const struct dg_dirent *e = &l->v[i];
        if (e == done[0] || e == done[1]) continue;
        if (e->type == DG_FT_DIR) {
            if (walk_skipped(e->name)) continue;
            char *p = dg_xasprintf("%s%s%s", dir, dir_sep(dir), e->name);
            walk(j, p, depth + 1);
            free(p);
        } else if (e->type == DG_FT_REG) {
            enum file_kind k = classify(e->name);
            if (k == KIND_NONE) continue;
            char *p = dg_xasprintf("%s%s%s", dir, dir_sep(dir), e->name);
            task_add(j, p, NULL, k, false, l);
            free(p);
            kept |= k == KIND_DOCKERFILE;
        }
    }
    if (!kept) {
        dg_dirlist_free(l);
        free(l);
        return;
    }
    /* Workers read the listing through their tasks until the job ends. */
    if (j->ndirs == j->capdirs) {
        j->capdirs = j->capdirs ? j->capdirs * 2 : 64;
        j->dirs = dg_xrealloc(j->dirs, j->capdirs * sizeof *j->dirs);
    }
    j->dirs[j->ndirs++] = l;
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
        if (S_ISDIR(st.st_mode)) walk(&job, p, 0);
        else task_add(&job, p, NULL, classify(p), true, NULL);
    }
    tasks_finish(&job);
    tasks_free(&job);
    rc = cli_finish(&c, &report, &cfg, NULL);
out:
    dg_strv_free(&paths);
    dg_strv_free(&compose_files);
    cli_common_free(&c);
    dg_report_free(&report);
    dg_config_free(&cfg);
    return rc;
}
