/* Secret detection shared by every rule that looks for credentials: ENV/ARG
 * in Dockerfiles, container environments, image config Env, and the content
 * of files inside images. Patterns are compiled once (thread-safe) and then
 * read-only. */
#ifndef DG_CORE_SECRETS_H
#define DG_CORE_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

struct secret_match {
    const char *kind;   /* human name: "AWS access key ID", "private key block", ... (static) */
    const char *id;     /* short stable id: "aws-access-key-id", "private-key", ... (static) */
    size_t off, len;    /* where in the scanned text */
    int line;           /* 1-based line within the scanned text (content scans) */
};

/* True when a variable/key name suggests a credential: PASSWORD, PASSWD,
 * SECRET, TOKEN, API_KEY, APIKEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS, ...
 * but not names that only mention them (PASSWORD_FILE, *_PATH, TOKEN_URL,
 * SECRET_NAME...). */
bool secrets_name_sensitive(const char *name);

/* True when value looks like a literal secret of a known shape (AWS key id,
 * GitHub/GitLab/Slack token, PEM private key, JWT-like, ...). Fills *m. */
bool secrets_value_match(const char *value, size_t len, struct secret_match *m);

/* True when a value is a placeholder or reference rather than a literal
 * secret: empty, "${VAR}", "$VAR", "<changeme>", "changeme", "xxx", "***". */
bool secrets_value_is_placeholder(const char *value);

/* Scans text for secrets (value shapes plus generic `password = "..."`
 * assignments with an entropy check) and calls cb for each match; cb returns
 * non-zero to stop. Returns the number of matches or -1 on an internal error. */
int secrets_scan_text(const char *text, size_t len, int (*cb)(void *ud, const struct secret_match *m), void *ud);

/* Redacted form of a secret for evidence: at most its first 4 characters
 * (fewer for short values) then "********"; never enough to use it.
 * Caller frees. */
char *secrets_redact(const char *value, size_t len);

#endif
