/* host constructor, destructor and uid/gid names. */
#include "model/host.h"

#include <stdlib.h>
#include <string.h>

void host_init(struct host *h)
{
    memset(h, 0, sizeof *h);
    h->data_root_separate = -1;
    h->docker_group = -1;
    h->audit_state = -1;
    h->fips = -1;
    h->swarm_ports_any = -1;
}

void host_free(struct host *h)
{
    free(h->root);
    free(h->data_root);
    free(h->data_root_mount);
    free(h->mountinfo_error);
    dg_strv_free(&h->docker_members);
    free(h->audit_error);
    for (size_t i = 0; i < h->naudit; i++) {
        free(h->audit[i].path);
        free(h->audit[i].perms);
        free(h->audit[i].key);
        free(h->audit[i].file);
    }
    free(h->audit);
    dg_strv_free(&h->audit_sources);
    char **strs[] = {&h->bin_dockerd, &h->bin_containerd, &h->bin_shim, &h->bin_shim_v1, &h->bin_shim_v2,
                     &h->bin_runc, &h->unit_service, &h->unit_socket, &h->docker_sock, &h->containerd_sock,
                     &h->engine_version, &h->swarm_listener};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) free(*strs[i]);
    for (size_t i = 0; i < h->nperms; i++) free(h->perms[i].path);
    free(h->perms);
    for (size_t i = 0; i < h->nusers; i++) free(h->users[i].name);
    for (size_t i = 0; i < h->ngroups; i++) free(h->groups[i].name);
    free(h->users);
    free(h->groups);
    memset(h, 0, sizeof *h);
}

static const char *id_name(const struct host_id_name *v, size_t n, unsigned id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].id == id) return v[i].name;
    return NULL;
}

const char *host_user_name(const struct host *h, unsigned uid)
{
    return id_name(h->users, h->nusers, uid);
}

const char *host_group_name(const struct host *h, unsigned gid)
{
    return id_name(h->groups, h->ngroups, gid);
}
