#!/usr/bin/env bash
# Installs everything cvkit and its tests need: the Python package with its
# test extras, and (when run as root on Debian) the system packages the
# exporters and the real-consumer tests use: fonts, TeX Live, Chromium,
# LibreOffice and poppler.  Safe to run twice.
#
#   bash scripts/setup.sh            # everything
#   CVKIT_SKIP_APT=1 bash scripts/setup.sh   # Python only
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  # WeasyPrint's native libraries and the fonts our themes use.
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
  fonts-noto-core fonts-noto-cjk
  # PDF checks: pdftoppm renders pages to PNG for docs and tests.
  poppler-utils
  # LaTeX exporter: compiled by a real engine in the tests.
  latexmk texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended texlive-xetex texlive-lang-chinese
  # DOCX: LibreOffice converts our output to prove it opens cleanly.
  libreoffice-writer-nogui
  # HTML: a real headless browser loads our pages.
  chromium
)

if [[ "${CVKIT_SKIP_APT:-0}" != 1 ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: skipping Debian packages (needs root and apt-get); tests that need them will skip"
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
