/* daemon.json and dockerd command-line reading: both feed the same
 * daemon_spec fields with positions, and settings made in both places are
 * recorded as conflicts (dockerd refuses to start with them). */
#include "host/host.h"
#include "host/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum vtype { VT_BOOL, VT_STR, VT_LIST, VT_OBJ_ULIMITS, VT_OBJ_KV };

struct key_def {
    const char *key;        /* daemon.json key */
    const char *flag;       /* long flag without dashes */
    char shorthand;         /* 0 none */
    enum ds_field field;
    enum vtype type;
};

static const struct key_def keys[] = {
    {"icc", "icc", 0, DS_ICC, VT_BOOL},
    {"log-level", "log-level", 'l', DS_LOG_LEVEL, VT_STR},
    {"iptables", "iptables", 0, DS_IPTABLES, VT_BOOL},
    {"insecure-registries", "insecure-registry", 0, DS_INSECURE_REGISTRIES, VT_LIST},
    {"storage-driver", "storage-driver", 's', DS_STORAGE_DRIVER, VT_STR},
    {"hosts", "host", 'H', DS_HOSTS, VT_LIST},
    {"tls", "tls", 0, DS_TLS, VT_BOOL},
    {"tlsverify", "tlsverify", 0, DS_TLSVERIFY, VT_BOOL},
    {"tlscacert", "tlscacert", 0, DS_TLSCACERT, VT_STR},
    {"tlscert", "tlscert", 0, DS_TLSCERT, VT_STR},
    {"tlskey", "tlskey", 0, DS_TLSKEY, VT_STR},
    {"default-ulimits", "default-ulimit", 0, DS_DEFAULT_ULIMITS, VT_OBJ_ULIMITS},
    {"userns-remap", "userns-remap", 0, DS_USERNS_REMAP, VT_STR},
    {"cgroup-parent", "cgroup-parent", 0, DS_CGROUP_PARENT, VT_STR},
    {"storage-opts", "storage-opt", 0, DS_STORAGE_OPTS, VT_LIST},
    {"authorization-plugins", "authorization-plugin", 0, DS_AUTHZ_PLUGINS, VT_LIST},
    {"log-driver", "log-driver", 0, DS_LOG_DRIVER, VT_STR},
    {"log-opts", "log-opt", 0, DS_LOG_OPTS, VT_OBJ_KV},
    {"no-new-privileges", "no-new-privileges", 0, DS_NO_NEW_PRIVILEGES, VT_BOOL},
    {"live-restore", "live-restore", 0, DS_LIVE_RESTORE, VT_BOOL},
    {"userland-proxy", "userland-proxy", 0, DS_USERLAND_PROXY, VT_BOOL},
    {"seccomp-profile", "seccomp-profile", 0, DS_SECCOMP_PROFILE, VT_STR},
    {"experimental", "experimental", 0, DS_EXPERIMENTAL, VT_BOOL},
    {"data-root", "data-root", 'g', DS_DATA_ROOT, VT_STR},
    {"graph", "graph", 0, DS_DATA_ROOT, VT_STR},   /* pre-17.05 name of data-root */
    {"debug", "debug", 'D', DS_DEBUG, VT_BOOL},
    {"selinux-enabled", "selinux-enabled", 0, DS_SELINUX, VT_BOOL},
    {"rootless", "rootless", 0, DS_ROOTLESS, VT_BOOL},
    {"containerd", "containerd", 0, DS_CONTAINERD, VT_STR},
    {"ip", "ip", 0, DS_IP, VT_STR},
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* dockerd flags that take a value but that no rule reads: needed so that
 * "--pidfile /run/docker.pid" is not misread as a boolean plus a stray word. */
static const char *const value_flags[] = {
    "pidfile", "p", "exec-root", "group", "G", "bip", "mtu", "dns", "dns-opt", "dns-search",
    "default-gateway", "default-gateway-v6", "fixed-cidr", "fixed-cidr-v6", "bridge", "b",
    "registry-mirror", "add-runtime", "default-runtime", "exec-opt", "label", "max-concurrent-downloads",
    "max-concurrent-uploads", "max-download-attempts", "shutdown-timeout", "swarm-default-advertise-addr",
    "default-address-pool", "containerd-namespace", "containerd-plugins-namespace", "log-format",
    "cpu-rt-period", "cpu-rt-runtime", "oom-score-adjust", "default-ipc-mode", "default-cgroupns-mode",
    "node-generic-resource", "metrics-addr", "network-control-plane-mtu", "host-gateway-ip",
    "http-proxy", "https-proxy", "no-proxy", "default-shm-size", "feature", "api-cors-header",
    "init-path", "config-file", "cluster-store", "cluster-advertise", "cluster-store-opt",
    "allow-nondistributable-artifacts", "default-network-opt", "bridge-accept-fwmark", "firewall-backend",
    NULL};

static bool is_value_flag(const char *name)
{
    for (size_t i = 0; value_flags[i]; i++)
        if (strcmp(value_flags[i], name) == 0) return true;
    return false;
}

static char **str_slot(struct daemon_spec *d, enum ds_field f)
{
    switch (f) {
    case DS_LOG_LEVEL: return &d->log_level;
    case DS_STORAGE_DRIVER: return &d->storage_driver;
    case DS_TLSCACERT: return &d->tlscacert;
    case DS_TLSCERT: return &d->tlscert;
    case DS_TLSKEY: return &d->tlskey;
    case DS_USERNS_REMAP: return &d->userns_remap;
    case DS_CGROUP_PARENT: return &d->cgroup_parent;
    case DS_LOG_DRIVER: return &d->log_driver;
    case DS_SECCOMP_PROFILE: return &d->seccomp_profile;
    case DS_DATA_ROOT: return &d->data_root;
    case DS_CONTAINERD: return &d->containerd;
    case DS_IP: return &d->ip;
    default: return NULL;
    }
}

static int *bool_slot(struct daemon_spec *d, enum ds_field f)
{
    switch (f) {
    case DS_ICC: return &d->icc;
    case DS_IPTABLES: return &d->iptables;
    case DS_TLS: return &d->tls;
    case DS_TLSVERIFY: return &d->tlsverify;
    case DS_NO_NEW_PRIVILEGES: return &d->no_new_privileges;
    case DS_LIVE_RESTORE: return &d->live_restore;
    case DS_USERLAND_PROXY: return &d->userland_proxy;
    case DS_EXPERIMENTAL: return &d->experimental;
    case DS_DEBUG: return &d->debug;
    case DS_SELINUX: return &d->selinux;
    case DS_ROOTLESS: return &d->rootless;
    default: return NULL;
    }
}

static struct dg_strv *list_slot(struct daemon_spec *d, enum ds_field f)
{
    switch (f) {
    case DS_INSECURE_REGISTRIES: return &d->insecure_registries;
    case DS_HOSTS: return &d->hosts;
    case DS_DEFAULT_ULIMITS: return &d->default_ulimits;
    case DS_STORAGE_OPTS: return &d->storage_opts;
    case DS_AUTHZ_PLUGINS: return &d->authz_plugins;
    case DS_LOG_OPTS: return &d->log_opts;
    default: return NULL;
    }
}

/* Records where a field was set. A flag for a field that daemon.json also
 * sets is a conflict; repeated flags for lists simply accumulate. */
static void mark(struct daemon_spec *d, enum ds_field f, enum ds_source src, const char *file, int line)
{
    if (src == DS_SRC_ARGS && d->src[f] == DS_SRC_CONFIG && !dg_strv_contains(&d->conflicts, ds_field_key(f)))
        dg_strv_push(&d->conflicts, ds_field_key(f));
    if (src == DS_SRC_ARGS && d->src[f] == DS_SRC_ARGS) return; /* keep the first flag's position */
    d->src[f] = src;
    d->pos[f].file = file;
    d->pos[f].line = line;
    d->pos[f].col = 0;
}

/* ---- daemon.json ------------------------------------------------------ */

/* Line of a top-level key in JSON text (1-based), 0 when not found. A small
 * scanner is enough: strings and nesting are tracked, values are skipped. */
static int json_key_line(const char *text, size_t len, const char *key)
{
    int depth = 0, line = 1;
    size_t klen = strlen(key);
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') { line++; continue; }
        if (c == '{' || c == '[') { depth++; continue; }
        if (c == '}' || c == ']') { depth--; continue; }
        if (c != '"') continue;
        size_t start = i + 1, j = start;
        while (j < len && text[j] != '"') {
            if (text[j] == '\\' && j + 1 < len) j++;
            else if (text[j] == '\n') line++;
            j++;
        }
        if (j >= len) return 0;
        int sline = line;
        size_t k = j + 1;
        while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n')) k++;
        if (depth == 1 && k < len && text[k] == ':' && j - start == klen && memcmp(text + start, key, klen) == 0)
            return sline;
        i = j;
    }
    return 0;
}

