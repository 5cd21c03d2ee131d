#!/usr/bin/env bash
# Build the documentation site from the notebooks into _site/ (no Quarto needed: nbdev's processing,
# then Sphinx + myst-nb + furo, equations through a local MathJax from npm). Zero warnings allowed.
#   bash scripts/docs.sh          build _site/ (open _site/index.html, or: python -m http.server -d _site)
#   bash scripts/docs.sh --check  build, then load every page in headless Chromium (scripts/docs/check_site.py)
# With Quarto installed, `nbdev_docs` builds nbdev's own Quarto site from the same notebooks (_quarto.yml).
# System packages for --check: Debian's chromium (`apt-get install -y chromium`), installed here when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
PY=${PYTHON:-python3}
check=0
for a in "$@"; do case "$a" in --check) check=1;; *) echo "usage: bash scripts/docs.sh [--check]"; exit 2;; esac; done

# MathJax 3 from npm, once, into the cache (the site then renders equations with no network)
npm_dir="${NEUROAL_CACHE:-$HOME/.cache/neuroal}/npm"
mathjax="$npm_dir/node_modules/mathjax/es5"
if [ ! -f "$mathjax/tex-chtml.js" ]; then
  command -v npm >/dev/null || { echo "[docs] npm is needed once to fetch MathJax (Debian: apt-get install -y npm)"; exit 1; }
  echo "[docs] installing mathjax@3 (npm) into $npm_dir"
  mkdir -p "$npm_dir"; npm install --silent --no-audit --no-fund --prefix "$npm_dir" mathjax@3
fi
echo "[docs] building _site/"
"$PY" scripts/docs/build.py --mathjax "$mathjax"

if [ "$check" = 1 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "[docs] installing Debian's chromium for the browser check"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
    else echo "[docs] the browser check needs /usr/bin/chromium: sudo apt-get install -y chromium"; exit 1; fi
  fi
  echo "[docs] checking every page in headless Chromium"
  "$PY" scripts/docs/check_site.py
fi
