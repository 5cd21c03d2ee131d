#!/usr/bin/env bash
# Set up (idempotently) and run the main job on the built-in model: prune SmolLM2-135M with Wanda at
# 50% and print its WikiText-2 perplexity beside the dense model's. Extra flags are passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
neuroal prune --model smollm2-135m --method wanda --sparsity 0.5 --top-up uniform --nsamples 32 --seqlen 512 \
  --ppl wikitext2 --max-windows 16 --compare-dense "$@"
