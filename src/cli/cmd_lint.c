/* dockguard lint: walks the given paths, classifies each file (Dockerfile,
 * compose file, script with docker run lines) and runs its source. */
#include "cli/cli.h"
#include "cli/lint_sources.h"
#include "core/error.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
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
    struct dg_strv errors;
    unsigned worker;            /* which worker's report holds its inputs */
    size_t in_begin, in_end;
};

struct lint_job {
    struct dg_report *report;
    const struct dg_config *cfg;
    const char *context;
    struct lint_task *tasks;
    size_t ntasks, cap;
    atomic_size_t next;
};

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

static void task_add(struct lint_job *j, const char *path, const char *path2, enum file_kind kind, bool must)
{
    if (j->ntasks == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 256;
        j->tasks = dg_xrealloc(j->tasks, j->cap * sizeof *j->tasks);
    }
    struct lint_task *t = &j->tasks[j->ntasks++];
    memset(t, 0, sizeof *t);
    t->path = dg_xstrdup(path);
    t->path2 = path2 ? dg_xstrdup(path2) : NULL;
    t->kind = kind;
    t->must = must;
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
    case KIND_DOCKERFILE:
        if (lint_dockerfile(t->path, j->context, r, j->cfg, &err) != 0) task_error(t, r, &err);
        break;
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

struct lint_worker {
    struct lint_job *job;
    struct dg_report report;
    unsigned id;
    pthread_t thread;
};

static void *worker_main(void *arg)
{
    struct lint_worker *w = arg;
    struct lint_job *j = w->job;
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->ntasks) break;
        struct lint_task *t = &j->tasks[i];
        t->worker = w->id;
        t->in_begin = w->report.inputs.n;
        task_run(j, &w->report, t);
        t->in_end = w->report.inputs.n;
    }
    return NULL;
}

/* Runs every task, on up to `jobs` threads each with its own report, then
 * joins the reports into the job's: inputs in walk order, errors printed in
 * walk order. Findings are sorted by the reporters, so their order is
 * already independent of scheduling. */
static void tasks_run(struct lint_job *j, long jobs)
{
    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? n : 1;
    }
    if (jobs > LINT_MAX_JOBS) jobs = LINT_MAX_JOBS;
    /* Threads cost more than they give below a few files each. */
    if ((size_t)jobs * 4 > j->ntasks) jobs = (long)(j->ntasks / 4);
    if (jobs < 1) jobs = 1;
    struct lint_worker *w = dg_xcalloc((size_t)jobs, sizeof *w);
    atomic_store(&j->next, 0);
    long started = 0;
    if (jobs == 1) {
        w[0].job = j;
        w[0].report = *j->report;  /* borrowed: no copy or merge for one worker */
        worker_main(&w[0]);
        *j->report = w[0].report;
    } else {
        for (long i = 0; i < jobs; i++) {
            w[i].job = j;
            w[i].id = (unsigned)i;
            dg_report_init(&w[i].report, j->report->command);
        }
        for (; started < jobs; started++)
            if (pthread_create(&w[started].thread, NULL, worker_main, &w[started]) != 0) break;
        /* Whatever no thread could take runs here. */
        if (started == 0) worker_main(&w[0]);
        for (long i = 0; i < started; i++) pthread_join(w[i].thread, NULL);
        for (size_t i = 0; i < j->ntasks; i++) {
            const struct lint_task *t = &j->tasks[i];
            for (size_t k = t->in_begin; k < t->in_end; k++) dg_strv_push(&j->report->inputs, w[t->worker].report.inputs.v[k]);
        }
        for (long i = 0; i < jobs; i++) {
            dg_strv_free(&w[i].report.inputs);
            dg_report_merge(j->report, &w[i].report);
            dg_report_free(&w[i].report);
        }
    }
    free(w);
    for (size_t i = 0; i < j->ntasks; i++) {
        struct lint_task *t = &j->tasks[i];
        for (size_t k = 0; k < t->errors.n; k++) cli_error("lint", "%s", t->errors.v[k]);
    }
}

