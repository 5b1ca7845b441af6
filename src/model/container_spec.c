/* container_spec constructors, destructors and normalisation. */
#include "model/container_spec.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cs_init(struct container_spec *c)
{
    memset(c, 0, sizeof *c);
}

void cs_strs_push(struct cs_strs *l, const char *s, struct dg_pos pos)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = dg_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n].s = dg_xstrdup(s ? s : "");
    l->v[l->n].pos = pos;
    l->n++;
}

void cs_strs_free(struct cs_strs *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].s);
    free(l->v);
    memset(l, 0, sizeof *l);
}

void cs_kvs_push(struct cs_kvs *l, const char *key, const char *value, struct dg_pos pos)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = dg_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    struct cs_kv *kv = &l->v[l->n++];
    kv->key = dg_xstrdup(key ? key : "");
    kv->value = value ? dg_xstrdup(value) : NULL;
    kv->pos = pos;
    /* "${VAR}" or "$VAR" alone is a reference resolved elsewhere, not a literal. */
    kv->value_is_ref = value && value[0] == '$';
}

void cs_kvs_free(struct cs_kvs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

struct cs_mount *cs_add_mount(struct container_spec *c)
{
    if (c->nmounts == c->cap_mounts) {
        c->cap_mounts = c->cap_mounts ? c->cap_mounts * 2 : 4;
        c->mounts = dg_xrealloc(c->mounts, c->cap_mounts * sizeof *c->mounts);
    }
    struct cs_mount *m = &c->mounts[c->nmounts++];
    memset(m, 0, sizeof *m);
    return m;
}

struct cs_port *cs_add_port(struct container_spec *c)
{
    if (c->nports == c->cap_ports) {
        c->cap_ports = c->cap_ports ? c->cap_ports * 2 : 4;
        c->ports = dg_xrealloc(c->ports, c->cap_ports * sizeof *c->ports);
    }
    struct cs_port *p = &c->ports[c->nports++];
    memset(p, 0, sizeof *p);
    return p;
}

void cs_free(struct container_spec *c)
{
    free(c->name); free(c->image); free(c->user);
    free(c->network_mode); free(c->pid_mode); free(c->ipc_mode); free(c->uts_mode);
    free(c->userns_mode); free(c->cgroup_parent); free(c->cgroupns_mode);
    free(c->restart_name); free(c->health_test);
    cs_strs_free(&c->cap_add); cs_strs_free(&c->cap_drop); cs_strs_free(&c->security_opt);
    cs_strs_free(&c->devices); cs_strs_free(&c->tmpfs); cs_strs_free(&c->env_files);
    cs_strs_free(&c->secrets);
    for (size_t i = 0; i < c->nmounts; i++) {
        free(c->mounts[i].source); free(c->mounts[i].target);
        free(c->mounts[i].propagation); free(c->mounts[i].raw);
    }
    free(c->mounts);
    for (size_t i = 0; i < c->nports; i++) {
        free(c->ports[i].host_ip); free(c->ports[i].proto); free(c->ports[i].raw);
    }
    free(c->ports);
    cs_kvs_free(&c->env); cs_kvs_free(&c->sysctls); cs_kvs_free(&c->ulimits); cs_kvs_free(&c->labels);
    free(c->build_context); free(c->build_dockerfile);
    free(c->live.health_status); free(c->live.apparmor_profile); free(c->live.id);
    free(c->live.image_id); free(c->live.created);
    free(c->live.process_label);
    dg_strv_free(&c->live.top_pids); dg_strv_free(&c->live.top_users); dg_strv_free(&c->live.top_cmds);
    memset(c, 0, sizeof *c);
}

static void cap_normalize(char *s)
{
    char *p = s;
    if (strncasecmp(p, "CAP_", 4) == 0) memmove(p, p + 4, strlen(p + 4) + 1);
    for (; *p; p++) *p = (char)toupper((unsigned char)*p);
}

void cs_normalize(struct container_spec *c)
{
    for (size_t i = 0; i < c->cap_add.n; i++) cap_normalize(c->cap_add.v[i].s);
    for (size_t i = 0; i < c->cap_drop.n; i++) cap_normalize(c->cap_drop.v[i].s);
    c->no_new_privileges = false;
    for (size_t i = 0; i < c->security_opt.n; i++) {
        const char *o = c->security_opt.v[i].s;
        /* Docker accepts "no-new-privileges", "no-new-privileges:true" and "=true". */
        if (strcasecmp(o, "no-new-privileges") == 0 || strcasecmp(o, "no-new-privileges:true") == 0 ||
            strcasecmp(o, "no-new-privileges=true") == 0)
            c->no_new_privileges = true;
    }
    for (size_t i = 0; i < c->nports; i++) {
        char *ip = c->ports[i].host_ip;
        if (ip && ip[0] == '[') {
            size_t n = strlen(ip);
            if (n >= 2 && ip[n - 1] == ']') {
                memmove(ip, ip + 1, n - 2);
                ip[n - 2] = '\0';
            }
        }
    }
}

struct dg_pos cs_pos(const struct container_spec *c, enum cs_field f)
{
    if ((unsigned)f < CS_FIELD__COUNT && c->pos[f].line) return c->pos[f];
    if (c->pos[CS_NAME].line) return c->pos[CS_NAME];
    return c->pos[CS_IMAGE];
}

int cs_parse_bytes(const char *s, int64_t *out)
{
    if (!s || !*s) return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0 || !isfinite(v)) return -1;
    double mul = 1;
    switch (tolower((unsigned char)*end)) {
    case '\0': break;
    case 'b': mul = 1; end++; break;
    case 'k': mul = 1024.0; end++; break;
    case 'm': mul = 1024.0 * 1024; end++; break;
    case 'g': mul = 1024.0 * 1024 * 1024; end++; break;
    case 't': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
    case 'p': mul = 1024.0 * 1024 * 1024 * 1024 * 1024; end++; break;
    default: return -1;
    }
    /* optional "b"/"ib" suffix after the unit: "512mb", "1GiB" */
    if (tolower((unsigned char)*end) == 'i') end++;
    if (tolower((unsigned char)*end) == 'b' && mul != 1) end++;
    if (*end) return -1;
    double r = v * mul;
    if (r > 9.2e18) return -1;
    *out = (int64_t)r;
    return 0;
}
