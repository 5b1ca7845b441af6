/* A byte source for the archive reader that streams an image from the
 * Docker daemon (GET /images/{name}/get) without a temporary file. */
#ifndef DG_IMAGE_ARCHIVE_DAEMON_H
#define DG_IMAGE_ARCHIVE_DAEMON_H

#include <sys/types.h>

struct dg_error;
struct iarchive_daemon;

/* host: "unix:///path", "tcp://h:p" or NULL (DOCKER_HOST, else the default
 * socket). Nothing is sent until the first read. */
int iarchive_daemon_open(const char *host, const char *image, struct iarchive_daemon **out, struct dg_error *err);
/* An iarchive_source_fn: pass the handle as its user data. */
ssize_t iarchive_daemon_read(void *ud, const void **buf, struct dg_error *err);
void iarchive_daemon_close(struct iarchive_daemon *d);
/* "GET /images/NAME/get", for messages. */
const char *iarchive_daemon_what(const struct iarchive_daemon *d);

#endif
