#!/usr/bin/env bash
# The test command (README, `make test`, CI): installs what the build needs, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# A hung test must not eat CI's 90 minutes.
timeout "${QBSYNC_TEST_TIMEOUT:-2700}" swift test "$@"
