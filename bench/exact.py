"""Does the best-first search return the exhaustive grid's lambdas on a real model, and for how much less?

Runs NeuroAL's search (both steps, Wanda base) on the built-in SmolLM2-135M twice, exhaustive then
best-first, on the first `--search-nsamples` of the benchmark's calibration windows, and writes
bench/results/exact_<method>_s<sparsity>.json.

    python bench/exact.py [--sparsity 0.7] [--nsamples 32] [--search-nsamples 8] [--seqlen 512]
"""
import argparse, json
from pathlib import Path
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.search import neuroal_search

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--method", default="wanda")
    ap.add_argument("--sparsity", type=float, default=0.7); ap.add_argument("--nsamples", type=int, default=32)
    ap.add_argument("--search-nsamples", type=int, default=8); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--device", default="auto")
    a = ap.parse_args()
    dev = pick_device(a.device)
    model, tok = load_model(a.model, device=dev)
    x = get_calibration("c4", tok, nsamples=a.nsamples, seqlen=a.seqlen, seed=0)[:a.search_nsamples]
    out, n_blocks = {}, model.config.num_hidden_layers
    for strategy in ("exhaustive", "best-first"):
        r = neuroal_search(model, x, a.method, a.sparsity, step="both", strategy=strategy, device=dev, progress=False)
        out[strategy] = {"lambda_block": r.lambda_block, "lambda_row": r.lambda_row, **r.report(n_blocks)["search_cost"]}
        print(strategy, out[strategy], flush=True)
    same = all(out["exhaustive"][k] == out["best-first"][k] for k in ("lambda_block", "lambda_row"))
    print("same lambdas:", same)
    path = Path(__file__).parent / "results" / f"exact_{a.method}_s{int(round(a.sparsity * 100))}.json"
    path.write_text(json.dumps({"settings": vars(a), "device": str(dev), "same_lambdas": same, **out}, indent=1))

if __name__ == "__main__":
    main()
