#!/usr/bin/env bash
# The long random search, kept out of the test command (which draws the same examples every
# run): every property test with fresh random examples, thousands of them, including 5,000
# random titles through pdflatex and through xelatex. A failure prints the falsifying
# example; pin it with @example in the test so the test command keeps checking it.
set -euo pipefail
cd "$(dirname "$0")/.."
CVKIT_STRESS=1 python3 -m pytest -m property -p no:cacheprovider -q "$@"
