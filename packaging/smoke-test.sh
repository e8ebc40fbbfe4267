#!/usr/bin/env bash
# Smoke-test a built ramdesk: it reports its version, checks a matrix from the command line, and
# starts the editor on the built-in example in a real (virtual) X window, then closes cleanly.
set -euo pipefail
app=${1:-dist/ramdesk/ramdesk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$app" --version
"$app" example "$tmp/example.xlsx"
set +e
"$app" check "$tmp/example.xlsx" > "$tmp/check.txt"
rc=$?
set -e
# The example holds real conflicts on purpose: exit 1 (errors found) is the expected answer.
[ "$rc" = 1 ] || { echo "check exited $rc, expected 1"; cat "$tmp/check.txt"; exit 1; }
head -n 3 "$tmp/check.txt"

samples="$(dirname "$0")/../../shared/samples"
if [ -d "$samples" ]; then
    for f in "$samples"/*.xlsx; do
        set +e; "$app" info "$f" > /dev/null; rc=$?; set -e
        [ "$rc" = 0 ] || { echo "info failed ($rc) on $(basename "$f")"; exit 1; }
    done
    echo "info read every sample"
fi

# The editor: opens the example, paints, and closes itself (RAMDESK_SMOKE_TEST=1).
RAMDESK_SMOKE_TEST=1 xvfb-run -a -s "-screen 0 1600x1000x24" "$app"
echo "smoke test passed"
