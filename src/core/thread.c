/* See thread.h. sched_getcpu and thread CPU affinity are GNU extensions. */
#define _GNU_SOURCE 1
#include "core/thread.h"
#include "core/util.h"

#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>

struct start {
    void *(*fn)(void *);
    void *arg;
    cpu_set_t cpus;   /* the process's CPUs, restored in the thread */
    bool have_cpus;
};

static void *trampoline(void *p)
{
    struct start s = *(struct start *)p;
    free(p);
    if (s.have_cpus) (void)sched_setaffinity(0, sizeof s.cpus, &s.cpus);
    return s.fn(s.arg);
}

int dg_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    struct start *s = dg_xmalloc(sizeof *s);
    s->fn = fn;
    s->arg = arg;
    s->have_cpus = sched_getaffinity(0, sizeof s->cpus, &s->cpus) == 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (s->have_cpus) {
        cpu_set_t others = s->cpus;
        int cur = sched_getcpu();
        if (cur >= 0 && cur < CPU_SETSIZE) CPU_CLR(cur, &others);
        /* A single usable CPU: nothing to spread over. */
        if (CPU_COUNT(&others) > 0) (void)pthread_attr_setaffinity_np(&attr, sizeof others, &others);
    }
    int rc = pthread_create(t, &attr, trampoline, s);
    pthread_attr_destroy(&attr);
    if (rc != 0) free(s);
    return rc;
}
