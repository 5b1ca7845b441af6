/* Starting helper threads where they can run at once. */
#ifndef DG_CORE_THREAD_H
#define DG_CORE_THREAD_H

#include <pthread.h>

/* Like pthread_create, but the thread is started on a CPU other than the
 * caller's (when the process may use another), and allowed on all of the
 * process's CPUs again as soon as it runs.
 *
 * Why: Linux may place a new thread on its creator's CPU, where it waits
 * until the creator blocks or the load balancer moves it. A creator that
 * goes on computing (the lint walk, the JSON writer) made its helper start
 * 1.5-3 ms late, which is most of the gain of a helper on runs this short. */
int dg_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