static const struct key_def *key_by_name(const char *k)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].key, k) == 0) return &keys[i];
    return NULL;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

int daemon_json_parse(const char *text, size_t len, const char *file, struct daemon_spec *d, struct dg_error *err)
{
    if (!d->config_path) d->config_path = dg_xstrdup(file);
    file = d->config_path; /* positions borrow the spec's own copy */
    d->config_exists = true;
    if (len > HOST_MAX_CONFIG) {
        d->config_error = dg_xasprintf("%s: larger than %u bytes", file, HOST_MAX_CONFIG);
        return dg_error_set(err, DG_ERR_LIMIT, "%s", d->config_error);
    }
    json_error_t je;
    /* Duplicate keys are rejected by dockerd as well; say so plainly. */
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        struct dg_error e = {0};
        if (strstr(je.text, "duplicate object key"))
            dg_error_at(&e, DG_ERR_PARSE, file, je.line, "%s (dockerd refuses a daemon.json with a key given twice)",
                        je.text);
        else
            dg_error_at(&e, DG_ERR_PARSE, file, je.line, "invalid JSON: %s", je.text);
        d->config_error = dg_xstrdup(e.msg);
        d->config_error_line = je.line > 0 ? je.line : 0;
        return dg_error_set(err, e.code, "%s", e.msg);
    }
    int rc = 0;
    if (!json_is_object(root)) {
        d->config_error = dg_xasprintf("%s:1: the top level must be a JSON object", file);
        d->config_error_line = 1;
        rc = dg_error_set(err, DG_ERR_PARSE, "%s", d->config_error);
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        const struct key_def *kd = key_by_name(k);
        if (!kd) continue;
        int line = json_key_line(text, len, k);
        bool ok = true;
        switch (kd->type) {
        case VT_BOOL:
            if (!json_is_boolean(v)) { ok = false; break; }
            *bool_slot(d, kd->field) = json_is_true(v);
            break;
        case VT_STR: {
            if (!json_is_string(v)) { ok = false; break; }
            char **s = str_slot(d, kd->field);
            free(*s);
            *s = dg_xstrdup(json_string_value(v));
            break;
        }
        case VT_LIST: {
            if (!json_is_array(v)) { ok = false; break; }
            struct dg_strv *l = list_slot(d, kd->field);
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) {
                if (!json_is_string(e)) { ok = false; break; }
                dg_strv_push(l, json_string_value(e));
            }
            break;
        }
        case VT_OBJ_KV: {
            if (!json_is_object(v)) { ok = false; break; }
            struct dg_strv *l = list_slot(d, kd->field);
            const char *ok2;
            json_t *e;
            json_object_foreach(v, ok2, e) {
                if (!json_is_string(e)) { ok = false; break; }
                dg_strv_push_owned(l, dg_xasprintf("%s=%s", ok2, json_string_value(e)));
            }
            break;
        }
        case VT_OBJ_ULIMITS: {
            /* {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}} */
            if (!json_is_object(v)) { ok = false; break; }
            struct dg_strv *l = list_slot(d, kd->field);
            const char *name;
            json_t *e;
            json_object_foreach(v, name, e) {
                json_t *hard = json_object_get(e, "Hard"), *soft = json_object_get(e, "Soft");
                if (!json_is_object(e) || !json_is_integer(hard) || !json_is_integer(soft)) { ok = false; break; }
                dg_strv_push_owned(l, dg_xasprintf("%s=%lld:%lld", name, (long long)json_integer_value(soft),
                                                   (long long)json_integer_value(hard)));
            }
            break;
        }
        }
        if (!ok) {
            const char *want = kd->type == VT_BOOL ? "a boolean" : kd->type == VT_STR ? "a string"
                             : kd->type == VT_LIST ? "an array of strings" : "an object";
            d->config_error = dg_xasprintf("%s:%d: \"%s\" must be %s, not %s", file, line, k, want, json_type_name(v));
            d->config_error_line = line;
            rc = dg_error_set(err, DG_ERR_PARSE, "%s", d->config_error);
            goto out;
        }
        mark(d, kd->field, DS_SRC_CONFIG, file, line);
    }
