/* Unit tests for the Dockerfile parser, the final stage's image_spec and
 * .dockerignore matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "dockerfile/dockerfile.h"
#include "dockerfile/dockerignore.h"

static struct build parse_ok(const char *text)
{
    struct build b;
    struct dg_error err = {0};
    int rc = dockerfile_parse("Dockerfile", text, strlen(text), &b, &err);
    if (rc != 0) fail_msg("unexpected error: %s", err.msg);
    return b;
}

static void parse_err(const char *text, const char *want)
{
    struct build b;
    struct dg_error err = {0};
    assert_true(dockerfile_parse("Dockerfile", text, strlen(text), &b, &err) < 0);
    if (!strstr(err.msg, want)) fail_msg("error '%s' lacks '%s'", err.msg, want);
    build_free(&b);
}

static void test_directives_and_escape(void **state)
{
    (void)state;
    struct build b = parse_ok("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\n"
                              "FROM alpine:3.19\nRUN echo a `\n    b\n");
    assert_string_equal(b.syntax, "docker/dockerfile:1");
    assert_string_equal(b.check, "skip=JSONArgsRecommended");
    assert_int_equal(b.escape, '`');
    assert_int_equal(b.ninstrs, 2);
    assert_int_equal(b.instrs[1].line, 5);
    assert_int_equal(b.instrs[1].end_line, 6);
    assert_string_equal(b.instrs[1].args_text, "echo a     b");
    build_free(&b);
    /* A directive after a comment is just a comment. */
    b = parse_ok("# hello\n# escape=`\nFROM alpine\nRUN a \\\n b\n");
    assert_int_equal(b.escape, '\\');
    assert_string_equal(b.instrs[1].args_text, "a  b");
    build_free(&b);
    parse_err("# escape=x\nFROM a\n", "Dockerfile:1: invalid escape directive");
}

static void test_continuations_skip_comments(void **state)
{
    (void)state;
    struct build b = parse_ok("FROM debian:12\nRUN apt-get update \\\n# a comment inside\n\n    && apt-get install -y x\n"
                              "run echo done\n");
    assert_int_equal(b.ninstrs, 3);
    assert_int_equal(b.instrs[1].kind, DF_RUN);
    assert_int_equal(b.instrs[1].line, 2);
    assert_int_equal(b.instrs[1].end_line, 5);
    assert_non_null(strstr(b.instrs[1].args_text, "apt-get update"));
    assert_non_null(strstr(b.instrs[1].args_text, "&& apt-get install -y x"));
    assert_null(strstr(b.instrs[1].args_text, "comment"));
    assert_int_equal(b.instrs[2].kind, DF_RUN); /* case-insensitive */
    assert_string_equal(b.instrs[2].keyword, "run");
    build_free(&b);
}

static void test_heredocs(void **state)
{
    (void)state;
    struct build b = parse_ok("FROM alpine\nRUN <<EOF\necho one\necho two\nEOF\n"
                              "COPY <<-\"A\" /a <<'B' /b\n\tfirst\n\tA\nsecond\nB\nCMD [\"x\"]\n");
    assert_int_equal(b.ninstrs, 4);
    const struct df_instr *run = &b.instrs[1];
    assert_int_equal(run->nheredocs, 1);
    assert_string_equal(run->heredocs[0].delim, "EOF");
    assert_string_equal(run->heredocs[0].body, "echo one\necho two\n");
    assert_int_equal(run->heredocs[0].line, 3);
    assert_int_equal(run->end_line, 5);
    const struct df_instr *cp = &b.instrs[2];
    assert_int_equal(cp->kind, DF_COPY);
    assert_int_equal(cp->nheredocs, 2);
    assert_true(cp->heredocs[0].strip_tabs);
    assert_true(cp->heredocs[0].quoted);
    assert_string_equal(cp->heredocs[0].body, "first\n");
    assert_string_equal(cp->heredocs[1].body, "second\n");
    assert_int_equal(b.instrs[3].line, 11);
    build_free(&b);
    /* Arithmetic shifts and here-strings are not heredocs. */
    b = parse_ok("FROM alpine\nRUN echo $((1<<2)) && cat <<< hi\n");
    assert_int_equal(b.instrs[1].nheredocs, 0);
    build_free(&b);
    parse_err("FROM alpine\nRUN <<EOF\necho never ends\n", "Dockerfile:2: heredoc 'EOF' is not terminated");
}

