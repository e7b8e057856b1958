#!/usr/bin/env bash
# The demo (README, `make demo`): builds qbsync, writes a sample OMS, starts the local
# QuickBooks-compatible sandbox on loopback, runs the whole pipeline against it, shows where
# the run's files are, and stops the sandbox. `--desktop`: the same into the sandbox's QuickBooks
# Desktop company, through its Web Connector.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build
qbsync="$(swift build --show-bin-path)/qbsync"
demo=var/demo
rm -rf "$demo"
mkdir -p "$demo"

if [ "${1:-}" = "--desktop" ]; then
  # QuickBooks Desktop: the sandbox plays QuickBooks with a company file open and the Web
  # Connector polling qbsync's endpoint, which `qbsync run` serves for its load.
  demo=var/demo-desktop
  rm -rf "$demo"
  mkdir -p "$demo"
  "$qbsync" sample --out "$demo/oms.sqlite" --patients "${PATIENTS:-40}" --days "${DAYS:-30}" --seed "${SEED:-7}"
  # The password the Web Connector types: made up for this demo, kept in the environment only.
  QBSYNC_QBWC_PASSWORD="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  export QBSYNC_QBWC_PASSWORD
  export QBSYNC_QBWC_LISTEN="${QBSYNC_QBWC_LISTEN:-127.0.0.1:8124}"
  port="${QBSYNC_QBWC_LISTEN##*:}"
  "$qbsync" sandbox --desktop --connector "http://localhost:$port/qbwc" --every 1 --data "$demo/company" \
    >"$demo/sandbox.log" 2>&1 &
  sandbox=$!
  trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true' EXIT
  status=0
  "$qbsync" run --pipeline samples/demo-desktop.toml --wait 600 || status=$?
  echo
  "$qbsync" status --pipeline samples/demo-desktop.toml
  run=$(ls "$demo/workspace/runs" | tail -1)
  echo
  echo "run files:    $demo/workspace/runs/$run/  (2-transform/batches/*.qbxml: the qbXML message sets)"
  echo "summary:      $demo/workspace/runs/$run/4-reconcile/summary.json"
  echo "company:      $demo/company/  (the sandbox's QuickBooks Desktop company file, as JSON)"
  [ "$status" -le 1 ] || exit "$status"
  exit 0
fi

"$qbsync" sample --out "$demo/oms.sqlite" --patients "${PATIENTS:-40}" --days "${DAYS:-30}" --seed "${SEED:-7}"

"$qbsync" sandbox --port 0 --data "$demo/sandbox" >"$demo/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^export QBSYNC_QBO_BASE_URL=' "$demo/sandbox.log" 2>/dev/null && break
  kill -0 "$sandbox" 2>/dev/null || { cat "$demo/sandbox.log"; exit 1; }
  sleep 0.1
done
# The sandbox prints the exports a user needs (its address, realm, client id, a refresh token).
eval "$(grep '^export QBSYNC_' "$demo/sandbox.log")"

status=0
"$qbsync" run --pipeline samples/demo.toml || status=$?
echo
"$qbsync" status --pipeline samples/demo.toml
run=$(ls "$demo/workspace/runs" | tail -1)
echo
echo "run files:    $demo/workspace/runs/$run/  (manifest.json, 1-extract/ ... 4-reconcile/)"
echo "summary:      $demo/workspace/runs/$run/4-reconcile/summary.json"
echo "sandbox data: $demo/sandbox/"
# 1 means the run finished with some items failed (each in the ledger with its reason): the
# demo itself worked. Anything else is a real error.
[ "$status" -le 1 ] || exit "$status"
