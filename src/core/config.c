/* .dockguard.yaml: ignores, severity overrides, trusted sources, threshold,
 * CIS version and authz policy. Unknown keys are errors so that a typo does
 * not silently disable a policy. */
#include "core/config.h"
#include "core/error.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#define CONFIG_MAX_BYTES (1u << 20)

void dg_config_init(struct dg_config *c)
{
    memset(c, 0, sizeof *c);
    c->fail_on = DG_SEV_LOW;
    c->authz_deny_at = DG_SEV_HIGH;
}

void dg_config_free(struct dg_config *c)
{
    free(c->path);
    dg_strv_free(&c->ignore);
    for (size_t i = 0; i < c->npath_ignores; i++) {
        free(c->path_ignores[i].glob);
        dg_strv_free(&c->path_ignores[i].rules);
    }
    free(c->path_ignores);
    dg_strv_free(&c->only);
    dg_strv_free(&c->skip);
    for (size_t i = 0; i < c->noverrides; i++) free(c->overrides[i].rule_id);
    free(c->overrides);
    dg_strv_free(&c->trusted_registries);
    dg_strv_free(&c->trusted_images);
    free(c->cis_version);
    dg_strv_free(&c->authz_allow_rules);
    memset(c, 0, sizeof *c);
}

struct cfg_parse {
    yaml_document_t *doc;
    const char *file;
    struct dg_error *err;
};

static int node_line(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }

static const char *scalar(struct cfg_parse *p, yaml_node_t *n, const char *what)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        dg_error_at(p->err, DG_ERR_PARSE, p->file, n ? node_line(n) : 0, "%s must be a string", what);
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}

/* Accepts a sequence of strings or a single string. */
static int str_list(struct cfg_parse *p, yaml_node_t *n, struct dg_strv *out, const char *what)
{
    if (n->type == YAML_SCALAR_NODE) {
        dg_strv_push(out, (const char *)n->data.scalar.value);
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(n), "%s must be a list of strings", what);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const char *s = scalar(p, yaml_document_get_node(p->doc, *it), what);
        if (!s) return DG_ERR_PARSE;
        dg_strv_push(out, s);
    }
    return 0;
}

static int parse_severity_map(struct cfg_parse *p, struct dg_config *c, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(n), "severity must map rule ids to severities");
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
        const char *id = scalar(p, yaml_document_get_node(p->doc, pr->key), "a rule id");
        yaml_node_t *vn = yaml_document_get_node(p->doc, pr->value);
        const char *sv = scalar(p, vn, "a severity");
        if (!id || !sv) return DG_ERR_PARSE;
        int sev;
        if (dg_severity_parse(sv, &sev) != 0 || sev < 0)
            return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(vn), "unknown severity '%s'", sv);
        c->overrides = dg_xrealloc(c->overrides, (c->noverrides + 1) * sizeof *c->overrides);
        c->overrides[c->noverrides].rule_id = dg_xstrdup(id);
        c->overrides[c->noverrides].severity = (enum dg_severity)sev;
        c->noverrides++;
    }
    return 0;
}

static int parse_path_ignores(struct cfg_parse *p, struct dg_config *c, yaml_node_t *n)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(n), "ignore-paths must be a list");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(p->doc, *it);
        if (!e || e->type != YAML_MAPPING_NODE)
            return dg_error_at(p->err, DG_ERR_PARSE, p->file, e ? node_line(e) : 0,
                               "ignore-paths entries need 'path' and 'rules'");
        struct dg_path_ignore pi = {0};
        for (yaml_node_pair_t *pr = e->data.mapping.pairs.start; pr < e->data.mapping.pairs.top; pr++) {
            const char *k = scalar(p, yaml_document_get_node(p->doc, pr->key), "a key");
            yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
            if (!k) goto fail;
            if (strcmp(k, "path") == 0) {
                const char *s = scalar(p, v, "path");
                if (!s) goto fail;
                free(pi.glob);
                pi.glob = dg_xstrdup(s);
            } else if (strcmp(k, "rules") == 0) {
                if (str_list(p, v, &pi.rules, "rules") != 0) goto fail;
            } else {
                dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(v), "unknown key '%s' in ignore-paths", k);
                goto fail;
            }
        }
        if (!pi.glob) {
            dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(e), "ignore-paths entry without 'path'");
            goto fail;
        }
        c->path_ignores = dg_xrealloc(c->path_ignores, (c->npath_ignores + 1) * sizeof *c->path_ignores);
        c->path_ignores[c->npath_ignores++] = pi;
        continue;
    fail:
        free(pi.glob);
        dg_strv_free(&pi.rules);
        return DG_ERR_PARSE;
    }
    return 0;
}