static void test_exec_shell_forms_and_flags(void **state)
{
    (void)state;
    struct build b = parse_ok("FROM --platform=linux/amd64 golang:1.22 AS build\n"
                              "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm --network=none go build\n"
                              "COPY --from=build --chown=1000:1000 --chmod=755 --link /out/app /app\n"
                              "CMD [\"/app\", \"--port\", \"80\"]\n"
                              "ENTRYPOINT [\"broken\" json]\n"
                              "HEALTHCHECK --interval=30s --retries=3 CMD [\"curl\", \"-f\", \"http://localhost/\"]\n");
    const struct df_instr *from = &b.instrs[0];
    assert_string_equal(df_flag_get(from, "platform"), "linux/amd64");
    assert_int_equal(b.nstages, 1);
    assert_string_equal(b.stages[0].name, "build");
    assert_string_equal(b.stages[0].base, "golang:1.22");
    const struct df_instr *run = &b.instrs[1];
    assert_int_equal(run->nflags, 3);
    assert_string_equal(run->flags[1].name, "mount");
    assert_string_equal(run->flags[1].value, "type=secret,id=npm");
    assert_string_equal(run->args_text, "go build");
    const struct df_instr *cp = &b.instrs[2];
    assert_string_equal(df_flag_get(cp, "from"), "build");
    assert_string_equal(df_flag_get(cp, "chmod"), "755");
    assert_true(df_flag_has(cp, "link"));
    assert_string_equal(df_flag_get(cp, "link"), "");
    assert_int_equal(cp->nargs, 2);
    assert_true(b.instrs[3].json_form);
    assert_int_equal(b.instrs[3].nargs, 3);
    assert_string_equal(b.instrs[3].args[1], "--port");
    assert_false(b.instrs[4].json_form); /* invalid JSON falls back to shell form */
    const struct df_instr *hc = &b.instrs[5];
    assert_string_equal(df_flag_get(hc, "interval"), "30s");
    assert_string_equal(hc->args[0], "CMD");
    assert_true(hc->json_form);
    assert_string_equal(hc->args[1], "curl");
    build_free(&b);
}

/* The paths the parser takes around its copies: words with and without
 * quotes or escapes, exec form with JSON escapes, the text as written
 * with \r\n line ends and with a heredoc. */
static void test_words_and_raw_text(void **state)
{
    (void)state;
    const char *text = "FROM alpine\r\nRUN echo plain \"two words\" it\\'s 'single \"q\"' \\\r\n  tail\r\n"
                       "CMD [\"a\\u00e9\\ud83d\\ude00\", \"tab\\there\", \"\\\"q\\\"\"]\r\n"
                       "ENTRYPOINT [\"bad\\ud800\"]\nCOPY <<EOF /x\nbody\nEOF\n";
    struct build b = parse_ok(text);
    const struct df_instr *run = &b.instrs[1];
    assert_string_equal(run->raw, "RUN echo plain \"two words\" it\\'s 'single \"q\"' \\\n  tail");
    assert_int_equal(run->nargs, 6);
    assert_string_equal(run->args[1], "plain");
    assert_string_equal(run->args[2], "two words");
    assert_string_equal(run->args[3], "it's");
    assert_string_equal(run->args[4], "single \"q\"");
    assert_string_equal(run->args[5], "tail");
    const struct df_instr *cmd = &b.instrs[2];
    assert_true(cmd->json_form);
    assert_int_equal(cmd->nargs, 3);
    assert_string_equal(cmd->args[0], "a\xc3\xa9\xf0\x9f\x98\x80");
    assert_string_equal(cmd->args[1], "tab\there");
    assert_string_equal(cmd->args[2], "\"q\"");
    /* A lone surrogate is not JSON: shell form, one word without its quotes. */
    assert_false(b.instrs[3].json_form);
    assert_int_equal(b.instrs[3].nargs, 1);
    assert_string_equal(b.instrs[3].args[0], "[bad\\ud800]");
    assert_string_equal(b.instrs[4].raw, "COPY <<EOF /x\nbody\nEOF");
    build_free(&b);
    /* The same heredoc without \r: the text is the file's own span. */
    b = parse_ok("FROM alpine\nRUN <<EOF\n  body \\\nEOF\nUSER x\n");
    assert_string_equal(b.instrs[1].raw, "RUN <<EOF\n  body \\\nEOF");
    assert_string_equal(b.instrs[2].raw, "USER x");
    build_free(&b);
}

