/* Unit tests for src/core: buffers, suppressions, config, trust of images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/batchio.h"
#include "core/config.h"
#include "core/dirlist.h"
#include "core/error.h"
#include "core/finding.h"
#include "core/util.h"
#include "model/container_spec.h"
#include "model/image_spec.h"

static void test_buf_bounded(void **state)
{
    (void)state;
    struct dg_buf b;
    dg_buf_init(&b, 8);
    assert_int_equal(dg_buf_puts(&b, "1234"), 0);
    assert_int_equal(dg_buf_puts(&b, "5678"), 0);
    assert_int_equal(dg_buf_puts(&b, "9"), -1);
    assert_string_equal(b.data, "12345678");
    dg_buf_free(&b);
}

static void test_suppress_next_line_and_global(void **state)
{
    (void)state;
    struct dg_report r;
    dg_report_init(&r, "lint");
    const char *text = "FROM x\n# dockguard ignore=DG-B001,DG-B002\n\nRUN a\nRUN b # dockguard ignore=DG-B009\n"
                       "# dockguard global ignore=DG-I\n";
    dg_report_add_source(&r, "Dockerfile", text, strlen(text));
    assert_true(dg_report_is_suppressed(&r, "Dockerfile", 4, "DG-B001"));
    assert_true(dg_report_is_suppressed(&r, "Dockerfile", 4, "DG-B002"));
    assert_false(dg_report_is_suppressed(&r, "Dockerfile", 4, "DG-B003"));
    assert_false(dg_report_is_suppressed(&r, "Dockerfile", 1, "DG-B001"));
    assert_true(dg_report_is_suppressed(&r, "Dockerfile", 5, "DG-B009"));
    assert_true(dg_report_is_suppressed(&r, "Dockerfile", 1, "DG-I001"));
    assert_false(dg_report_is_suppressed(&r, "other", 4, "DG-B001"));
    dg_report_free(&r);
}

static char *write_tmp(const char *text)
{
    char *path = dg_xstrdup("/tmp/dgtestXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void test_config_load(void **state)
{
    (void)state;
    char *p = write_tmp("ignore: [DG-B001]\nseverity:\n  DG-C001: low\ntrusted-registries:\n  - registry.acme.io\n"
                        "fail-on: high\nignore-paths:\n  - path: 'tests/*'\n    rules: [DG-C]\n");
    struct dg_config c;
    struct dg_error e = {0};
    dg_config_init(&c);
    assert_int_equal(dg_config_load(&c, p, &e), 0);
    assert_true(dg_config_ignored(&c, "DG-B001", "Dockerfile"));
    assert_false(dg_config_ignored(&c, "DG-B002", "Dockerfile"));
    assert_true(dg_config_ignored(&c, "DG-C005", "tests/compose.yml"));
    assert_false(dg_config_ignored(&c, "DG-C005", "src/compose.yml"));
    assert_int_equal(dg_config_severity(&c, "DG-C001", DG_SEV_HIGH), DG_SEV_LOW);
    assert_int_equal(c.fail_on, DG_SEV_HIGH);
    assert_true(dg_config_image_trusted(&c, "registry.acme.io/team/app:1"));
    assert_true(dg_config_image_trusted(&c, "nginx:1.25"));
    assert_true(dg_config_image_trusted(&c, "docker.io/library/nginx"));
    assert_false(dg_config_image_trusted(&c, "randomuser/nginx:latest"));
    assert_false(dg_config_image_trusted(&c, "evil.io/registry.acme.io/x"));
    dg_config_free(&c);
    unlink(p);
    free(p);
}

static void test_config_errors_name_line(void **state)
{
    (void)state;
    char *p = write_tmp("ignore: [DG-B001]\nfail-on: sometimes\n");
    struct dg_config c;
    struct dg_error e = {0};
    dg_config_init(&c);
    assert_true(dg_config_load(&c, p, &e) < 0);
    assert_non_null(strstr(e.msg, ":2: unknown severity"));
    dg_config_free(&c);
    unlink(p);
    free(p);
    p = write_tmp("igonre: [x]\n");
    dg_config_init(&c);
    assert_true(dg_config_load(&c, p, &e) < 0);
    assert_non_null(strstr(e.msg, ":1: unknown key 'igonre'"));
    dg_config_free(&c);
    unlink(p);
    free(p);
}

static void test_bytes_and_root(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(cs_parse_bytes("512m", &v), 0);
    assert_int_equal(v, 512LL * 1024 * 1024);
    assert_int_equal(cs_parse_bytes("1GB", &v), 0);
    assert_int_equal(v, 1024LL * 1024 * 1024);
    assert_int_equal(cs_parse_bytes("1.5g", &v), 0);
    assert_int_equal(cs_parse_bytes("12x", &v), -1);
    assert_int_equal(cs_parse_bytes("", &v), -1);
    assert_true(is_user_is_root(NULL));
    assert_true(is_user_is_root("0:0"));
    assert_true(is_user_is_root("root:root"));
    assert_true(is_user_is_root("000"));
    assert_false(is_user_is_root("1000"));
    assert_false(is_user_is_root("rootless"));
    assert_false(is_user_is_root("10"));
}

static void touch(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
}

/* Folder listings: sorted by name whatever the file system's order, typed
 * without a stat, symbolic links reported as links, bounded. */
