/* Compose project loading: reads the files, interpolates with .env and the
 * process environment, merges files in order and resolves `extends`, then
 * hands each effective service to compose_service_convert(). */
#include "compose/compose.h"
#include "compose/internal.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- files ---- */

static char *dir_of(const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s) return dg_xstrdup(".");
    if (s == path) return dg_xstrdup("/");
    return dg_xstrndup(path, (size_t)(s - path));
}

char *compose_join(const char *dir, const char *rel)
{
    if (!rel || !*rel) return dg_xstrdup(dir);
    if (rel[0] == '/') return dg_xstrdup(rel);
    while (rel[0] == '.' && rel[1] == '/') {
        rel += 2;
        while (*rel == '/') rel++;
    }
    if (!*rel || strcmp(rel, ".") == 0) return dg_xstrdup(dir);
    /* "./x" stays "./x" (not "x"): the folder walker spells paths that way,
     * and a Dockerfile already linted is recognised by its path. */
    size_t dl = strlen(dir);
    if (dl && dir[dl - 1] == '/') return dg_xasprintf("%s%s", dir, rel);
    return dg_xasprintf("%s/%s", dir, rel);
}

struct compose_source *compose_find_source(struct compose_project *p, const char *path)
{
    for (size_t i = 0; i < p->nsources; i++)
        if (strcmp(p->sources[i]->path, path) == 0) return p->sources[i];
    return NULL;
}

struct compose_source *compose_source_of(struct compose_project *p, const char *file)
{
    for (size_t i = 0; i < p->nsources; i++)
        if (p->sources[i]->path == file) return p->sources[i];
    return NULL;
}

/* Reads a file that a compose file names (env_file, extends, include, .env).
 * It must be a regular file, checked on the opened descriptor, and is read
 * without blocking: a FIFO, a device or a kernel file such as /proc/kmsg
 * named by a hostile compose file must not hang the linter. */
static int read_referenced(const char *path, size_t max, char **out, size_t *len, struct dg_error *err)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return dg_error_at(err, DG_ERR_IO, path, 0, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return dg_error_at(err, DG_ERR_IO, path, 0, "not a regular file");
    }
    struct dg_buf b;
    dg_buf_init(&b, max);
    char chunk[16384];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            dg_buf_free(&b);
            return dg_error_at(err, DG_ERR_IO, path, 0, "%s", e == EAGAIN ? "not readable without waiting" : strerror(e));
        }
        if (n == 0) break;
        if (dg_buf_append(&b, chunk, (size_t)n) != 0) {
            close(fd);
            dg_buf_free(&b);
            return dg_error_at(err, DG_ERR_LIMIT, path, 0, "larger than %zu bytes", max);
        }
    }
    close(fd);
    *len = b.len;
    *out = dg_buf_steal(&b);
    if (!*out) *out = dg_xstrdup("");
    return 0;
}

/* Reads a file into a new source. Returns it, or NULL with err set. */
static struct compose_source *add_source_text(struct compose_project *p, const char *path,
                                              enum compose_source_kind kind, size_t max, const char *given_text,
                                              size_t given_len, struct dg_error *err)
{
    if (p->nsources >= COMPOSE_MAX_FILES) {
        dg_error_at(err, DG_ERR_LIMIT, path, 0, "a project may read at most %d files", COMPOSE_MAX_FILES);
        return NULL;
    }
    char *text = NULL;
    size_t len = 0;
    if (given_text) {
        if (given_len > max) {
            dg_error_at(err, DG_ERR_LIMIT, path, 0, "larger than %zu bytes", max);
            return NULL;
        }
        text = dg_xstrndup(given_text, given_len);
        len = given_len;
    } else if (kind != COMPOSE_SRC_COMPOSE) {
        if (read_referenced(path, max, &text, &len, err) != 0) return NULL;
    } else if (dg_read_file(path, max, &text, &len, err) != 0) {
        return NULL;
    }
    struct compose_source *s = dg_xcalloc(1, sizeof *s);
    s->path = dg_xstrdup(path);
    s->text = text;
    s->len = len;
    s->kind = kind;
    s->basedir = kind == COMPOSE_SRC_COMPOSE ? dg_xstrdup(p->project_dir) : dir_of(path);
    p->sources = dg_xrealloc(p->sources, (p->nsources + 1) * sizeof *p->sources);
    p->sources[p->nsources++] = s;
    return s;
}

static struct compose_source *add_source(struct compose_project *p, const char *path, enum compose_source_kind kind,
                                         size_t max, struct dg_error *err)
{
    return add_source_text(p, path, kind, max, NULL, 0, err);
}

static void source_free(struct compose_source *s)
{
    free(s->path);
    free(s->text);
    free(s->basedir);
    envfile_free(&s->env);
    free(s);
}

