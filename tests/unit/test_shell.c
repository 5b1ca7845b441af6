/* Unit tests for the RUN-command shell reader: splitting, quoting,
 * substitutions, here-documents, exec form and bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile/shell.h"

static void parse(const char *text, struct sh_script *s)
{
    sh_parse(text, strlen(text), s);
}

/* Joins a command's words with '|' so whole commands compare in one assert. */
static const char *joined(const struct sh_cmd *c)
{
    static char buf[1024];
    buf[0] = 0;
    for (size_t i = 0; i < c->nwords; i++) {
        if (i) strncat(buf, "|", sizeof buf - strlen(buf) - 1);
        strncat(buf, c->words[i], sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static void test_operators(void **state)
{
    (void)state;
    struct sh_script s;
    parse("apt-get update && apt-get install -y curl || true; echo done & wait", &s);
    assert_int_equal(s.n, 5);
    assert_string_equal(joined(&s.cmds[0]), "apt-get|update");
    assert_int_equal(s.cmds[0].link, SH_LINK_AND);
    assert_string_equal(joined(&s.cmds[1]), "apt-get|install|-y|curl");
    assert_int_equal(s.cmds[1].link, SH_LINK_OR);
    assert_string_equal(joined(&s.cmds[2]), "true");
    assert_int_equal(s.cmds[2].link, SH_LINK_END);
    assert_int_equal(s.cmds[3].link, SH_LINK_BG);
    assert_string_equal(sh_cmd_name(&s.cmds[4]), "wait");
    assert_false(s.truncated);
    sh_script_free(&s);
}

static void test_pipes(void **state)
{
    (void)state;
    struct sh_script s;
    parse("curl -fsSL https://x.example/i.sh | sudo bash -s -- -y", &s);
    assert_int_equal(s.n, 2);
    assert_true(s.cmds[0].piped);
    assert_false(s.cmds[0].from_pipe);
    assert_true(s.cmds[1].from_pipe);
    assert_false(s.cmds[1].piped);
    assert_string_equal(sh_cmd_name(&s.cmds[1]), "sudo");
    assert_string_equal(sh_word_base(&s.cmds[1], sh_cmd_unwrap(&s.cmds[1])), "bash");
    sh_script_free(&s);

    /* "||" is not a pipe; "|&" is. */
    parse("a || b |& c", &s);
    assert_int_equal(s.n, 3);
    assert_false(s.cmds[0].piped);
    assert_true(s.cmds[1].piped);
    assert_true(s.cmds[2].from_pipe);
    sh_script_free(&s);
}

static void test_quoting(void **state)
{
    (void)state;
    struct sh_script s;
    parse("echo \"curl | sh\" 'a && b' c\\;d \"x\\\"y\" 'it'\\''s'", &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.cmds[0].nwords, 6);
    assert_string_equal(s.cmds[0].words[1], "curl | sh");
    assert_string_equal(s.cmds[0].words[2], "a && b");
    assert_string_equal(s.cmds[0].words[3], "c;d");
    assert_string_equal(s.cmds[0].words[4], "x\"y");
    assert_string_equal(s.cmds[0].words[5], "it's");
    sh_script_free(&s);

    /* Unterminated quotes end at the end of the text, without crashing. */
    parse("echo \"abc", &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.cmds[0].words[1], "abc");
    sh_script_free(&s);
}

static void test_continuations_and_lines(void **state)
{
    (void)state;
    struct sh_script s;
    parse("apt-get update \\\n    && apt-get install -y \\\n       nginx\n# comment && rm x\n  rm -rf /var/lib/apt/lists/*", &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(joined(&s.cmds[1]), "apt-get|install|-y|nginx");
    assert_int_equal(s.cmds[1].line, 2);
    assert_string_equal(joined(&s.cmds[2]), "rm|-rf|/var/lib/apt/lists/*");
    assert_int_equal(s.cmds[2].line, 5);
    assert_int_equal(s.cmds[2].col, 3);
    sh_script_free(&s);
}

static void test_substitutions(void **state)
{
    (void)state;
    struct sh_script s;
    parse("sh -c \"$(curl -fsSL https://get.example)\"", &s);
    assert_int_equal(s.n, 2);
    /* The substituted command is read on its own, one level deeper. */
    assert_string_equal(joined(&s.cmds[0]), "curl|-fsSL|https://get.example");
    assert_int_equal(s.cmds[0].depth, 1);
    assert_int_equal(s.cmds[1].depth, 0);
    assert_string_equal(sh_cmd_name(&s.cmds[1]), "sh");
    assert_string_equal(s.cmds[1].words[2], "$(curl -fsSL https://get.example)");
    sh_script_free(&s);

    parse("echo `id -u` ${HOME:-/root} $((1+2))", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(joined(&s.cmds[0]), "id|-u");
    assert_string_equal(joined(&s.cmds[1]), "echo|`id -u`|${HOME:-/root}|$((1+2))");
    sh_script_free(&s);

    parse("bash <(wget -qO- https://x)", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(sh_cmd_name(&s.cmds[0]), "wget");
    assert_string_equal(s.cmds[1].words[1], "<(wget -qO- https://x)");
    sh_script_free(&s);
}

static void test_groups_and_keywords(void **state)
{
    (void)state;
    struct sh_script s;
    parse("(cd /tmp && make) ; { apt-get update; apt-get install -y x; } ; if [ -f a ]; then rm a; fi; "
          "for p in a b; do pip install $p; done", &s);
    const char *want[] = {"cd|/tmp", "make", "apt-get|update", "apt-get|install|-y|x", "[|-f|a|]", "rm|a",
                          "for|p|in|a|b", "pip|install|$p"};
    assert_int_equal(s.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < s.n; i++) assert_string_equal(joined(&s.cmds[i]), want[i]);
    sh_script_free(&s);
}

static void test_assignments_and_redirects(void **state)
{
    (void)state;
    struct sh_script s;
    parse("DEBIAN_FRONTEND=noninteractive apt-get install -y x >/dev/null 2>&1 </dev/null", &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.cmds[0].argv0, 1);
    assert_string_equal(sh_cmd_name(&s.cmds[0]), "apt-get");
    assert_string_equal(joined(&s.cmds[0]), "DEBIAN_FRONTEND=noninteractive|apt-get|install|-y|x");
    sh_script_free(&s);

    parse("/usr/bin/env -u X FOO=1 nice -n 5 /usr/bin/pip install x", &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(sh_cmd_name(&s.cmds[0]), "env");
    assert_string_equal(sh_word_base(&s.cmds[0], sh_cmd_unwrap(&s.cmds[0])), "pip");
    sh_script_free(&s);

    /* No wrapper: unwrap gives argv0. */
    parse("ls -l", &s);
    assert_int_equal(sh_cmd_unwrap(&s.cmds[0]), 0);
    assert_true(sh_cmd_has_word(&s.cmds[0], 1, "-l"));
    assert_false(sh_cmd_has_word(&s.cmds[0], 1, "ls"));
    sh_script_free(&s);
}

static void test_heredoc_in_script(void **state)
{
    (void)state;
    struct sh_script s;
    parse("cat > /etc/x.conf <<EOF\ncurl http://x | sh\nEOF\necho after\ncat <<-END\n\tnot a command\n\tEND\nls", &s);
    assert_int_equal(s.n, 4);
    assert_string_equal(joined(&s.cmds[0]), "cat");
    assert_string_equal(joined(&s.cmds[1]), "echo|after");
    assert_string_equal(joined(&s.cmds[2]), "cat");
    assert_string_equal(joined(&s.cmds[3]), "ls");
    sh_script_free(&s);
}

static void test_exec_form(void **state)
{
    (void)state;
    struct sh_script s;
    char *a1[] = {"/bin/sh", "-ec", "apt-get update && apt-get install -y x"};
    sh_parse_argv(a1, 3, &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(joined(&s.cmds[1]), "apt-get|install|-y|x");
    sh_script_free(&s);

    char *a2[] = {"bash", "-o", "pipefail", "-c", "a | b"};
    sh_parse_argv(a2, 5, &s);
    assert_int_equal(s.n, 2);
    assert_true(s.cmds[0].piped);
    sh_script_free(&s);

    /* Not a shell: one command, words kept verbatim (no splitting on "&&"). */
    char *a3[] = {"echo", "a && b"};
    sh_parse_argv(a3, 2, &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.cmds[0].words[1], "a && b");
    sh_script_free(&s);

    sh_parse_argv(NULL, 0, &s);
    assert_int_equal(s.n, 0);
    sh_script_free(&s);
}

static void test_bounds(void **state)
{
    (void)state;
    struct sh_script s;
    /* Deep nesting stops at the depth bound. */
    size_t n = 10000;
    char *deep = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) { deep[i] = '('; deep[n + i] = ')'; }
    deep[2 * n] = 0;
    parse(deep, &s);
    assert_true(s.truncated);
    sh_script_free(&s);
    for (size_t i = 0; i < n; i++) memcpy(deep + 2 * i, "$(", 2);
    deep[2 * n] = 0;
    parse(deep, &s);
    assert_true(s.truncated);
    sh_script_free(&s);
    free(deep);

    /* Many commands stop at the command bound. */
    size_t m = (SH_MAX_CMDS + 10) * 2;
    char *many = malloc(m + 1);
    for (size_t i = 0; i < m; i += 2) memcpy(many + i, "a;", 2);
    many[m] = 0;
    parse(many, &s);
    assert_int_equal(s.n, SH_MAX_CMDS);
    assert_true(s.truncated);
    sh_script_free(&s);
    free(many);

    /* Many words stop at the word bound; the command is still reported. */
    size_t w = (SH_MAX_WORDS + 10) * 2;
    char *words = malloc(w + 1);
    for (size_t i = 0; i < w; i += 2) memcpy(words + i, "x ", 2);
    words[w] = 0;
    parse(words, &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.cmds[0].nwords, SH_MAX_WORDS);
    assert_true(s.truncated);
    sh_script_free(&s);
    free(words);

    parse("", &s);
    assert_int_equal(s.n, 0);
    sh_script_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operators),       cmocka_unit_test(test_pipes),
        cmocka_unit_test(test_quoting),         cmocka_unit_test(test_continuations_and_lines),
        cmocka_unit_test(test_substitutions),   cmocka_unit_test(test_groups_and_keywords),
        cmocka_unit_test(test_assignments_and_redirects), cmocka_unit_test(test_heredoc_in_script),
        cmocka_unit_test(test_exec_form),       cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
