#!/usr/bin/env bash
# Set up (idempotently) and run the whole test suite: notebooks clean, library in sync with them,
# README in sync with nbs/index.ipynb, the docs site built and checked in a browser, then every notebook (slow cells skipped) and tests/ via pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
PY=${PYTHON:-python3}

echo "[test] notebooks are clean (nbdev_clean)"
nbdev_clean
if [ -n "$(git status --porcelain -- nbs)" ]; then git status --porcelain -- nbs; echo "notebooks not clean: run nbdev_clean"; exit 1; fi
echo "[test] library in sync with notebooks (nbdev_export)"
nbdev_export
if [ -n "$(git status --porcelain -- neuroal)" ]; then git status --porcelain -- neuroal; git diff -- neuroal | head -50; echo "neuroal/ differs from the notebooks: run nbdev_export"; exit 1; fi
echo "[test] README.md in sync with nbs/index.ipynb"
"$PY" scripts/readme.py --check
echo "[test] notebook sources (title cells, import cells, documented exports)"
"$PY" scripts/nbcheck.py
echo "[test] docs site: build (no warnings) and browser check"
bash scripts/docs.sh --check
echo "[test] notebooks and tests"
"$PY" -m pytest tests "$@"