out:
    json_decref(root);
    return rc;
}

/* ---- command line ----------------------------------------------------- */

static const struct key_def *flag_by_name(const char *name, size_t n)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (n == 1 && keys[i].shorthand && keys[i].shorthand == name[0]) return &keys[i];
        if (n > 1 && strlen(keys[i].flag) == n && memcmp(keys[i].flag, name, n) == 0) return &keys[i];
    }
    return NULL;
}

static int parse_bool_word(const char *v, int *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "t") || !strcmp(v, "T") || !strcmp(v, "TRUE") ||
        !strcmp(v, "True")) { *out = 1; return 0; }
    if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "f") || !strcmp(v, "F") || !strcmp(v, "FALSE") ||
        !strcmp(v, "False")) { *out = 0; return 0; }
    return -1;
}

int daemon_args_parse(const struct dg_strv *argv, const char *source, int line, struct daemon_spec *d,
                      struct dg_error *err)
{
    if (source && (!d->args_source || strcmp(d->args_source, source) != 0)) {
        free(d->args_source);
        d->args_source = dg_xstrdup(source);
    }
    d->args_line = line;
    return daemon_args_apply(argv, NULL, NULL, d, err);
}

int daemon_args_apply(const struct dg_strv *argv, const char *const *files, const int *lines, struct daemon_spec *d,
                      struct dg_error *err)
{
    const char *source = d->args_source ? d->args_source : "dockerd";
    if (argv->n > HOST_MAX_ARGS)
        return dg_error_at(err, DG_ERR_LIMIT, source, d->args_line, "more than %u dockerd arguments", HOST_MAX_ARGS);
    for (size_t i = 0; i < argv->n; i++) {
        const char *a = argv->v[i];
        /* Where this flag was written: an environment file's line for
         * words that came from $DOCKER_OPTS, else the command line. */
        const char *file = files && files[i] ? files[i] : source;
        int line = files && files[i] ? lines[i] : d->args_line;
        if (a[0] != '-' || !a[1]) continue;          /* positional: dockerd takes none */
        if (!strcmp(a, "--")) break;
        bool is_long = a[1] == '-';
        const char *name = a + (is_long ? 2 : 1);
        const char *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        const char *inl = eq ? eq + 1 : NULL;
        /* Shorthand with an attached value: -Hunix:///x */
        if (!is_long && n > 1 && !eq) { inl = name + 1; n = 1; }
        const struct key_def *kd = flag_by_name(name, n);
        if (!kd) {
            char nm[64];
            if (n < sizeof nm) {
                memcpy(nm, name, n);
                nm[n] = '\0';
                if (!eq && is_value_flag(nm) && i + 1 < argv->n) i++;
            }
            continue;
        }
        const char *val = inl;
        if (kd->type != VT_BOOL && !val) {
            if (i + 1 >= argv->n)
                return dg_error_at(err, DG_ERR_PARSE, file, line, "dockerd flag %s needs a value", a);
            val = argv->v[++i];
        }
        switch (kd->type) {
        case VT_BOOL: {
            int b = 1;
            if (val && parse_bool_word(val, &b) != 0)
                return dg_error_at(err, DG_ERR_PARSE, file, line, "dockerd flag %s: '%s' is not a boolean", a, val);
            *bool_slot(d, kd->field) = b;
            break;
        }
        case VT_STR: {
            char **s = str_slot(d, kd->field);
            free(*s);
            *s = dg_xstrdup(val);
            break;
        }
        case VT_LIST: case VT_OBJ_KV: case VT_OBJ_ULIMITS: {
            struct dg_strv *l = list_slot(d, kd->field);
            /* A list set on the command line replaces daemon.json's (and conflicts). */
            if (d->src[kd->field] == DS_SRC_CONFIG) dg_strv_free(l);
            dg_strv_push(l, val);
            break;
        }
        }
        mark(d, kd->field, DS_SRC_ARGS, file, line);
    }
    return 0;
}

