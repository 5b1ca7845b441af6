#!/bin/bash
# End-to-end checks of the command line: version, help, exit codes, rule
# listing, the generated rule reference, and error handling.
set -u
fail=0
check() { # name, expected status, command...
    local name=$1 want=$2; shift 2
    "$@" >/tmp/dg_e2e_out.$$ 2>/tmp/dg_e2e_err.$$
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; cat /tmp/dg_e2e_err.$$; fail=1
    else
        echo "ok   $name"
    fi
}
check version 0 "$DG_BIN" --version
grep -q '^dockguard [0-9]' /tmp/dg_e2e_out.$$ || { echo "FAIL version text"; fail=1; }
check help 0 "$DG_BIN" --help
check no-args 2 "$DG_BIN"
check unknown-command 2 "$DG_BIN" frobnicate
check lint-help 0 "$DG_BIN" lint --help
grep -q -- '--fail-on' /tmp/dg_e2e_out.$$ || { echo "FAIL lint help lists --fail-on"; fail=1; }
check unknown-option 2 "$DG_BIN" lint --bogus
grep -q 'unknown option --bogus' /tmp/dg_e2e_err.$$ || { echo "FAIL unknown option message"; fail=1; }
check missing-path 2 "$DG_BIN" lint /nonexistent/path
check bad-format 2 "$DG_BIN" lint --format yaml "$DG_SRC/examples"
check bad-fail-on 2 "$DG_BIN" lint --fail-on sometimes "$DG_SRC/examples"
# The output is opened before the work: a path that cannot be written
# fails at once, and a bad format leaves an existing report alone.
check output-unwritable 2 "$DG_BIN" lint -o /nonexistent/dir/report.json "$DG_SRC/examples"
grep -q '/nonexistent/dir/report.json: No such file or directory' /tmp/dg_e2e_err.$$ \
    || { echo "FAIL unwritable output message"; fail=1; }
echo keep >/tmp/dg_e2e_keep.$$
check bad-format-keeps-output 2 "$DG_BIN" lint --format yaml -o /tmp/dg_e2e_keep.$$ "$DG_SRC/examples"
[ "$(cat /tmp/dg_e2e_keep.$$)" = keep ] || { echo "FAIL a bad format emptied the output file"; fail=1; }
rm -f /tmp/dg_e2e_keep.$$
check output-file 1 "$DG_BIN" lint -f json -o /tmp/dg_e2e_keep.$$ "$DG_SRC/examples"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["findings"]' /tmp/dg_e2e_keep.$$ \
    || { echo "FAIL the report in the output file"; fail=1; }
rm -f /tmp/dg_e2e_keep.$$
check explain-unknown 2 "$DG_BIN" explain DG-X999
check rules 0 "$DG_BIN" rules
check rules-json 0 "$DG_BIN" rules --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d,list)' /tmp/dg_e2e_out.$$ \
    || { echo "FAIL rules --json parses"; fail=1; }
# Every rule id explains, and ids are unique.
ids=$("$DG_BIN" rules | awk '{print $1}')
dups=$(printf '%s\n' $ids | sort | uniq -d)
[ -z "$dups" ] || { echo "FAIL duplicate rule ids: $dups"; fail=1; }
for id in $ids; do
    "$DG_BIN" explain "$id" >/dev/null 2>&1 || { echo "FAIL explain $id"; fail=1; }
done
# The committed rule reference is exactly what the table generates.
"$DG_BIN" rules --markdown > /tmp/dg_e2e_rules.$$
if ! cmp -s /tmp/dg_e2e_rules.$$ "$DG_SRC/docs/rules.md"; then
    echo "FAIL docs/rules.md is stale: regenerate with 'build/dockguard rules --markdown > docs/rules.md'"; fail=1
else
    echo "ok   docs/rules.md matches the rule table"
fi
rm -f /tmp/dg_e2e_out.$$ /tmp/dg_e2e_err.$$ /tmp/dg_e2e_rules.$$
exit $fail
