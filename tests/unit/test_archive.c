/* Unit tests for src/image/archive*: the one-pass reader over in-memory
 * archives (member order, plain/gzip layers, both digests, links between
 * members, content hooks, every bound) and manifest resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "image/archive.h"
#include "image/archive_manifest.h"
#include "model/image_spec.h"

/* ---- building archives in memory ------------------------------------- */

struct mem {
    char *data;
    size_t len, cap;
};

struct member {
    const char *name;
    const char *data;   /* NULL for a folder */
    size_t len;
    const char *symlink;
    unsigned mode;
};

static la_ssize_t mem_write(struct archive *a, void *ud, const void *buf, size_t n)
{
    (void)a;
    struct mem *m = ud;
    if (m->len + n > m->cap) {
        m->cap = (m->len + n) * 2;
        m->data = realloc(m->data, m->cap);
    }
    memcpy(m->data + m->len, buf, n);
    m->len += n;
    return (la_ssize_t)n;
}

static struct mem make_tar(const struct member *ms, size_t n, bool gz)
{
    struct mem m = {0};
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (gz) archive_write_add_filter_gzip(a);
    archive_write_set_bytes_in_last_block(a, 1);
    assert_int_equal(archive_write_open(a, &m, NULL, mem_write, NULL), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, ms[i].name);
        if (ms[i].symlink) {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, ms[i].symlink);
            archive_entry_set_perm(e, 0777);
        } else if (!ms[i].data) {
            archive_entry_set_filetype(e, AE_IFDIR);
            archive_entry_set_perm(e, 0755);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, ms[i].mode ? ms[i].mode : 0644);
            archive_entry_set_size(e, (la_int64_t)ms[i].len);
        }
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        if (ms[i].data && ms[i].len) archive_write_data(a, ms[i].data, ms[i].len);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return m;
}

static void sha256_hex(const void *d, size_t n, char out[72])
{
    unsigned char md[32];
    unsigned len = 0;
    EVP_Digest(d, n, md, &len, EVP_sha256(), NULL);
    strcpy(out, "sha256:");
    for (int i = 0; i < 32; i++) sprintf(out + 7 + 2 * i, "%02x", md[i]);
}

/* A memory byte source, in small blocks so block boundaries are exercised;
 * fail_at > 0 makes it fail once that many bytes were given. */
struct src {
    const char *data;
    size_t len, off, block, fail_at;
};

static ssize_t src_read(void *ud, const void **buf, struct dg_error *err)
{
    struct src *s = ud;
    if (s->fail_at && s->off >= s->fail_at) {
        dg_error_set(err, DG_ERR_IO, "source broke");
        return -1;
    }
    size_t n = s->len - s->off;
    if (n > s->block) n = s->block;
    *buf = s->data + s->off;
    s->off += n;
    return (ssize_t)n;
}

static int read_mem(const struct mem *m, const struct iarchive_limits *lim, const struct iarchive_hooks *h,
                    struct iarchive_contents *c, struct dg_error *err, size_t fail_at)
{
    struct src s = {m->data, m->len, 0, 777, fail_at};
    struct iarchive_limits dl;
    iarchive_limits_default(&dl);
    return iarchive_read_callback("mem.tar", src_read, &s, m->len, lim ? lim : &dl, h, c, err);
}

/* A one-layer image in the classic layout; the layer may be gzipped. */
struct img {
    struct mem layer, outer;
    char layer_digest[72], diff_id[72];
    char cfg[1024], manifest[512], cfgname[80];
};

static void make_image(struct img *im, const struct member *files, size_t n, bool gz, bool manifest_first,
                       const char *layer_path)
{
    memset(im, 0, sizeof *im);
    struct mem plain = make_tar(files, n, false);
    sha256_hex(plain.data, plain.len, im->diff_id);
    im->layer = gz ? make_tar(files, n, true) : plain;
    if (gz) free(plain.data);
    sha256_hex(im->layer.data, im->layer.len, im->layer_digest);
    snprintf(im->cfg, sizeof im->cfg,
             "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\",\"Env\":[\"A=1\",\"TOKEN=x\"],"
             "\"ExposedPorts\":{\"22/tcp\":{},\"80/udp\":{}},\"Healthcheck\":{\"Test\":[\"NONE\"]},"
             "\"Entrypoint\":[\"/bin/sh\",\"-c\",\"run\"]},"
             "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]},"
             "\"history\":[{\"created_by\":\"ENV A=1\",\"empty_layer\":true},{\"created_by\":\"COPY . /\"}]}",
             im->diff_id);
    char cd[72];
    sha256_hex(im->cfg, strlen(im->cfg), cd);
    snprintf(im->cfgname, sizeof im->cfgname, "%s.json", cd + 7);
    snprintf(im->manifest, sizeof im->manifest, "[{\"Config\":\"%s\",\"RepoTags\":[\"t/app:1\"],\"Layers\":[\"%s\"]}]",
             im->cfgname, layer_path);
    struct member om[4];
    size_t k = 0;
    if (manifest_first) om[k++] = (struct member){"manifest.json", im->manifest, strlen(im->manifest), NULL, 0};
    om[k++] = (struct member){"abc", NULL, 0, NULL, 0};
    om[k++] = (struct member){"abc/layer.tar", im->layer.data, im->layer.len, NULL, 0};
    om[k++] = (struct member){im->cfgname, im->cfg, strlen(im->cfg), NULL, 0};
    if (!manifest_first) om[k++] = (struct member){"manifest.json", im->manifest, strlen(im->manifest), NULL, 0};
    im->outer = make_tar(om, k, false);
}