static int parse_authz(struct cfg_parse *p, struct dg_config *c, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(n), "authz must be a mapping");
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
        const char *k = scalar(p, yaml_document_get_node(p->doc, pr->key), "a key");
        yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
        if (!k) return DG_ERR_PARSE;
        if (strcmp(k, "deny-at") == 0) {
            const char *s = scalar(p, v, "deny-at");
            int sev;
            if (!s) return DG_ERR_PARSE;
            if (dg_severity_parse(s, &sev) != 0)
                return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(v), "unknown severity '%s'", s);
            c->authz_deny_at = sev;
        } else if (strcmp(k, "allow-rules") == 0) {
            if (str_list(p, v, &c->authz_allow_rules, "allow-rules") != 0) return DG_ERR_PARSE;
        } else {
            return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(v), "unknown key '%s' in authz", k);
        }
    }
    return 0;
}

static int parse_root(struct cfg_parse *p, struct dg_config *c, yaml_node_t *root)
{
    if (!root) return 0; /* empty file */
    if (root->type != YAML_MAPPING_NODE)
        return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(root), "the configuration must be a mapping");
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
        yaml_node_t *kn = yaml_document_get_node(p->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
        const char *k = scalar(p, kn, "a key");
        if (!k || !v) return DG_ERR_PARSE;
        int rc = 0;
        if (strcmp(k, "ignore") == 0) rc = str_list(p, v, &c->ignore, "ignore");
        else if (strcmp(k, "ignore-paths") == 0) rc = parse_path_ignores(p, c, v);
        else if (strcmp(k, "only") == 0) rc = str_list(p, v, &c->only, "only");
        else if (strcmp(k, "skip") == 0) rc = str_list(p, v, &c->skip, "skip");
        else if (strcmp(k, "severity") == 0) rc = parse_severity_map(p, c, v);
        else if (strcmp(k, "trusted-registries") == 0) rc = str_list(p, v, &c->trusted_registries, "trusted-registries");
        else if (strcmp(k, "trusted-images") == 0) rc = str_list(p, v, &c->trusted_images, "trusted-images");
        else if (strcmp(k, "authz") == 0) rc = parse_authz(p, c, v);
        else if (strcmp(k, "fail-on") == 0) {
            const char *s = scalar(p, v, "fail-on");
            int sev;
            if (!s) return DG_ERR_PARSE;
            if (dg_severity_parse(s, &sev) != 0)
                return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(v), "unknown severity '%s'", s);
            c->fail_on = sev;
        } else if (strcmp(k, "cis-version") == 0) {
            const char *s = scalar(p, v, "cis-version");
            if (!s) return DG_ERR_PARSE;
            free(c->cis_version);
            c->cis_version = dg_xstrdup(s);
        } else {
            return dg_error_at(p->err, DG_ERR_PARSE, p->file, node_line(kn), "unknown key '%s'", k);
        }
        if (rc != 0) return rc;
    }
    return 0;
}

int dg_config_load(struct dg_config *c, const char *path, struct dg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (dg_read_file(path, CONFIG_MAX_BYTES, &text, &len, err) != 0) return DG_ERR_IO;
    int rc = dg_config_parse(c, path, text, len, err);
    free(text);
    return rc;
}

int dg_config_parse(struct dg_config *c, const char *path, const char *text, size_t len, struct dg_error *err)
{
    if (len > CONFIG_MAX_BYTES)
        return dg_error_set(err, DG_ERR_LIMIT, "%s: larger than the %u byte limit", path, CONFIG_MAX_BYTES);
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = 0;
    if (!yaml_parser_initialize(&parser))
        return dg_error_set(err, DG_ERR, "%s: cannot initialise the YAML parser", path);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = dg_error_at(err, DG_ERR_PARSE, path, (int)parser.problem_mark.line + 1, "invalid YAML: %s",
                         parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        return rc;
    }
    struct cfg_parse p = {&doc, path, err};
    rc = parse_root(&p, c, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc == 0) {
        free(c->path);
        c->path = dg_xstrdup(path);
    }
    return rc;
}

