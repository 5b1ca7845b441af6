/* image_spec constructors and destructors. */
#include "model/image_spec.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void is_init(struct image_spec *s)
{
    memset(s, 0, sizeof *s);
}

void is_free(struct image_spec *s)
{
    free(s->ref); free(s->id); free(s->base); free(s->user); free(s->health_test);
    cs_kvs_free(&s->env);
    cs_kvs_free(&s->labels);
    for (size_t i = 0; i < s->nports; i++) free(s->ports[i].proto);
    free(s->ports);
    dg_strv_free(&s->entrypoint);
    dg_strv_free(&s->cmd);
    free(s->workdir);
    dg_strv_free(&s->volumes);
    free(s->os); free(s->arch); free(s->created);
    for (size_t i = 0; i < s->nhistory; i++) free(s->history[i].created_by);
    free(s->history);
    memset(s, 0, sizeof *s);
}

struct is_history *is_add_history(struct image_spec *s)
{
    if (s->nhistory == s->cap_history) {
        s->cap_history = s->cap_history ? s->cap_history * 2 : 8;
        s->history = dg_xrealloc(s->history, s->cap_history * sizeof *s->history);
    }
    struct is_history *h = &s->history[s->nhistory++];
    memset(h, 0, sizeof *h);
    return h;
}

struct is_port *is_add_port(struct image_spec *s)
{
    if (s->nports == s->cap_ports) {
        s->cap_ports = s->cap_ports ? s->cap_ports * 2 : 4;
        s->ports = dg_xrealloc(s->ports, s->cap_ports * sizeof *s->ports);
    }
    struct is_port *p = &s->ports[s->nports++];
    memset(p, 0, sizeof *p);
    return p;
}

bool is_user_is_root(const char *user)
{
    if (!user || !*user) return true;
    size_t n = strcspn(user, ":");
    /* The user part decides; "0:0", "root:root", "root:1000" all run as uid 0. */
    return (n == 4 && strncmp(user, "root", 4) == 0) || (n == 1 && user[0] == '0') ||
           (n > 1 && strspn(user, "0") == n);
}
