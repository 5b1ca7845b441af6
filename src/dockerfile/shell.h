/* Shell reader for RUN commands: splits POSIX-shell text (shell-form RUN,
 * a heredoc body, or the script of ["sh","-c","…"]) into the simple commands
 * it would run, across && || ; | & newlines, ( ) { } subshells, $( ) and
 * backtick substitutions, with quoting resolved. It does not execute or
 * expand anything: `echo "curl | sh"` is one echo command whose argument is
 * the literal text "curl | sh", while `curl x | sh` is two commands, the
 * first piped into the second. Rules read the result to understand what a
 * RUN does (e.g. update and install in the same RUN). Bounded: input size,
 * command count, words per command and nesting depth. */
#ifndef DG_DOCKERFILE_SHELL_H
#define DG_DOCKERFILE_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include "core/arena.h"

#define SH_MAX_INPUT   (1u << 20)   /* bytes of script read; the rest is ignored (truncated = true) */
#define SH_MAX_CMDS    4096
#define SH_MAX_WORDS   1024         /* per command */
#define SH_MAX_DEPTH   32           /* nested ( ) { } $( ) ` ` */

/* How a command connects to the next one. */
enum sh_link {
    SH_LINK_END = 0,  /* ; newline or end of text */
    SH_LINK_AND,      /* && */
    SH_LINK_OR,       /* || */
    SH_LINK_PIPE,     /* | or |& : stdout feeds the next command */
    SH_LINK_BG        /* & */
};

struct sh_cmd {
    char **words;     /* words with quotes removed; expansions kept as text ("$HOME") */
    size_t nwords;
    size_t argv0;     /* index of the command name: leading VAR=value assignments skipped */
    size_t unwrap;    /* see sh_cmd_unwrap: worked out once, when the command is read */
    enum sh_link link;
    bool piped;       /* link == SH_LINK_PIPE */
    bool from_pipe;   /* the previous command pipes into this one */
    int depth;        /* nesting of subshells/groups/substitutions (0 = top level) */
    int line;         /* 1-based line in the text where the command starts */
    int col;          /* 1-based column */
    size_t off;       /* byte offset where the command starts */
};

struct sh_script {
    struct sh_cmd *cmds;
    size_t n, cap;
    bool truncated;   /* a bound was hit: what was read is still reported */
    struct dg_arena mem; /* holds cmds and every word */
};

/* Reads shell text. Always succeeds (a shell reader that gives up would let
 * a crafted RUN hide from every rule); unbalanced quotes or brackets end at
 * the end of the text. Call sh_script_free() afterwards. */
void sh_parse(const char *text, size_t len, struct sh_script *out);
/* As sh_parse, but the commands and their words are allocated from mem,
 * which must outlive the script (out->mem stays empty): the Dockerfile
 * parser reads every RUN into its build's arena. */
void sh_parse_in(const char *text, size_t len, struct dg_arena *mem, struct sh_script *out);
/* Exec form: ["sh","-c","script"] (also bash/ash/dash, -ec, -xc…) reads the
 * script; anything else is one command with these words. */
void sh_parse_argv(char *const *argv, size_t argc, struct sh_script *out);
void sh_script_free(struct sh_script *s);

/* Command name (basename of words[argv0], so "/usr/bin/apt-get" is
 * "apt-get"), or "" for a command made only of assignments. */
const char *sh_cmd_name(const struct sh_cmd *c);
/* Index of the real command behind wrappers that run another command with
 * its own arguments (sudo, env, nohup, exec, command, time, nice, xargs,
 * doas, gosu, su-exec, chroot, timeout, stdbuf) and their options; equals
 * argv0 when there is no wrapper, c->nwords when nothing follows it. */
size_t sh_cmd_unwrap(const struct sh_cmd *c);
/* Basename of words[i]. */
const char *sh_word_base(const struct sh_cmd *c, size_t i);
/* True when a word at index >= from equals s. */
bool sh_cmd_has_word(const struct sh_cmd *c, size_t from, const char *s);

#endif
