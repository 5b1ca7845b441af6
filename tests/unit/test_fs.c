/* Unit tests for src/image/fs: path normalisation and escaping, applying
 * layers with whiteouts / opaque folders / replacements, content facts, and
 * the file rules over built filesystems (hits and look-alikes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/rule.h"
#include "image/fs.h"

struct fx {
    struct fs_arena arena;
    struct fs_layer layers[4];
    struct fs_layer *lp[4];
    char *digests[4];
    struct fs_image img;
};

static struct fs_entry *add(struct fx *f, int layer, const char *path, enum fs_type type, unsigned mode)
{
    struct fs_entry *e = fs_layer_add(&f->layers[layer]);
    e->path = fs_arena_strdup(&f->arena, path, strlen(path));
    e->type = (uint8_t)type;
    e->mode = mode;
    e->size = type == FS_REG ? 10 : 0;
    return e;
}

static void fx_init(struct fx *f, size_t nlayers)
{
    memset(f, 0, sizeof *f);
    static char d0[] = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    static char d1[] = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    static char d2[] = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    static char d3[] = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    char *ds[4] = {d0, d1, d2, d3};
    for (size_t i = 0; i < 4; i++) {
        f->lp[i] = &f->layers[i];
        f->digests[i] = ds[i];
    }
    f->img.layers = f->lp;
    f->img.layer_digest = f->digests;
    f->img.nlayers = nlayers;
    f->img.file = "image.tar";
}

static void fx_free(struct fx *f)
{
    fs_image_clear(&f->img);
    for (size_t i = 0; i < 4; i++) fs_layer_free(&f->layers[i]);
    fs_arena_free(&f->arena);
}

static void test_normalize(void **state)
{
    (void)state;
    char out[64];
    bool abs;
    assert_int_equal(fs_path_normalize("./etc//passwd", out, &abs), 10);
    assert_string_equal(out, "etc/passwd");
    assert_false(abs);
    assert_int_equal(fs_path_normalize("/usr/bin/", out, &abs), 7);
    assert_string_equal(out, "usr/bin");
    assert_true(abs);
    assert_int_equal(fs_path_normalize("./", out, &abs), 0);
    assert_int_equal(fs_path_normalize("a/../../b", out, &abs), -1);
    assert_int_equal(fs_path_normalize("..", out, &abs), -1);
    assert_int_equal(fs_path_normalize("a/./b/.", out, &abs), 3);
    assert_string_equal(out, "a/b");
    /* "..." and "..x" are ordinary names. */
    assert_int_equal(fs_path_normalize("a/.../..x", out, &abs), 9);
}

static void test_escape(void **state)
{
    (void)state;
    char *s = fs_path_escape("app/\xff\xfe/ok");
    assert_string_equal(s, "app/\\xff\\xfe/ok");
    free(s);
    s = fs_path_escape("caf\xc3\xa9\n\\");
    assert_string_equal(s, "caf\xc3\xa9\\x0a\\\\");
    free(s);
    /* Overlong encodings are not valid UTF-8. */
    s = fs_path_escape("\xc0\xaf");
    assert_string_equal(s, "\\xc0\\xaf");
    free(s);
}

static void test_whiteout_opaque_replace(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f, 3);
    struct fs_entry *key = add(&f, 0, "app/id_rsa", FS_REG, 0600);
    struct fs_entry *env = add(&f, 0, "app/conf/.env", FS_REG, 0644);
    struct fs_entry *keep = add(&f, 0, "app/keep", FS_REG, 0644);
    struct fs_entry *conf0 = add(&f, 0, "app/conf", FS_DIR, 0755);
    struct fs_entry *old = add(&f, 0, "etc/motd", FS_REG, 0644);
    struct fs_entry *sub = add(&f, 0, "opt/tool/bin", FS_REG, 0755);
    add(&f, 1, "app/id_rsa", FS_WHITEOUT, 0);
    add(&f, 1, "app/conf", FS_OPAQUE, 0);
    struct fs_entry *same = add(&f, 1, "app/conf/new", FS_REG, 0644);
    struct fs_entry *motd = add(&f, 1, "etc/motd", FS_REG, 0644);
    /* A folder replaced by a file hides what was under it. */
    struct fs_entry *tool = add(&f, 2, "opt/tool", FS_REG, 0644);
    struct fs_entry *conf2 = add(&f, 2, "app/conf", FS_DIR, 0700);
    assert_int_equal(fs_build(&f.img), 0);
    assert_int_equal(key->hidden_by, 1);
    assert_false(key->final);
    assert_int_equal(env->hidden_by, 1);
    assert_true(keep->final);
    assert_int_equal(old->hidden_by, 1);
    assert_true(motd->final);
    assert_true(same->final); /* an opaque marker hides lower layers only */
    assert_int_equal(sub->hidden_by, 2);
    assert_true(tool->final);
    /* Folders merge: the lower one is visible but the top one is final. */
    assert_int_equal(conf0->hidden_by, -1);
    assert_false(conf0->final);
    assert_true(conf2->final);
    assert_null(fs_lookup(&f.img, "app/id_rsa"));
    assert_non_null(fs_lookup(&f.img, "app/keep"));
    assert_ptr_equal(fs_lookup(&f.img, "app/conf"), conf2);
    assert_null(fs_lookup(&f.img, "opt/tool/bin"));
    char buf[96];
    assert_string_equal(fs_layer_label(&f.img, 1, buf, sizeof buf), "layer 2/3 (sha256:111111111111)");
    fx_free(&f);
}