static void free_image(struct img *im)
{
    free(im->layer.data);
    free(im->outer.data);
}

static const struct member FILES[] = {
    {"etc", NULL, 0, NULL, 0},
    {"etc/passwd", "root:x:0:0::/root:/bin/sh\n", 26, NULL, 0},
    {"usr/bin/su", "\x7f" "ELF", 4, NULL, 04755},
    {"bin", NULL, 0, "usr/bin", 0},
    {"app/.wh.old", "", 0, NULL, 0},
    {"app/cfg/.wh..wh..opq", "", 0, NULL, 0},
};
#define NFILES (sizeof FILES / sizeof FILES[0])

/* ---- tests ------------------------------------------------------------ */

static void check_one_image(struct iarchive_contents *c, const struct img *im, bool gz)
{
    struct iarchive_index x;
    struct dg_error err = {0};
    assert_int_equal(iarchive_resolve(c, "mem.tar", &x, &err), 0);
    assert_int_equal(x.n, 1);
    const struct iarchive_image *img = &x.images[0];
    assert_string_equal(img->ref, "t/app:1");
    assert_int_equal(img->nlayers, 1);
    assert_non_null(img->layers[0].blob);
    const struct iarchive_blob *b = img->layers[0].blob;
    assert_int_equal(b->kind, AB_LAYER);
    assert_string_equal(b->compression, gz ? "gzip" : "none");
    assert_string_equal(b->digest, im->layer_digest);
    assert_string_equal(b->diff_id, im->diff_id);
    assert_string_equal(img->layers[0].diff_id, im->diff_id);
    assert_string_equal(img->layers[0].created_by, "COPY . /");
    assert_null(b->error);
    /* Entries, with whiteouts and opaque markers named by what they remove. */
    const struct fs_layer *L = b->layer;
    assert_int_equal(L->n, NFILES);
    assert_string_equal(L->entries[2].path, "usr/bin/su");
    assert_int_equal(L->entries[2].mode, 04755);
    assert_int_equal(L->entries[3].type, FS_SYMLINK);
    assert_string_equal(L->entries[3].link, "usr/bin");
    assert_int_equal(L->entries[4].type, FS_WHITEOUT);
    assert_string_equal(L->entries[4].path, "app/old");
    assert_int_equal(L->entries[5].type, FS_OPAQUE);
    assert_string_equal(L->entries[5].path, "app/cfg");
    /* Config → image_spec. */
    struct image_spec spec;
    assert_int_equal(iarchive_image_spec(img, "mem.tar", &spec, &err), 0);
    assert_string_equal(spec.user, "app");
    assert_int_equal(spec.env.n, 2);
    assert_string_equal(spec.env.v[1].key, "TOKEN");
    assert_int_equal(spec.nports, 2);
    assert_int_equal(spec.health, IS_HEALTH_NONE);
    assert_true(spec.entrypoint_shell);
    assert_int_equal(spec.nhistory, 2);
    assert_true(spec.history[0].empty_layer);
    is_free(&spec);
    for (size_t i = 0; i < c->n; i++) assert_true(c->blobs[i].referenced || c->blobs[i].kind == AB_LINK);
    assert_true(iarchive_image_matches(img, "t/app:1"));
    assert_false(iarchive_image_matches(img, "t/app:2"));
    iarchive_index_free(&x);
}

