#!/usr/bin/env bash
# The PDF tests again under the oldest WeasyPrint major pyproject.toml declares (the main run
# has the newest): a venv beside the project that sees the installed packages and adds only
# that WeasyPrint. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
oldest=$(python3 - <<'PY'
import re, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
print(next(re.search(r">=\s*(\d+)", d)[1] for d in deps if d.startswith("weasyprint")))
PY
)
venv=".venv-weasyprint-$oldest"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv --system-site-packages "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check "weasyprint==$oldest.*"
"$venv/bin/python" -c "import weasyprint, sys; v = weasyprint.__version__; \
print('WeasyPrint', v, 'at', weasyprint.__file__); sys.exit(v.split('.')[0] != '$oldest')"
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/exporters/test_weasy.py \
  tests/exporters/test_pdf.py "$@"