static void tasks_free(struct lint_job *j)
{
    for (size_t i = 0; i < j->ntasks; i++) {
        free(j->tasks[i].path);
        free(j->tasks[i].path2);
        dg_strv_free(&j->tasks[i].errors);
    }
    free(j->tasks);
    j->tasks = NULL;
    j->ntasks = j->cap = 0;
}

/* "examples/" + "x" is "examples/x", not "examples//x". */
static const char *dir_sep(const char *dir)
{
    size_t n = strlen(dir);
    return n && dir[n - 1] == '/' ? "" : "/";
}

/* Orders "<type><name>" entries by name alone, so the walk order does not
 * depend on what the file system reports. */
static int name_cmp_typed(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Index of name in a walk list of "<type><name>" entries, or -1. */
static long typed_find(const struct dg_strv *names, const char *name)
{
    for (size_t i = 0; i < names->n; i++)
        if (strcmp(names->v[i] + 1, name) == 0) return (long)i;
    return -1;
}

/* Compose projects in a folder: compose.yaml + compose.override.yaml (and the
 * docker-compose.* spellings) are merged as `docker compose` does. The pair
 * becomes one task and both entries are marked done ('-'). */
static void lint_compose_group(struct lint_job *j, const char *dir, struct dg_strv *names)
{
    static const char *const bases[] = {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"};
    static const char *const overrides[] = {"compose.override.yaml", "compose.override.yml",
                                            "docker-compose.override.yaml", "docker-compose.override.yml"};
    for (size_t b = 0; b < 4; b++) {
        long bi = typed_find(names, bases[b]);
        if (bi < 0) continue;
        for (size_t o = 0; o < 4; o++) {
            long oi = typed_find(names, overrides[o]);
            if (oi < 0) continue;
            char *p1 = dg_xasprintf("%s%s%s", dir, dir_sep(dir), bases[b]);
            char *p2 = dg_xasprintf("%s%s%s", dir, dir_sep(dir), overrides[o]);
            task_add(j, p1, p2, KIND_COMPOSE, false);
            free(p1);
            free(p2);
            names->v[bi][0] = names->v[oi][0] = '-';
            return;
        }
    }
}

static void walk(struct lint_job *j, const char *dir, int depth)
{
    if (depth > LINT_MAX_DEPTH) {
        struct dg_error err;
        dg_error_set(&err, DG_ERR_LIMIT, "%s: folders nested deeper than %d levels", dir, LINT_MAX_DEPTH);
        report_error(j, &err);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        struct dg_error err;
        dg_error_set(&err, DG_ERR_IO, "%s: %s", dir, strerror(errno));
        report_error(j, &err);
        return;
    }
    struct dg_strv names = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, ".git") == 0 || strcmp(n, "node_modules") == 0)
            continue;
        /* Neither a folder nor a file we lint: not worth a name, nor a stat.
         * Symlinks are never followed (they may loop or leave the tree). */
        if (e->d_type == DT_LNK || (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN && classify(n) == KIND_NONE))
            continue;
        if (names.n >= LINT_MAX_FILES) break;
        /* The type rides in front of the name so no lstat is needed when the
         * file system reports it. */
        char *v = dg_xasprintf("%c%s", e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?', n);
        dg_strv_push(&names, v);
        free(v);
    }
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, name_cmp_typed);
    lint_compose_group(j, dir, &names);
    for (size_t i = 0; i < names.n; i++) {
        char type = names.v[i][0];
        if (type == '-') continue;
        char *p = dg_xasprintf("%s%s%s", dir, dir_sep(dir), names.v[i] + 1);
        if (type == '?') {
            struct stat st;
            type = lstat(p, &st) != 0 ? '-' : S_ISDIR(st.st_mode) ? 'd' : S_ISREG(st.st_mode) ? 'f' : '-';
        }
        if (type == 'd') walk(j, p, depth + 1);
        else if (type == 'f') task_add(j, p, NULL, classify(p), false);
        free(p);
    }
    dg_strv_free(&names);
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
        else task_add(&job, p, NULL, classify(p), true);
    }
    tasks_run(&job, jobs);
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