char *dg_config_find(const char *dir)
{
    char *cur = realpath(dir, NULL);
    if (!cur) return NULL;
    for (int depth = 0; depth < 256; depth++) {
        static const char *const names[] = {".dockguard.yaml", ".dockguard.yml"};
        for (int i = 0; i < 2; i++) {
            char *p = dg_xasprintf("%s/%s", strcmp(cur, "/") == 0 ? "" : cur, names[i]);
            struct stat st;
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
                free(cur);
                return p;
            }
            free(p);
        }
        if (strcmp(cur, "/") == 0) break;
        char *slash = strrchr(cur, '/');
        if (slash == cur) cur[1] = '\0';
        else *slash = '\0';
    }
    free(cur);
    return NULL;
}

enum dg_severity dg_config_severity(const struct dg_config *c, const char *rule_id, enum dg_severity def)
{
    for (size_t i = 0; i < c->noverrides; i++)
        if (strcasecmp(c->overrides[i].rule_id, rule_id) == 0) return c->overrides[i].severity;
    return def;
}

static bool id_in(const struct dg_strv *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->v[i]);
        if (strcasecmp(l->v[i], "all") == 0 || strncasecmp(l->v[i], id, n) == 0) return true;
    }
    return false;
}

bool dg_config_ignored(const struct dg_config *c, const char *rule_id, const char *file)
{
    if (id_in(&c->ignore, rule_id)) return true;
    if (!file) return false;
    for (size_t i = 0; i < c->npath_ignores; i++) {
        const struct dg_path_ignore *pi = &c->path_ignores[i];
        const char *f = file;
        if (f[0] == '.' && f[1] == '/') f += 2;
        if ((fnmatch(pi->glob, f, 0) == 0 || fnmatch(pi->glob, file, 0) == 0) && id_in(&pi->rules, rule_id))
            return true;
    }
    return false;
}

/* Splits "registry/path/name:tag@digest" into its registry host (or NULL for
 * Docker Hub) and repository path. */
static void image_split(const char *ref, char **registry, char **repo)
{
    const char *slash = strchr(ref, '/');
    const char *rest = ref;
    *registry = NULL;
    if (slash) {
        size_t n = (size_t)(slash - ref);
        /* A first component with '.', ':' or "localhost" names a registry. */
        if (memchr(ref, '.', n) || memchr(ref, ':', n) || (n == 9 && strncmp(ref, "localhost", 9) == 0)) {
            *registry = dg_xstrndup(ref, n);
            rest = slash + 1;
        }
    }
    size_t n = strcspn(rest, "@");
    const char *colon = memchr(rest, ':', n);
    if (colon) n = (size_t)(colon - rest);
    *repo = dg_xstrndup(rest, n);
}

bool dg_config_image_trusted(const struct dg_config *c, const char *image_ref)
{
    if (!image_ref || !*image_ref) return false;
    if (strcmp(image_ref, "scratch") == 0) return true;
    char *registry = NULL, *repo = NULL;
    image_split(image_ref, &registry, &repo);
    bool hub = !registry || strcmp(registry, "docker.io") == 0 || strcmp(registry, "index.docker.io") == 0 ||
               strcmp(registry, "registry-1.docker.io") == 0;
    bool trusted = false;
    /* Docker Official Images: no namespace, or library/. */
    if (hub && (!strchr(repo, '/') || dg_str_has_prefix(repo, "library/"))) trusted = true;
    char *full = registry ? dg_xasprintf("%s/%s", registry, repo) : dg_xstrdup(repo);
    for (size_t i = 0; !trusted && i < c->trusted_registries.n; i++) {
        const char *t = c->trusted_registries.v[i];
        size_t n = strlen(t);
        if (registry && (strcmp(registry, t) == 0 || (strncmp(full, t, n) == 0 && full[n] == '/'))) trusted = true;
        if (!registry && (strcmp(t, "docker.io") == 0)) trusted = true;
    }
    for (size_t i = 0; !trusted && i < c->trusted_images.n; i++) {
        const char *t = c->trusted_images.v[i];
        size_t n = strlen(t);
        if (strcmp(full, t) == 0 || strcmp(repo, t) == 0 ||
            (n && t[n - 1] == '/' && (strncmp(full, t, n) == 0 || strncmp(repo, t, n) == 0)) ||
            (strncmp(full, t, n) == 0 && full[n] == '/'))
            trusted = true;
    }
    free(full);
    free(registry);
    free(repo);
    return trusted;
}
