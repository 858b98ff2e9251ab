#!/usr/bin/env bash
# Installs what cvkit needs. Safe to run again: what is present is skipped.
#
#   bash scripts/setup.sh          # to use cvkit: the package (pip install .) and, as root
#                                  # on Debian, the fonts and libraries the PDF needs
#   bash scripts/setup.sh --test   # to test it: the package editable with its test tools,
#                                  # and the real consumers the tests drive: TeX Live,
#                                  # LibreOffice, Chromium, poppler
#   CVKIT_SKIP_APT=1 ...           # Python packages only (tests needing the rest skip)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-use}
RUNTIME_PACKAGES=(
  # WeasyPrint's native libraries and the fonts the themes use (CJK included).
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-dejavu-core
  libharfbuzz-subset0  # font subsetting: without it WeasyPrint warns and is slower
  fonts-noto-core fonts-noto-cjk
  fonts-noto-color-emoji  # the 🎉 and 🚀 people put in their news and highlights
)
TEST_PACKAGES=(
  poppler-utils                       # pdftoppm: page pictures for docs/
  latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  texlive-xetex texlive-lang-chinese  # the LaTeX exporter, compiled for real
  texlive-lang-arabic                 # bidi, for Arabic and Hebrew CVs under xelatex
  libreoffice-writer-nogui            # opens our DOCX files
  libreoffice-math-nogui              # draws their Word equations (OMML)
  chromium                            # loads our homepage
)
packages=("${RUNTIME_PACKAGES[@]}")
[[ "$mode" == "--test" ]] && packages+=("${TEST_PACKAGES[@]}")

if [[ "${CVKIT_SKIP_APT:-0}" != 1 ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  missing=()
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  # axe-core (the accessibility checker run in Chromium) comes from npm: Debian's Node.js
  # and npm only where the machine has no npm of its own (a nodesource npm is not a package).
  if [[ "$mode" == "--test" ]] && ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
  if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
else
  echo "setup: skipping Debian packages (needs root and apt-get)" >&2
fi

pip=(python3 -m pip install -q --disable-pip-version-check)
if [[ "$mode" == "--test" ]]; then
  # Editable, its templates compiled into cvkit/exporters/_compiled_templates by the build hook
  # (hatch_build.py). After editing a template, `python -m cvkit.exporters.template_modules`
  # compiles them again; until then the edited one is compiled from source in each run.
  "${pip[@]}" -e '.[test]'
else
  "${pip[@]}" .
fi
# axe-core (npm) checks the site's accessibility inside Chromium; kept in tests/.node.
if [[ "$mode" == "--test" ]] && command -v npm >/dev/null \
    && [[ ! -f tests/.node/node_modules/axe-core/axe.min.js ]]; then
  npm install --prefix tests/.node --silent --no-audit --no-fund axe-core@4 >/dev/null
fi
# pyenv only sees new console scripts (cvkit) after a rehash.
if command -v pyenv >/dev/null; then pyenv rehash 2>/dev/null || true; fi
