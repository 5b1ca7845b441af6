#!/bin/bash
# Validates SARIF output against the official SARIF 2.1.0 JSON schema (the
# OASIS schema as shipped in the npm package @microsoft/jest-sarif) with Ajv.
# Skipped (77) only when npm is not installed.
set -u
command -v npm >/dev/null && command -v node >/dev/null || { echo "npm/node not installed"; exit 77; }
cache=${DG_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockguard-npm}
mkdir -p "$cache"
if [ ! -f "$cache/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ] || [ ! -d "$cache/node_modules/ajv" ]; then
    (cd "$cache" && npm install --silent --no-audit --no-fund --prefix "$cache" @microsoft/jest-sarif ajv@8 ajv-formats@3 >/dev/null 2>&1) \
        || { echo "FAIL: could not install the schema validator from npm"; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$DG_BIN" lint --format sarif -o "$tmp/examples.sarif" "$DG_SRC/examples"; rc=$?
[ "$rc" -le 1 ] || { echo "FAIL: lint exited $rc"; exit 1; }
mkdir "$tmp/empty"
"$DG_BIN" lint --format sarif -o "$tmp/empty.sarif" "$tmp/empty" || { echo "FAIL: empty lint"; exit 1; }
cat > "$tmp/validate.js" <<'JS'
const fs = require('fs');
const path = require('path');
const cache = process.argv[2];
const Ajv = require(path.join(cache, 'node_modules/ajv'));
const addFormats = require(path.join(cache, 'node_modules/ajv-formats'));
const schema = JSON.parse(fs.readFileSync(path.join(cache,
    'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
delete schema['$schema'];
// Draft-04 style: the root 'id' is what Ajv calls '$id'.
if (schema.id) { schema['$id'] = schema.id; delete schema.id; }
// The schema's language pattern is not a valid regular expression in unicode mode.
const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const f of process.argv.slice(3)) {
    const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
    if (!validate(doc)) {
        console.log('FAIL ' + f + ': ' + JSON.stringify(validate.errors.slice(0, 5), null, 1));
        bad = 1;
    } else {
        const n = doc.runs[0].results.length, r = doc.runs[0].tool.driver.rules.length;
        console.log('ok   ' + path.basename(f) + ' valid SARIF 2.1.0 (' + n + ' results, ' + r + ' rules)');
    }
}
process.exit(bad);
JS
node "$tmp/validate.js" "$cache" "$tmp/examples.sarif" "$tmp/empty.sarif"