static char *fmt_in(struct dg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *fmt_in(struct dg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = dg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

/* The arena: alignment, arrays grown in place or moved with their
 * contents, strings, blocks of their own, adoption of another arena's
 * objects. The sanitizer build runs the same checks one block per object. */
static void test_arena(void **state)
{
    (void)state;
    struct dg_arena a, b;
    dg_arena_init(&a, 100);
    char *s1 = dg_arena_strdup(&a, "hello");
    assert_null(dg_arena_strdup(&a, NULL));
    char *s2 = dg_arena_strndup(&a, "worldwide", 5);
    long double *ld = dg_arena_alloc(&a, sizeof *ld);
    assert_int_equal((uintptr_t)ld % _Alignof(long double), 0);
    *ld = 1.5L;
    /* An array grown while it is the latest allocation, then after
     * something else was allocated: its contents survive both. */
    size_t cap = 0;
    int *v = NULL;
    for (int i = 0; i < 1000; i++) {
        v = dg_arena_reserve(&a, v, (size_t)i, &cap, sizeof *v);
        v[i] = i * 3;
        if (i == 500) (void)dg_arena_strdup(&a, "in between");
    }
    assert_true(cap >= 1000);
    for (int i = 0; i < 1000; i++) assert_int_equal(v[i], i * 3);
    int *z = dg_arena_calloc(&a, 64, sizeof *z);
    for (int i = 0; i < 64; i++) assert_int_equal(z[i], 0);
    /* Bigger than a chunk: a block of its own, and later small objects
     * still fit in the current chunk. */
    char *big = dg_arena_alloc(&a, 1u << 20);
    memset(big, 'x', 1u << 20);
    char *after = dg_arena_strdup(&a, "after");
    assert_string_equal(s1, "hello");
    assert_string_equal(s2, "world");
    assert_true(*ld == 1.5L);
    assert_string_equal(after, "after");
    assert_int_equal(big[(1u << 20) - 1], 'x');
    /* Objects of b live on in a once adopted; b is empty and usable. */
    dg_arena_init(&b, 0);
    char *kept = dg_arena_strdup(&b, "adopted");
    dg_arena_adopt(&a, &b);
    assert_null(b.head);
    char *again = dg_arena_strdup(&b, "b again");
    assert_string_equal(kept, "adopted");
    assert_string_equal(again, "b again");
    /* Growing a block that is not the latest copies; shrinking keeps it. */
    char *g = dg_arena_alloc(&a, 8);
    memcpy(g, "1234567", 8);
    (void)dg_arena_alloc(&a, 8);
    char *g2 = dg_arena_grow(&a, g, 8, 4096);
    assert_string_equal(g2, "1234567");
    assert_ptr_equal(dg_arena_grow(&a, g2, 4096, 16), g2);
    dg_arena_free(&b);
    dg_arena_free(&a);
    assert_null(a.head);
    /* Formatting: a short text, and one longer than the stack buffer. */
    assert_string_equal(fmt_in(&a, "%s-%d", "x", 42), "x-42");
    char *longer = fmt_in(&a, "%0900d|", 7);
    assert_int_equal(strlen(longer), 901);
    assert_string_equal(longer + 899, "7|");
    /* A freed arena is reusable. */
    assert_string_equal(dg_arena_strdup(&a, "reused"), "reused");
    dg_arena_free(&a);
}

static void test_dir_list(void **state)
{
    (void)state;
    char dir[] = "/tmp/dg-dirlist-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"zeta", "Dockerfile", ".dockerignore", "b.txt", "a"};
    for (size_t i = 0; i < 5; i++) touch(dir, names[i]);
    char p[512];
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/link", dir);
    assert_int_equal(symlink("/etc", p), 0);

    struct dg_dirlist l;
    struct dg_error err;
    assert_int_equal(dg_dir_list(dir, 100, &l, &err), 0);
    assert_int_equal(l.n, 7);
    assert_false(l.truncated);
    const char *want[] = {".dockerignore", "Dockerfile", "a", "b.txt", "link", "sub", "zeta"};
    for (size_t i = 0; i < 7; i++) assert_string_equal(l.v[i].name, want[i]);
    assert_int_equal(dg_dirlist_find(&l, "sub")->type, DG_FT_DIR);
    assert_int_equal(dg_dirlist_find(&l, "link")->type, DG_FT_LNK);
    assert_int_equal(dg_dirlist_find(&l, "Dockerfile")->type, DG_FT_REG);
    assert_null(dg_dirlist_find(&l, "dockerfile"));
    assert_null(dg_dirlist_find(&l, ""));
    dg_dirlist_free(&l);

    /* The bound keeps the first entries read and says the rest is missing. */
    assert_int_equal(dg_dir_list(dir, 3, &l, &err), 0);
    assert_int_equal(l.n, 3);
    assert_true(l.truncated);
    dg_dirlist_free(&l);

    /* An empty folder, a missing one (errno kept) and a file. */
    /* A link given as the path itself is followed (a walk never recurses into links). */
    assert_int_equal(dg_dir_list(p, 10000, &l, &err), 0);
    dg_dirlist_free(&l);
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(dg_dir_list(p, 10, &l, &err), 0);
    assert_int_equal(l.n, 0);
    assert_null(dg_dirlist_find(&l, "x"));
    dg_dirlist_free(&l);
    snprintf(p, sizeof p, "%s/missing", dir);
    assert_int_equal(dg_dir_list(p, 10, &l, &err), -1);
    assert_int_equal(errno, ENOENT);
    assert_non_null(strstr(err.msg, "missing"));
    snprintf(p, sizeof p, "%s/a", dir);
    assert_int_equal(dg_dir_list(p, 10, &l, &err), -1);
    assert_int_equal(errno, ENOTDIR);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void write_sized(const char *dir, const char *name, size_t size, unsigned seed)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < size; i++) fputc('a' + (int)((i * 7 + seed) % 26), f);
    assert_int_equal(fclose(f), 0);
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    while (readdir(d)) n++;
    closedir(d);
    return n;
}

/* A file read through a batch reads exactly as dg_read_file() reads it:
 * same result, text, length, message and errno. */
static void assert_reads_same(struct dg_readahead *ra, const char *path, size_t max)
{
    char *t1 = NULL, *t2 = NULL;
    size_t l1 = 0, l2 = 0;
    struct dg_error e1 = {0}, e2 = {0};
    errno = 0;
    int r1 = dg_read_file(path, max, &t1, &l1, &e1);
    int n1 = errno;
    errno = 0;
    int r2 = dg_readahead_file(ra, path, max, &t2, &l2, &e2);
    int n2 = errno;
    assert_int_equal(r1, r2);
    if (r1 == 0) {
        assert_int_equal(l1, l2);
        assert_memory_equal(t1, t2, l1);
        assert_int_equal(t2[l2], '\0');
    } else {
        assert_string_equal(e1.msg, e2.msg);
        assert_int_equal(n1, n2);
    }
    free(t1);
    free(t2);
}

static void test_batchio(void **state)
{
    (void)state;
    char dir[] = "/tmp/dg-batchio-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_sized(dir, "small", 100, 1);
    write_sized(dir, "empty", 0, 0);
    write_sized(dir, "exact", 16384, 2);   /* one full read, then the end */
    write_sized(dir, "big", 16385, 3);     /* more than one read: left to dg_read_file */
    write_sized(dir, "atmax", 10, 4);
    write_sized(dir, "overmax", 11, 5);
    char p[512];
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    write_sized(p, "inner", 5, 6);
    for (unsigned i = 0; i < 70; i++) { /* more files than slots: several rounds */
        char name[16];
        snprintf(name, sizeof name, "f%02u", i);
        write_sized(dir, name, 50 + i * 13, i);
    }
    struct {
        const char *name;
        size_t max;
        enum dg_batch_kind kind;
        bool ok; /* through the ring */
    } plan[] = {
        {"small", 1000, DG_BATCH_FILE, true},   {"empty", 1000, DG_BATCH_FILE, true},
        {"exact", 1u << 20, DG_BATCH_FILE, true}, {"big", 1u << 20, DG_BATCH_FILE, false},
        {"atmax", 10, DG_BATCH_FILE, true},     {"overmax", 10, DG_BATCH_FILE, false},
        {"missing", 1000, DG_BATCH_FILE, false}, {"sub", 1000, DG_BATCH_FILE, false},
        {"sub", 0, DG_BATCH_DIR, true},         {"nodir", 0, DG_BATCH_DIR, false},
        {"small", 0, DG_BATCH_DIR, false},
    };
    size_t nplan = sizeof plan / sizeof plan[0], n = nplan + 70;
    struct dg_batch_item items[sizeof plan / sizeof plan[0] + 70];
    for (size_t i = 0; i < n; i++) {
        char name[16];
        if (i >= nplan) snprintf(name, sizeof name, "f%02zu", i - nplan);
        items[i] = (struct dg_batch_item){
            .path = dg_xasprintf("%s/%s", dir, i < nplan ? plan[i].name : name),
            .max = i < nplan ? plan[i].max : 4096,
            .kind = i < nplan ? plan[i].kind : DG_BATCH_FILE,
        };
    }

    int fds = open_fds();
    struct dg_batchio *io = dg_batchio_new();
    if (io) {
        dg_batchio_run(io, items, n);
        for (size_t i = 0; i < n; i++) {
            bool want = i < nplan ? plan[i].ok : true;
            if (items[i].ok != want) fail_msg("%s (%s): ok %d, want %d", items[i].path,
                                              items[i].kind == DG_BATCH_DIR ? "folder" : "file", items[i].ok, want);
        }
        /* The folder opened by the batch lists as a fresh open does. */
        struct dg_readahead all = {items, n};
        snprintf(p, sizeof p, "%s/sub", dir);
        int fd = dg_readahead_dir(&all, p);
        assert_true(fd >= 0);
        struct dg_dirlist l1, l2;
        struct dg_error err;
        assert_int_equal(dg_dir_list_fd(fd, p, 100, &l1, &err), 0);
        assert_int_equal(dg_dir_list(p, 100, &l2, &err), 0);
        assert_int_equal(l1.n, 1);
        assert_int_equal(l2.n, 1);
        assert_string_equal(l1.v[0].name, l2.v[0].name);
        dg_dirlist_free(&l1);
        dg_dirlist_free(&l2);
        snprintf(p, sizeof p, "%s/nodir", dir);
        assert_int_equal(dg_readahead_dir(&all, p), -1);
    } else {
        /* No ring here (old kernel, seccomp, DOCKGUARD_IO_URING=0): the
         * items stay empty and every read below is an ordinary one. */
        dg_batchio_run(NULL, items, n);
        for (size_t i = 0; i < n; i++) assert_false(items[i].ok);
    }
    /* Whatever the batch held, reads give dg_read_file()'s results; a text
     * is taken once, and the second read of the same file is an ordinary
     * one with the same result. */
    struct dg_readahead ra = {items, n};
    for (size_t i = 0; i < n; i++) {
        if (items[i].kind != DG_BATCH_FILE) continue;
        const char *path = items[i].path;
        size_t max = items[i].max;
        assert_reads_same(&ra, path, max);
        assert_false(items[i].ok);
        assert_reads_same(&ra, path, max);
    }
    assert_reads_same(NULL, items[0].path, 1000);
    dg_batch_items_free(io, items, n);
    /* Folders are closed with the next batch, or when the reader goes. */
    dg_batchio_free(io);
    assert_int_equal(open_fds(), fds);

    /* The environment can turn the ring off. */
    setenv("DOCKGUARD_IO_URING", "0", 1);
    assert_null(dg_batchio_new());
    unsetenv("DOCKGUARD_IO_URING");

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_path_base(void **state)
{
    (void)state;
    assert_string_equal(dg_path_base("a/b/Dockerfile"), "Dockerfile");
    assert_string_equal(dg_path_base("Dockerfile"), "Dockerfile");
    assert_string_equal(dg_path_base("/usr/bin/sudo"), "sudo");
    assert_string_equal(dg_path_base("dir/"), "");
    assert_string_equal(dg_path_base(""), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_bounded),
        cmocka_unit_test(test_suppress_next_line_and_global),
        cmocka_unit_test(test_config_load),
        cmocka_unit_test(test_config_errors_name_line),
        cmocka_unit_test(test_bytes_and_root),
        cmocka_unit_test(test_dir_list),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_batchio),
        cmocka_unit_test(test_path_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
