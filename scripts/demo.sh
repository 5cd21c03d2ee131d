#!/usr/bin/env bash
# Set up (idempotently) and run the main job on the built-in model: NeuroAL on top of Wanda at 60%
# sparsity on SmolLM2-135M, with WikiText-2 perplexity beside uniform Wanda and the dense model.
# Extra flags are passed on (e.g. --out pruned/ to save the checkpoint).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
neuroal prune --model smollm2-135m --method wanda --sparsity 0.6 --top-up neuroal --nsamples 32 --search-nsamples 8 \
  --seqlen 512 --ppl wikitext2 --max-windows 16 --compare-dense --baseline uniform "$@"
