/* inventory constructors, destructors and the image↔container link. */
#include "model/inventory.h"

#include <stdlib.h>
#include <string.h>

void inv_init(struct inventory *v)
{
    memset(v, 0, sizeof *v);
}

void inv_free(struct inventory *v)
{
    for (size_t i = 0; i < v->nimages; i++) {
        free(v->images[i].id);
        dg_strv_free(&v->images[i].tags);
    }
    free(v->images);
    for (size_t i = 0; i < v->ncontainers; i++) {
        free(v->containers[i].id);
        free(v->containers[i].name);
        free(v->containers[i].image_id);
        free(v->containers[i].state);
    }
    free(v->containers);
    free(v->content_trust);
    memset(v, 0, sizeof *v);
}

struct inv_image *inv_add_image(struct inventory *v)
{
    if (v->nimages == v->cap_images) {
        v->cap_images = v->cap_images ? v->cap_images * 2 : 16;
        v->images = dg_xrealloc(v->images, v->cap_images * sizeof *v->images);
    }
    struct inv_image *im = &v->images[v->nimages++];
    memset(im, 0, sizeof *im);
    im->size = -1;
    return im;
}

struct inv_container *inv_add_container(struct inventory *v)
{
    if (v->ncontainers == v->cap_containers) {
        v->cap_containers = v->cap_containers ? v->cap_containers * 2 : 16;
        v->containers = dg_xrealloc(v->containers, v->cap_containers * sizeof *v->containers);
    }
    struct inv_container *c = &v->containers[v->ncontainers++];
    memset(c, 0, sizeof *c);
    return c;
}

static int image_cmp(const void *a, const void *b)
{
    const struct inv_image *x = a, *y = b;
    return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

void inv_link(struct inventory *v)
{
    /* Sorted ids and a binary search keep this linear-log for large hosts. */
    if (v->nimages > 1) qsort(v->images, v->nimages, sizeof *v->images, image_cmp);
    for (size_t i = 0; i < v->nimages; i++) v->images[i].containers = 0;
    for (size_t c = 0; c < v->ncontainers; c++) {
        const char *id = v->containers[c].image_id;
        if (!id) continue;
        struct inv_image key = {.id = (char *)id};
        struct inv_image *im = v->nimages ? bsearch(&key, v->images, v->nimages, sizeof *v->images, image_cmp) : NULL;
        if (im) im->containers++;
    }
}