/* ---- GET /info and /version ------------------------------------------ */

static char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? dg_xstrdup(s) : NULL;
}

static int jbool(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

static bool loopback_cidr(const char *c)
{
    return dg_str_has_prefix(c, "127.") || !strcmp(c, "::1/128");
}

void daemon_info_apply(struct daemon_spec *d, const json_t *info, const json_t *version)
{
    struct ds_info *in = &d->info;
    if (json_is_object(info)) {
        in->present = true;
        free(in->server_version);
        in->server_version = jstr(info, "ServerVersion");
        in->driver = jstr(info, "Driver");
        in->logging_driver = jstr(info, "LoggingDriver");
        in->docker_root_dir = jstr(info, "DockerRootDir");
        in->cgroup_driver = jstr(info, "CgroupDriver");
        in->live_restore = jbool(info, "LiveRestoreEnabled");
        in->experimental = jbool(info, "ExperimentalBuild");
        in->debug = jbool(info, "Debug");
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(info, "SecurityOptions"), i, e) {
            const char *s = json_string_value(e);
            if (!s || in->security_options.n >= 256) continue;
            dg_strv_push(&in->security_options, s);
            /* "name=seccomp,profile=default" */
            char *copy = dg_xstrdup(s), *save = NULL;
            const char *name = NULL, *profile = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (dg_str_has_prefix(t, "name=")) name = t + 5;
                else if (dg_str_has_prefix(t, "profile=")) profile = t + 8;
            }
            if (name) {
                if (!strcmp(name, "userns")) in->userns = true;
                else if (!strcmp(name, "rootless")) in->rootless = true;
                else if (!strcmp(name, "no-new-privileges")) in->no_new_privileges = true;
                else if (!strcmp(name, "seccomp")) {
                    in->seccomp = true;
                    free(in->seccomp_profile);
                    in->seccomp_profile = profile ? dg_xstrdup(profile) : NULL;
                }
            }
            free(copy);
        }
        const json_t *plugins = json_object_get(info, "Plugins");
        json_array_foreach(json_object_get(plugins, "Authorization"), i, e) {
            if (json_is_string(e) && in->authz_plugins.n < 256) dg_strv_push(&in->authz_plugins, json_string_value(e));
        }
        const json_t *reg = json_object_get(info, "RegistryConfig");
        json_array_foreach(json_object_get(reg, "InsecureRegistryCIDRs"), i, e) {
            const char *s = json_string_value(e);
            if (s && !loopback_cidr(s) && in->insecure_registries.n < 1024) dg_strv_push(&in->insecure_registries, s);
        }
        const char *name;
        json_t *ic;
        json_object_foreach(json_object_get(reg, "IndexConfigs"), name, ic) {
            if (json_is_false(json_object_get(ic, "Secure")) && in->insecure_registries.n < 1024 &&
                !dg_strv_contains(&in->insecure_registries, name))
                dg_strv_push(&in->insecure_registries, name);
        }
        const json_t *sw = json_object_get(info, "Swarm");
        if (json_is_object(sw)) {
            in->swarm_state = jstr(sw, "LocalNodeState");
            in->swarm_manager = jbool(sw, "ControlAvailable") == 1;
            in->swarm_node_addr = jstr(sw, "NodeAddr");
            const json_t *m = json_object_get(sw, "Managers"), *n = json_object_get(sw, "Nodes");
            if (json_is_integer(m)) in->swarm_managers = (int)json_integer_value(m);
            if (json_is_integer(n)) in->swarm_nodes = (int)json_integer_value(n);
        }
    }
    if (json_is_object(version)) {
        const char *v = json_string_value(json_object_get(version, "Version"));
        if (v) {
            free(in->server_version);
            in->server_version = dg_xstrdup(v);
        }
    }
}