static void test_whiteout_then_recreate(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f, 3);
    struct fs_entry *a = add(&f, 0, "x/secret", FS_REG, 0644);
    add(&f, 1, "x", FS_WHITEOUT, 0);
    struct fs_entry *b = add(&f, 1, "x", FS_DIR, 0755);
    struct fs_entry *c = add(&f, 2, "x/secret", FS_REG, 0644);
    /* Same-layer duplicates: the later copy wins. */
    struct fs_entry *d1 = add(&f, 2, "dup", FS_REG, 0644);
    struct fs_entry *d2 = add(&f, 2, "dup", FS_REG, 0600);
    assert_int_equal(fs_build(&f.img), 0);
    assert_int_equal(a->hidden_by, 1);
    assert_true(b->final);
    assert_true(c->final);
    assert_int_equal(d1->hidden_by, 2);
    assert_true(d2->final);
    assert_int_equal(f.img.nfinal, 3);
    fx_free(&f);
}

static void test_content_classify(void **state)
{
    (void)state;
    const char *pem = "\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n";
    assert_true(fs_content_classify("srv/tls.key", pem, strlen(pem)) & FS_C_PRIVATE_KEY);
    const char *doc = "see -----BEGIN RSA PRIVATE KEY----- below\n";
    assert_false(fs_content_classify("README", doc, strlen(doc)) & FS_C_PRIVATE_KEY);
    const char *pub = "-----BEGIN PUBLIC KEY-----\nMFkw\n";
    assert_false(fs_content_classify("k.pem", pub, strlen(pub)) & FS_C_PRIVATE_KEY);
    const char *npm = "//registry.npmjs.org/:_authToken=abc\n";
    assert_true(fs_content_classify("home/u/.npmrc", npm, strlen(npm)) & FS_C_NPM_TOKEN);
    const char *npm2 = "//registry.npmjs.org/:_authToken=\nregistry=x\n";
    assert_false(fs_content_classify("home/u/.npmrc", npm2, strlen(npm2)) & FS_C_NPM_TOKEN);
    const char *dc = "{\n  \"auths\": {\n    \"r.io\": {\n      \"auth\": \"dTpw\"\n    }\n  }\n}\n";
    assert_true(fs_content_classify("root/.docker/config.json", dc, strlen(dc)) & FS_C_DOCKER_AUTH);
    assert_false(fs_content_classify("app/config.json", dc, strlen(dc)) & FS_C_DOCKER_AUTH);
    const char *dc2 = "{\"auths\":{\"r.io\":{\"auth\":\"\"}}}";
    assert_false(fs_content_classify("root/.docker/config.json", dc2, strlen(dc2)) & FS_C_DOCKER_AUTH);
    const char *kube = "users:\n- user:\n    client-key-data: LS0t\n";
    assert_true(fs_content_classify("root/.kube/config", kube, strlen(kube)) & FS_C_KUBE_CRED);
    assert_false(fs_content_classify("etc/app/config", kube, strlen(kube)) & FS_C_KUBE_CRED);
    const char *aws = "[p]\naws_secret_access_key=abc\n";
    assert_true(fs_content_classify("root/.aws/credentials", aws, strlen(aws)) & FS_C_AWS_SECRET);
    assert_false(fs_content_classify("root/credentials", aws, strlen(aws)) & FS_C_AWS_SECRET);
    const char *netrc = "machine h\n  login u\n  password p\n";
    assert_true(fs_content_classify("root/.netrc", netrc, strlen(netrc)) & FS_C_NETRC_PASS);
    const char *shadow = "root:*:1::::::\nnobody::1::::::\n";
    assert_true(fs_content_classify("etc/shadow", shadow, strlen(shadow)) & FS_C_SHADOW_EMPTY);
    const char *shadow2 = "root:*:1::::::\nnobody:!:1::::::\n";
    assert_false(fs_content_classify("etc/shadow", shadow2, strlen(shadow2)) & FS_C_SHADOW_EMPTY);
    const char bin[] = "\x7f" "ELF\0\0-----BEGIN RSA PRIVATE KEY-----";
    assert_int_equal(fs_content_classify("bin/x", bin, sizeof bin - 1), FS_C_BINARY);
    const char *comments = "# nothing\n\n   \n";
    assert_false(fs_content_classify("app/.env", comments, strlen(comments)) & FS_C_NONEMPTY_TEXT);
}

