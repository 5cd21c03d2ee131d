#!/usr/bin/env bash
# Set up (idempotently) and run the main job on the built-in model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
neuroal eval --model smollm2-135m --ppl wikitext2,ptb --seqlen 512 --max-windows 16 "$@"
