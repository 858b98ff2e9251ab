#!/usr/bin/env bash
# The test command: install what the tests need (skipped quickly when present), lint,
# then the whole suite, then the PDF tests under the oldest WeasyPrint declared (the suite
# runs the newest). Extra arguments go to pytest, and then only the suite runs.
# CVKIT_SKIP_SETUP=1 skips installing.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${CVKIT_SKIP_SETUP:-0}" == 1 ]] || bash scripts/setup.sh --test
python3 -m ruff check cvkit tests bench scripts
python3 -m mypy cvkit
python3 -m pytest -q "$@"
if (($# == 0)); then
  bash tests/weasyprint_oldest.sh
fi
