#!/usr/bin/env bash
# The test command: install what the tests need (skipped quickly when present), lint,
# then the whole suite. Extra arguments go to pytest. CVKIT_SKIP_SETUP=1 skips installing.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${CVKIT_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh --test
python3 -m ruff check cvkit tests bench scripts
python3 -m mypy cvkit
python3 -m pytest -q "$@"