static void test_plain_manifest_last(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, false, false, "abc/layer.tar");
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, NULL, NULL, &c, &err, 0), 0);
    check_one_image(&c, &im, false);
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_gzip_manifest_first(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, true, true, "abc/layer.tar");
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, NULL, NULL, &c, &err, 0), 0);
    check_one_image(&c, &im, true);
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_layer_entry_bound(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, false, false, "abc/layer.tar");
    struct iarchive_limits lim;
    iarchive_limits_default(&lim);
    lim.layer_entries_max = 3;
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, &lim, NULL, &c, &err, 0), DG_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "layer has more than 3 entries"));
    iarchive_contents_free(&c);
    iarchive_limits_default(&lim);
    lim.total_entries_max = 2;
    memset(&c, 0, sizeof c);
    assert_int_equal(read_mem(&im.outer, &lim, NULL, &c, &err, 0), DG_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "more than 2 entries in all"));
    iarchive_contents_free(&c);
    iarchive_limits_default(&lim);
    lim.names_total_max = 20;
    memset(&c, 0, sizeof c);
    assert_int_equal(read_mem(&im.outer, &lim, NULL, &c, &err, 0), DG_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "entry names of the layers exceed 20 bytes"));
    iarchive_contents_free(&c);
    iarchive_limits_default(&lim);
    lim.outer_entries_max = 2;
    memset(&c, 0, sizeof c);
    assert_int_equal(read_mem(&im.outer, &lim, NULL, &c, &err, 0), DG_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "more than 2 members"));
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_json_bound(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, false, false, "abc/layer.tar");
    struct iarchive_limits lim;
    iarchive_limits_default(&lim);
    lim.json_max = 64; /* the config is larger, the manifest too */
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, &lim, NULL, &c, &err, 0), 0);
    struct iarchive_blob *m = iarchive_find(&c, "manifest.json");
    assert_non_null(m);
    assert_int_equal(m->kind, AB_OTHER);
    assert_non_null(strstr(m->error, "JSON document too large"));
    struct iarchive_index x;
    assert_int_equal(iarchive_resolve(&c, "mem.tar", &x, &err), 0);
    assert_int_equal(x.n, 0);
    assert_int_equal(x.problems.n, 1);
    iarchive_index_free(&x);
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_source_failure(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, true, false, "abc/layer.tar");
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_true(read_mem(&im.outer, NULL, NULL, &c, &err, 2000) < 0);
    assert_non_null(strstr(err.msg, "source broke"));
    iarchive_contents_free(&c);
    free_image(&im);
}

struct seen {
    int want_calls, content_calls, more_calls;
    char last[64];
    size_t last_len;
};

static size_t h_want(void *ud, const char *path, uint64_t size)
{
    struct seen *s = ud;
    s->want_calls++;
    (void)size;
    return strcmp(path, "etc/passwd") == 0 ? 5 : 0;
}

static void h_content(void *ud, struct fs_layer *l, struct fs_entry *e, const char *buf, size_t len)
{
    struct seen *s = ud;
    (void)l;
    s->content_calls++;
    snprintf(s->last, sizeof s->last, "%s:%.*s", e->path, (int)len, buf);
    s->last_len = len;
}

static void test_hooks(void **state)
{
    (void)state;
    struct img im;
    make_image(&im, FILES, NFILES, true, false, "abc/layer.tar");
    struct seen s = {0};
    struct iarchive_hooks h = {h_want, h_content, NULL, NULL, &s};
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, NULL, &h, &c, &err, 0), 0);
    /* Asked for each non-empty regular file (passwd, su); whiteouts are empty. */
    assert_int_equal(s.want_calls, 2);
    assert_int_equal(s.content_calls, 1);
    assert_string_equal(s.last, "etc/passwd:root:");
    /* Reading content does not disturb the digests. */
    check_one_image(&c, &im, true);
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_linked_layer(void **state)
{
    (void)state;
    /* docker save writes a repeated layer as a symlink to the first copy. */
    struct img im;
    make_image(&im, FILES, NFILES, false, false, "def/layer.tar");
    /* Append a member "def/layer.tar" → "../abc/layer.tar" by rebuilding. */
    struct member om[] = {
        {"def/layer.tar", NULL, 0, "../abc/layer.tar", 0},
        {"abc/layer.tar", im.layer.data, im.layer.len, NULL, 0},
        {im.cfgname, im.cfg, strlen(im.cfg), NULL, 0},
        {"manifest.json", im.manifest, strlen(im.manifest), NULL, 0},
        {"evil", NULL, 0, "../../etc/passwd", 0},
    };
    free(im.outer.data);
    im.outer = make_tar(om, 5, false);
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_int_equal(read_mem(&im.outer, NULL, NULL, &c, &err, 0), 0);
    struct iarchive_blob *b = iarchive_find(&c, "def/layer.tar");
    assert_non_null(b);
    assert_string_equal(b->path, "abc/layer.tar");
    assert_int_equal(c.outer_anomalies.n, 1);
    assert_non_null(strstr(c.outer_anomalies.v[0], "evil -> ../../etc/passwd"));
    assert_null(iarchive_find(&c, "evil"));
    iarchive_contents_free(&c);
    free_image(&im);
}

static void test_not_an_archive(void **state)
{
    (void)state;
    struct mem m = {dg_xstrdup("hello, not a tar at all\n"), 24, 25};
    struct iarchive_contents c = {0};
    struct dg_error err = {0};
    assert_true(read_mem(&m, NULL, NULL, &c, &err, 0) < 0);
    assert_non_null(strstr(err.msg, "mem.tar"));
    iarchive_contents_free(&c);
    free(m.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_manifest_last),
        cmocka_unit_test(test_gzip_manifest_first),
        cmocka_unit_test(test_layer_entry_bound),
        cmocka_unit_test(test_json_bound),
        cmocka_unit_test(test_source_failure),
        cmocka_unit_test(test_hooks),
        cmocka_unit_test(test_linked_layer),
        cmocka_unit_test(test_not_an_archive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
