/* Fuzz target: audit rules parsing (auditctl syntax), the coverage test of
 * the paths dockguard audits, and mountinfo parsing of the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > HOST_MAX_RULES) return 0;
    struct host h;
    host_init(&h);
    struct dg_error err = {0};
    host_audit_parse((const char *)data, size, "fuzz.rules", &h, &err);
    static const char *const paths[] = {"/usr/bin/dockerd", "/run/containerd", "/var/lib/docker", "/etc/docker",
                                        "/var/run/docker.sock", "/etc/docker/daemon.json", "/"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const struct host_audit_rule *which;
        const char *why;
        host_audit_covers(&h, paths[i], &which, &why);
    }
    host_free(&h);
    char *mp = host_mount_point_of((const char *)data, size, "/var/lib/docker");
    free(mp);
    return 0;
}