void compose_project_free(struct compose_project *p)
{
    for (size_t i = 0; i < p->nservices; i++) {
        cs_free(&p->services[i].spec);
        free(p->services[i].context_dir);
        free(p->services[i].dockerfile);
    }
    free(p->services);
    for (size_t i = 0; i < p->nsources; i++) source_free(p->sources[i]);
    free(p->sources);
    free(p->project_dir);
    ya_free(&p->arena);
    memset(p, 0, sizeof *p);
}

/* ---- interpolation ---- */

const char *compose_lookup(void *ud, const char *name, size_t len, enum interp_source *src, int *line)
{
    struct compose_project *p = ud;
    char key[256];
    *src = INTERP_UNSET;
    *line = 0;
    if (len >= sizeof key) return NULL;
    memcpy(key, name, len);
    key[len] = '\0';
    /* The shell's environment wins over .env, as in docker compose. */
    const char *v = getenv(key);
    if (v) {
        *src = INTERP_PROCESS;
        return v;
    }
    if (p->dotenv) {
        const struct envfile_entry *e = envfile_get(&p->dotenv->env, name, len);
        if (e && e->value) {
            *src = INTERP_DOTENV;
            *line = e->line;
            return e->value;
        }
    }
    return NULL;
}

static int interp_cb(void *ud, const char *s, size_t len, const char *file, int line, char **out, size_t *outlen,
                     bool *used, struct dg_error *err)
{
    struct compose_project *p = ud;
    struct dg_buf b;
    dg_buf_init(&b, YT_MAX_SCALAR);
    if (interp_expand(s, len, compose_lookup, p, NULL, NULL, &b, used, file, line, err) != 0) {
        dg_buf_free(&b);
        return -1;
    }
    *out = ya_strndup(&p->arena, b.data ? b.data : "", b.len);
    *outlen = b.len;
    dg_buf_free(&b);
    return 0;
}

/* Parses a compose-format file and merges its documents into one root. */
static int parse_compose_source(struct compose_project *p, struct compose_source *s, struct dg_error *err)
{
    struct ynode **docs;
    size_t nd;
    if (ytree_parse(&p->arena, s->path, s->text, s->len, interp_cb, p, &docs, &nd, err) != 0) return -1;
    struct ynode *root = NULL;
    for (size_t i = 0; i < nd; i++) {
        if (ynode_is_null(docs[i])) continue;
        if (docs[i]->type != Y_MAP)
            return dg_error_at(err, DG_ERR_PARSE, s->path, docs[i]->line, "a compose file must be a mapping, not a %s",
                               ytype_name(docs[i]));
        if (compose_check_top(p, docs[i], err) != 0) return -1;
        root = root ? compose_merge_top(p, root, docs[i]) : docs[i];
        if (p->work > COMPOSE_MAX_WORK)
            return dg_error_at(err, DG_ERR_LIMIT, s->path, docs[i]->line,
                               "merging documents expands the project past %d entries", COMPOSE_MAX_WORK);
    }
    if (!root) {
        /* An empty file is an empty project, as compose treats an override with no content. */
        root = ya_alloc(&p->arena, sizeof *root);
        root->type = Y_MAP;
        root->file = s->path;
        root->line = 1;
    }
    s->root = root;
    return 0;
}

struct compose_source *compose_load_extends(struct compose_project *p, const char *path, struct dg_error *err)
{
    struct compose_source *s = compose_find_source(p, path);
    if (s) {
        if (!s->root) {
            dg_error_at(err, DG_ERR_PARSE, path, 0, "not a compose file");
            return NULL;
        }
        return s;
    }
    s = add_source(p, path, COMPOSE_SRC_EXTENDS, YT_MAX_BYTES, err);
    if (!s) return NULL;
    if (parse_compose_source(p, s, err) != 0) return NULL;
    return s;
}

struct compose_source *compose_load_envfile(struct compose_project *p, const char *path, bool required, bool *missing,
                                            struct dg_error *err)
{
    *missing = false;
    struct compose_source *s = compose_find_source(p, path);
    if (s) return s;
    struct stat st;
    if (!required && stat(path, &st) != 0 && errno == ENOENT) {
        *missing = true;
        return NULL;
    }
    s = add_source(p, path, COMPOSE_SRC_ENV_FILE, ENVFILE_MAX_BYTES, err);
    if (!s) return NULL;
    if (envfile_parse(s->text, s->len, s->path, &s->env, err) != 0) return NULL;
    return s;
}

/* ---- include ---- */

static int include_one(struct compose_project *p, struct ynode **model, const struct ynode *pn, int depth,
                       struct dg_error *err);

/* Top-level `include:` (a list of paths, or of {path: PATH or [PATHS]}):
 * each included project is merged under the including one, whose own
 * definitions win. Included files are read like extended files: their
 * relative paths resolve against their own folder. */
