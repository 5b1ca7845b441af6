/* daemon_spec constructors, destructor and effective-value helpers. */
#include "model/daemon_spec.h"

#include <stdlib.h>
#include <string.h>

static const char *const field_keys[DS_FIELD__COUNT] = {
    "icc", "log-level", "iptables", "insecure-registries", "storage-driver", "hosts",
    "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "default-ulimits", "userns-remap",
    "cgroup-parent", "storage-opts", "authorization-plugins", "log-driver", "log-opts",
    "no-new-privileges", "live-restore", "userland-proxy", "seccomp-profile", "experimental",
    "data-root", "debug", "selinux-enabled", "rootless", "containerd", "ip",
};

const char *ds_field_key(enum ds_field f)
{
    return (unsigned)f < DS_FIELD__COUNT ? field_keys[f] : "?";
}

void ds_init(struct daemon_spec *d)
{
    memset(d, 0, sizeof *d);
    d->icc = d->iptables = d->tls = d->tlsverify = d->no_new_privileges = -1;
    d->live_restore = d->userland_proxy = d->experimental = d->debug = d->selinux = d->rootless = -1;
    d->info.live_restore = d->info.experimental = d->info.debug = -1;
    d->info.swarm_managers = d->info.swarm_nodes = -1;
    d->info.bridge_icc = -1;
    d->swarm.autolock = -1;
    d->swarm.node_cert_expiry_s = -1;
    d->swarm.nservices = d->swarm.nsecrets = d->swarm.services_with_secrets = -1;
}

static void info_free(struct ds_info *i)
{
    free(i->server_version);
    free(i->driver);
    free(i->logging_driver);
    free(i->docker_root_dir);
    free(i->cgroup_driver);
    free(i->seccomp_profile);
    free(i->swarm_state);
    free(i->swarm_node_addr);
    dg_strv_free(&i->security_options);
    dg_strv_free(&i->authz_plugins);
    dg_strv_free(&i->insecure_registries);
}

void ds_free(struct daemon_spec *d)
{
    free(d->config_path);
    free(d->config_error);
    free(d->args_source);
    free(d->exe);
    dg_strv_free(&d->argv);
    dg_strv_free(&d->conflicts);
    dg_strv_free(&d->arg_files);
    char **strs[] = {&d->log_level, &d->storage_driver, &d->tlscacert, &d->tlscert, &d->tlskey,
                     &d->userns_remap, &d->cgroup_parent, &d->log_driver, &d->seccomp_profile,
                     &d->data_root, &d->containerd, &d->ip};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) free(*strs[i]);
    dg_strv_free(&d->insecure_registries);
    dg_strv_free(&d->hosts);
    dg_strv_free(&d->default_ulimits);
    dg_strv_free(&d->storage_opts);
    dg_strv_free(&d->authz_plugins);
    dg_strv_free(&d->log_opts);
    info_free(&d->info);
    for (size_t i = 0; i < d->swarm.nnetworks; i++) {
        free(d->swarm.networks[i].name);
        free(d->swarm.networks[i].id);
    }
    free(d->swarm.networks);
    memset(d, 0, sizeof *d);
}

struct dg_pos ds_pos(const struct daemon_spec *d, enum ds_field f)
{
    if ((unsigned)f < DS_FIELD__COUNT && d->src[f] != DS_SRC_DEFAULT) return d->pos[f];
    struct dg_pos p = {d->config_path ? d->config_path : "/etc/docker/daemon.json", 0, 0};
    return p;
}

bool ds_icc_enabled(const struct daemon_spec *d)
{
    /* The bridge network's own option is what the kernel rules follow. */
    if (d->info.bridge_icc >= 0) return d->info.bridge_icc == 1;
    return d->icc != 0;
}

bool ds_swarm_active(const struct daemon_spec *d)
{
    const char *s = d->info.swarm_state;
    return s && (strcmp(s, "active") == 0 || strcmp(s, "locked") == 0);
}

const char *ds_storage_driver(const struct daemon_spec *d)
{
    if (d->info.present && d->info.driver && *d->info.driver) return d->info.driver;
    return d->storage_driver;
}

const char *ds_log_driver(const struct daemon_spec *d)
{
    if (d->info.present && d->info.logging_driver && *d->info.logging_driver) return d->info.logging_driver;
    return d->log_driver ? d->log_driver : "json-file";
}

const char *ds_data_root(const struct daemon_spec *d)
{
    if (d->info.present && d->info.docker_root_dir && *d->info.docker_root_dir) return d->info.docker_root_dir;
    return d->data_root ? d->data_root : "/var/lib/docker";
}

const char *ds_version(const struct daemon_spec *d)
{
    return d->info.server_version;
}
