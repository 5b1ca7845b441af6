/* Processes of local containers read from the host's /proc, grouped by
 * control group: the same set `docker top` shows (the container's cgroup),
 * without asking the daemon to run ps once per container. Used by audit
 * when the daemon runs on this machine, in our pid namespace, and we are
 * root; otherwise GET /containers/{id}/top is used. */
#ifndef DG_ENGINE_PROCS_H
#define DG_ENGINE_PROCS_H

#include "model/container_spec.h"

#define ENGINE_PROCS_MAX 1000000u   /* processes scanned at most */

struct engine_procs;

/* Scans proc_dir ("/proc"). NULL when it cannot be read. */
struct engine_procs *engine_procs_scan(const char *proc_dir);
/* Fills c->live.top_* with the processes sharing the cgroup of
 * c->live.pid. Returns 0, or -1 when that cannot be told (process gone, or
 * its cgroup is the auditor's own, as without cgroup separation). */
int engine_procs_apply(const struct engine_procs *p, struct container_spec *c);
void engine_procs_free(struct engine_procs *p);

#endif
