/* .dockerignore parsing and matching (placeholder until the parser lands). */
#include <stdlib.h>

struct dockerignore;
void dockerignore_free(struct dockerignore *d);
void dockerignore_free(struct dockerignore *d) { free(d); }