static void test_env_arg_label(void **state)
{
    (void)state;
    struct build b = parse_ok("ARG BASE=alpine:3.19\nARG TAG\nFROM ${BASE}\nENV A=1 B=\"two words\" \\\n    C='x y'\n"
                              "ENV LEGACY value with spaces\nLABEL org.opencontainers.image.title=\"demo\"\n");
    assert_int_equal(b.nmeta_args, 2);
    assert_string_equal(b.meta_args[0].key, "BASE");
    assert_null(b.meta_args[1].value);
    assert_string_equal(b.stages[0].base_raw, "${BASE}");
    assert_string_equal(b.stages[0].base, "alpine:3.19");
    const struct df_instr *env = &b.instrs[3];
    assert_int_equal(env->nkvs, 3);
    assert_string_equal(env->kvs[1].value, "two words");
    assert_string_equal(env->kvs[2].key, "C");
    assert_string_equal(env->kvs[2].value, "x y");
    assert_int_equal(env->kvs[0].line, 4);
    assert_int_equal(env->kvs[2].line, 5);
    assert_string_equal(b.instrs[4].kvs[0].key, "LEGACY");
    assert_string_equal(b.instrs[4].kvs[0].value, "value with spaces");
    assert_string_equal(b.instrs[5].kvs[0].value, "demo");
    build_free(&b);
}

