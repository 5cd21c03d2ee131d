"""Masks of this checkout against the landed code on the real model (issue: NeuroAL at the price of a prune).

The exact speed-ups (masks by selection instead of a full sort, statistics collected in shared
pre-hooks, weights restored from a buffer) must not change a single mask. This prunes the built-in
SmolLM2-135M with each pruner and ratio kind, once with a copy of the landed package and once with
this checkout, each in its own process, and compares a digest of every linear's pruned weights, bit
for bit (so the masks, and the values SparseGPT updates, and the zeros' sign bits):

- scalar ratio: the uniform prune at 60%;
- per-row ratios: a NeuroAL row allocation (block lambda 0.12, row lambda 0.15 at 60%, as the exact
  search chooses on this model), re-applied with `allocation=`;
- N:M: 2:4;
- top-ups by name (`--kinds owl,dsnot`): OWL's allocation and DSnoT's refined masks at 60%, which
  went through the top-up interface's refactor.

    git archive <landed commit> neuroal | tar -x -C /tmp/landed
    python bench/identical.py --landed /tmp/landed [--methods wanda,sparsegpt] [--kinds scalar,row,nm]

Prints a table; exit 1 when any mask differs.
"""
import argparse, sys, tempfile
from pathlib import Path
from common import run_with_package

WORKER = r"""
import json, sys
from neuroal.models import load_model
from neuroal.api import prune
from neuroal.prune import Allocation
from common import prune_size, linear_digests
a = json.loads(sys.argv[1])
model, tok = load_model(a["model"])
alloc = Allocation.load(a["allocation"]) if a.get("allocation") else None
prune(model, tok, a["method"], nsamples=a["nsamples"], seqlen=a["seqlen"], allocation=alloc, top_up=a.get("top_up", "uniform"),
      progress=False, **prune_size(a.get("structure"), a.get("sparsity")))
print("RESULT " + json.dumps(linear_digests(model)))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--landed", required=True, help="directory holding the landed `neuroal` package")
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--methods", default="wanda,sparsegpt")
    ap.add_argument("--nsamples", type=int, default=8); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--kinds", default="scalar,row,nm", help="ratio kinds to compare: scalar, row (per-row ratios), nm (2:4), owl, dsnot (top-ups by name)")
    a = ap.parse_args()
    here = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(here))
    from neuroal.models import load_model
    from neuroal.search import block_allocation, row_allocation, mapped_deltas
    model, _ = load_model(a.model)
    # a per-row allocation of the kind NeuroAL's row step makes (deltas: a fixed, reproducible pattern)
    import torch
    g = torch.Generator().manual_seed(0)
    base = block_allocation(model, 0.6, 0.12)
    deltas = {n: torch.rand(m.in_features, generator=g) for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and "lm_head" not in n}
    alloc = row_allocation(model, base, mapped_deltas(model, deltas, "mean"), 0.15)
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        alloc.save(f"{d}/alloc.json")
        kinds = {"scalar": ("scalar 60%", {"sparsity": 0.6}), "row": ("per row (NeuroAL row allocation)", {"sparsity": 0.6, "allocation": f"{d}/alloc.json"}),
                 "nm": ("2:4", {"structure": "2:4"}), "owl": ("OWL 60%", {"sparsity": 0.6, "top_up": "owl"}),
                 "dsnot": ("DSnoT 60%", {"sparsity": 0.6, "top_up": "dsnot"})}
        kinds = dict(kinds[k] for k in a.kinds.split(","))
        print(f"Settings: {a.model}, {a.nsamples} C4 calibration windows of {a.seqlen} tokens; landed package {a.landed} against this checkout\n")
        print("| pruner | ratio kind | linears | identical weights (bits) |\n|---|---|---|---|")
        for method in a.methods.split(","):
            for kind, kw in kinds.items():
                args = dict(model=a.model, method=method, nsamples=a.nsamples, seqlen=a.seqlen, **kw)
                old, new = run_with_package(a.landed, WORKER, args), run_with_package(here, WORKER, args)
                same = sum(old[n] == new.get(n) for n in old)
                bad += same != len(old)
                print(f"| {method} | {kind} | {len(old)} | {same} |", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
