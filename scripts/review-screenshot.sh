#!/usr/bin/env bash
# Renders a generated review page in a real browser (Debian's chromium, headless) and saves a
# screenshot, by default docs/review.png (the picture in the README). Also a check that the
# page renders: the browser's own DOM must hold the totals, the warnings and every document.
#
#   bash scripts/review-screenshot.sh [OUT.png]
#
# Needs: apt-get install -y chromium. No QuickBooks, no sandbox: a review needs only the
# extract and the transform of a sample OMS.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/review.png}"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "review-screenshot: needs Debian's chromium (apt-get install -y chromium)" >&2; exit 2; }

scratch=()
[ -n "${QBSYNC_SCRATCH:-}" ] && scratch=(--scratch-path "$QBSYNC_SCRATCH")
swift build "${scratch[@]}"
qbsync="$(swift build "${scratch[@]}" --show-bin-path)/qbsync"

dir=var/review-screenshot
rm -rf "$dir"
mkdir -p "$dir"
"$qbsync" sample --out "$dir/oms.sqlite" --patients 40 --days 30 --seed 7 >/dev/null
cat >"$dir/review.toml" <<TOML
name = "clinic"
workspace = "$dir/workspace"
[oms]
database = "$dir/oms.sqlite"
[sync]
require_approval = true
[review]
closing_date = "2026-10-05"
TOML
"$qbsync" run --pipeline "$dir/review.toml" || [ $? -le 1 ]
run="$(ls "$dir/workspace/runs" | tail -1)"
page="$PWD/$dir/workspace/runs/$run/2-transform/review.html"

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --force-device-scale-factor=1)
# The check: what the browser built from the page, not the file's text.
"$browser" "${flags[@]}" --dump-dom "file://$page" >"$dir/dom.html" 2>"$dir/chromium.log"
documents="$("$qbsync" review --run "$run" --pipeline "$dir/review.toml" --format json | grep -c '"bId"' || true)"
rows="$(grep -o '<tr[^>]*><td>' "$dir/dom.html" | wc -l)"
grep -q '<h2>Warnings (' "$dir/dom.html" || { echo "review-screenshot: the rendered page has no warnings section" >&2; exit 1; }
grep -q "Documents ($documents)" "$dir/dom.html" || { echo "review-screenshot: the rendered page does not list $documents documents" >&2; exit 1; }
[ "$rows" -ge "$documents" ] || { echo "review-screenshot: $rows table rows for $documents documents" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
"$browser" "${flags[@]}" --window-size=1280,1500 --screenshot="$PWD/$out" "file://$page" 2>>"$dir/chromium.log"
[ "$(stat -c %s "$out")" -gt 20000 ] || { echo "review-screenshot: $out looks blank" >&2; exit 1; }
echo "review-screenshot: $out (from $page; $documents documents rendered)"