static void run_rules(struct fs_image *img, struct dg_report *r)
{
    struct rule_ctx ctx = {.report = r, .file = "image.tar", .subject = "img:1"};
    rules_run(DG_MODEL_FS, img, &ctx);
}

/* Findings of one rule in the report. */
static size_t count_rule(const char *id, struct dg_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->findings[i].rule->id, id) == 0) n++;
    return n;
}

static void test_rules_perms(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f, 2);
    add(&f, 0, "usr/bin/su", FS_REG, 04755);
    add(&f, 0, "usr/bin/gone", FS_REG, 04755);
    add(&f, 1, "usr/bin/gone", FS_WHITEOUT, 0);
    add(&f, 0, "usr/bin/ls", FS_REG, 0755);
    add(&f, 0, "tmp", FS_DIR, 01777);
    add(&f, 0, "data", FS_DIR, 0777);
    add(&f, 0, "etc/x.conf", FS_REG, 0666);
    add(&f, 0, "link", FS_SYMLINK, 0777);
    assert_int_equal(fs_build(&f.img), 0);
    struct dg_report r;
    dg_report_init(&r, "scan");
    run_rules(&f.img, &r);
    assert_int_equal(count_rule("DG-F001", &r), 1);
    assert_int_equal(count_rule("DG-F004", &r), 1);
    assert_int_equal(count_rule("DG-F003", &r), 1);
    assert_int_equal(count_rule("DG-F002", &r), 0);
    dg_report_free(&r);
    fx_free(&f);
}

static void test_rules_hidden_secret(void **state)
{
    (void)state;
    struct fx f;
    fx_init(&f, 2);
    struct fs_entry *k = add(&f, 0, "root/.ssh/id_rsa", FS_REG, 0600);
    k->content = FS_C_PRIVATE_KEY | FS_C_NONEMPTY_TEXT;
    struct fs_entry *pub = add(&f, 0, "root/.ssh/id_rsa.pub", FS_REG, 0644);
    pub->content = FS_C_NONEMPTY_TEXT;
    add(&f, 1, "root/.ssh", FS_OPAQUE, 0);
    add(&f, 0, "src/.git", FS_DIR, 0755);
    add(&f, 0, "src/.git/config", FS_REG, 0644);
    add(&f, 1, "src/.git/HEAD", FS_REG, 0644);
    assert_int_equal(fs_build(&f.img), 0);
    struct dg_report r;
    dg_report_init(&r, "scan");
    run_rules(&f.img, &r);
    assert_int_equal(count_rule("DG-F005", &r), 1);
    assert_int_equal(count_rule("DG-F006", &r), 0);
    assert_int_equal(count_rule("DG-F014", &r), 1);
    for (size_t i = 0; i < r.n; i++) {
        if (strcmp(r.findings[i].rule->id, "DG-F005") != 0) continue;
        assert_non_null(strstr(r.findings[i].message, "still shipped in layer 1/2"));
        assert_non_null(strstr(r.findings[i].message, "hidden by layer 2/2"));
        assert_string_equal(r.findings[i].subject, "img:1");
        assert_string_equal(r.findings[i].file, "image.tar");
    }
    dg_report_free(&r);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_whiteout_opaque_replace),
        cmocka_unit_test(test_whiteout_then_recreate),
        cmocka_unit_test(test_content_classify),
        cmocka_unit_test(test_rules_perms),
        cmocka_unit_test(test_rules_hidden_secret),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