static void test_expand(void **state)
{
    (void)state;
    struct df_kv vars[] = {{"A", "x", 0}, {"E", "", 0}, {"N", NULL, 0}};
    struct {
        const char *in, *out;
    } cases[] = {{"$A", "x"}, {"${A}y", "xy"}, {"${B:-def}", "def"}, {"${E:-def}", "def"}, {"${E-def}", ""},
                 {"${A:+alt}", "alt"}, {"${B:+alt}", ""}, {"${B+alt}", ""}, {"\\$A", "$A"}, {"${B:-${A}}", "x"},
                 {"$", "$"}, {"${A", "x"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *o = dockerfile_expand(cases[i].in, vars, 3, '\\');
        if (strcmp(o, cases[i].out) != 0) fail_msg("%s -> '%s', want '%s'", cases[i].in, o, cases[i].out);
        free(o);
    }
}

static void test_stages_and_onbuild(void **state)
{
    (void)state;
    struct build b = parse_ok("FROM node:20 AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\n"
                              "FROM nginx:1.25\nONBUILD COPY . /src\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
                              "FRobnicate x\n");
    assert_int_equal(b.nstages, 3);
    assert_int_equal(b.stages[1].base_stage, 0);
    assert_int_equal(b.stages[2].base_stage, -1);
    assert_int_equal(b.stages[2].first, 4);
    assert_int_equal(b.stages[2].count, 4);
    assert_int_equal(b.instrs[3].stage, 1);
    const struct df_instr *ob = &b.instrs[5];
    assert_int_equal(ob->kind, DF_ONBUILD);
    assert_non_null(ob->onbuild);
    assert_int_equal(ob->onbuild->kind, DF_COPY);
    assert_int_equal(b.instrs[7].kind, DF_UNKNOWN);
    build_free(&b);
}

static void test_errors(void **state)
{
    (void)state;
    parse_err("", "the Dockerfile is empty");
    parse_err("# only a comment\n", "the Dockerfile is empty");
    parse_err("RUN echo hi\nFROM alpine\n", "Dockerfile:1: RUN before the first FROM");
    parse_err("ARG X=1\n", "no FROM instruction");
    parse_err("FROM\n", "Dockerfile:1: FROM needs an image");
    parse_err("FROM a b c d\n", "Dockerfile:1: FROM takes an image");
    parse_err("FROM a\nONBUILD\n", "Dockerfile:2: ONBUILD needs an instruction");
    parse_err("FROM a\nONBUILD FROM b\n", "Dockerfile:2: FROM is not allowed as an ONBUILD");
    struct build b;
    struct dg_error err = {0};
    assert_true(dockerfile_parse("Dockerfile", "FROM a\0b", 8, &b, &err) < 0);
    assert_non_null(strstr(err.msg, "NUL"));
    build_free(&b);
}

static void test_image_spec(void **state)
{
    (void)state;
    struct build b = parse_ok("FROM debian:12 AS base\nENV APP=/srv PORT=8080\nUSER app\nWORKDIR /srv\n"
                              "FROM base\nEXPOSE 8080 9000-9001/udp\nWORKDIR data\nHEALTHCHECK NONE\n"
                              "ENTRYPOINT /srv/run.sh\n");
    struct image_spec s;
    dockerfile_image_spec(&b, &s);
    assert_string_equal(s.base, "debian:12");
    assert_int_equal(s.base_pos.line, 1);
    assert_int_equal(s.stage_pos.line, 5);
    assert_true(s.user_set);
    assert_string_equal(s.user, "app");
    assert_int_equal(s.user_pos.line, 3);
    assert_int_equal(s.env.n, 2);
    assert_int_equal(s.nports, 3);
    assert_int_equal(s.ports[2].port, 9001);
    assert_string_equal(s.ports[2].proto, "udp");
    assert_string_equal(s.workdir, "/srv/data");
    assert_int_equal(s.health, IS_HEALTH_NONE);
    assert_int_equal(s.health_pos.line, 8);
    assert_true(s.entrypoint_shell);
    assert_ptr_equal(s.build, &b);
    is_free(&s);
    build_free(&b);
    b = parse_ok("FROM alpine\nHEALTHCHECK CMD wget -q localhost\nCMD [\"x\"]\n");
    dockerfile_image_spec(&b, &s);
    assert_false(s.user_set);
    assert_int_equal(s.health, IS_HEALTH_CMD);
    assert_int_equal(s.cmd.n, 1);
    is_free(&s);
    build_free(&b);
}

static void test_dockerignore(void **state)
{
    (void)state;
    const char *text = "# comment\n.git\n**/*.pem\n/secrets/\n*.env\n!keep.env\n  node_modules  \n"
                       "docs/**/draft?.md\n[abc].key\n.aws\n";
    struct dockerignore *d = NULL;
    struct dg_error err = {0};
    assert_int_equal(dockerignore_parse(".dockerignore", text, strlen(text), &d, &err), 0);
    assert_int_equal(dockerignore_count(d), 9);
    struct {
        const char *path;
        bool excluded;
    } cases[] = {
        {".git", true}, {".git/config", true}, {"a/.git", false}, {"server.pem", true}, {"a/b/c/server.pem", true},
        {"secrets/db.txt", true}, {"./secrets/x/y", true}, {"prod.env", true}, {"keep.env", false},
        {"sub/prod.env", false}, {"node_modules/x/index.js", true}, {"docs/draft1.md", true},
        {"docs/a/b/draft2.md", true}, {"docs/final.md", false}, {"a.key", true}, {"d.key", false},
        {".aws/credentials", true}, {"src/app.py", false}, {"/.git/HEAD", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (dockerignore_excluded(d, cases[i].path) != cases[i].excluded)
            fail_msg("%s: expected %s", cases[i].path, cases[i].excluded ? "excluded" : "included");
    dockerignore_free(d);
    /* Last match wins: an exception before the exclusion does not help. */
    const char *t2 = "!a.env\n*.env\n";
    assert_int_equal(dockerignore_parse(".dockerignore", t2, strlen(t2), &d, &err), 0);
    assert_true(dockerignore_excluded(d, "a.env"));
    dockerignore_free(d);
    const char *bad = "ok\n[abc\n";
    assert_true(dockerignore_parse(".dockerignore", bad, strlen(bad), &d, &err) < 0);
    assert_non_null(strstr(err.msg, ".dockerignore:2: bad pattern"));
}

static void test_dockerignore_no_blowup(void **state)
{
    (void)state;
    /* Many ** would be exponential for a backtracking matcher. */
    const char *t = "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b\n";
    struct dockerignore *d = NULL;
    struct dg_error err = {0};
    assert_int_equal(dockerignore_parse(".dockerignore", t, strlen(t), &d, &err), 0);
    char path[2048];
    size_t o = 0;
    for (int i = 0; i < 400; i++) { path[o++] = 'a'; path[o++] = '/'; }
    path[o++] = 'c';
    path[o] = '\0';
    assert_false(dockerignore_excluded(d, path));
    dockerignore_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_directives_and_escape), cmocka_unit_test(test_continuations_skip_comments),
        cmocka_unit_test(test_heredocs),              cmocka_unit_test(test_exec_shell_forms_and_flags),
        cmocka_unit_test(test_env_arg_label),         cmocka_unit_test(test_expand),
        cmocka_unit_test(test_stages_and_onbuild),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_image_spec),            cmocka_unit_test(test_dockerignore),
        cmocka_unit_test(test_dockerignore_no_blowup), cmocka_unit_test(test_words_and_raw_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
