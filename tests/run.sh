#!/usr/bin/env bash
# The test command: lint, then the whole suite.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m ruff check cvkit tests bench scripts
python3 -m pytest -q "$@"