static int apply_includes(struct compose_project *p, struct ynode **model, const struct ynode *root, int depth,
                          struct dg_error *err)
{
    struct ypair *inc = ymap_pair(root, "include");
    if (!inc || ynode_is_null(inc->v)) return 0;
    if (depth >= COMPOSE_MAX_EXTENDS)
        return dg_error_at(err, DG_ERR_LIMIT, inc->k->file, inc->k->line, "include nested deeper than %d",
                           COMPOSE_MAX_EXTENDS);
    if (inc->v->type != Y_SEQ)
        return dg_error_at(err, DG_ERR_PARSE, inc->k->file, inc->k->line, "include must be a list, not a %s",
                           ytype_name(inc->v));
    for (size_t i = 0; i < inc->v->n; i++) {
        const struct ynode *it = inc->v->items[i];
        const struct ynode *pv = it;
        if (it->type == Y_MAP) pv = ymap_get(it, "path");
        if (pv && pv->type == Y_SCALAR && !ynode_is_null(pv)) {
            if (include_one(p, model, pv, depth, err) != 0) return -1;
        } else if (pv && pv->type == Y_SEQ) {
            for (size_t j = 0; j < pv->n; j++) {
                if (pv->items[j]->type != Y_SCALAR || ynode_is_null(pv->items[j]))
                    return dg_error_at(err, DG_ERR_PARSE, pv->items[j]->file, pv->items[j]->line,
                                       "include paths are strings");
                if (include_one(p, model, pv->items[j], depth, err) != 0) return -1;
            }
        } else {
            return dg_error_at(err, DG_ERR_PARSE, it->file, it->line, "an include entry needs a path");
        }
    }
    return 0;
}

static int include_one(struct compose_project *p, struct ynode **model, const struct ynode *pn, int depth,
                       struct dg_error *err)
{
    struct compose_source *from = compose_source_of(p, pn->file);
    char *path = compose_join(from ? from->basedir : p->project_dir, pn->s);
    struct compose_source *s = compose_find_source(p, path);
    if (s) {
        /* The same file included twice (a diamond) adds nothing new; a
         * compose file including itself or an including file is a cycle. */
        int rc = s->kind == COMPOSE_SRC_INCLUDE && s->root
                     ? 0
                     : dg_error_at(err, DG_ERR_PARSE, pn->file, pn->line, "include cycle through %s", path);
        free(path);
        return rc;
    }
    s = add_source(p, path, COMPOSE_SRC_INCLUDE, YT_MAX_BYTES, err);
    free(path);
    if (!s) return -1;
    if (parse_compose_source(p, s, err) != 0) return -1;
    struct ynode *sub = s->root;
    if (apply_includes(p, &sub, s->root, depth + 1, err) != 0) return -1;
    *model = compose_merge_top(p, sub, *model);
    return 0;
}

/* ---- the project ---- */

static int load(const char *const *paths, const char *const *texts, const size_t *lens, size_t n,
                struct compose_project *out, struct dg_error *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0) return dg_error_set(err, DG_ERR_USAGE, "no compose file given");
    struct compose_project *p = out;
    p->project_dir = dir_of(paths[0]);
    int rc = 0;
    /* .env beside the first file: optional, but when present it must parse. */
    char *dotenv = compose_join(p->project_dir, ".env");
    struct stat st;
    if (stat(dotenv, &st) == 0 && S_ISREG(st.st_mode)) {
        struct compose_source *s = add_source(p, dotenv, COMPOSE_SRC_DOTENV, ENVFILE_MAX_BYTES, err);
        if (!s || envfile_parse(s->text, s->len, s->path, &s->env, err) != 0) rc = -1;
        else p->dotenv = s;
    }
    free(dotenv);
    struct ynode *model = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (compose_find_source(p, paths[i])) {
            rc = dg_error_at(err, DG_ERR_USAGE, paths[i], 0, "compose file given twice");
            break;
        }
        struct compose_source *s = add_source_text(p, paths[i], COMPOSE_SRC_COMPOSE, YT_MAX_BYTES,
                                                   texts ? texts[i] : NULL, texts ? lens[i] : 0, err);
        if (!s || parse_compose_source(p, s, err) != 0) {
            rc = -1;
            break;
        }
        model = model ? compose_merge_top(p, model, s->root) : s->root;
        if (p->work > COMPOSE_MAX_WORK) {
            rc = dg_error_at(err, DG_ERR_LIMIT, paths[i], 0, "merging expands the project past %d entries",
                             COMPOSE_MAX_WORK);
            break;
        }
    }
    if (rc == 0 && model) rc = apply_includes(p, &model, model, 0, err);
    if (rc == 0) rc = compose_build_services(p, model, err);
    if (rc != 0) {
        int code = err->code ? err->code : DG_ERR_PARSE;
        compose_project_free(p);
        return code < 0 ? code : DG_ERR_PARSE;
    }
    return 0;
}

int compose_load(const char *const *paths, size_t n, struct compose_project *out, struct dg_error *err)
{
    return load(paths, NULL, NULL, n, out, err);
}

int compose_load_text(const char *path, const char *text, size_t len, struct compose_project *out,
                      struct dg_error *err)
{
    const char *paths[1] = {path}, *texts[1] = {text};
    size_t lens[1] = {len};
    return load(paths, texts, lens, 1, out, err);
}
