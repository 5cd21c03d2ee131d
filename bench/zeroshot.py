"""Zero-shot accuracy (lm-eval) of a model dense and pruned with Wanda under several top-ups.

    python bench/zeroshot.py [--model smollm2-135m] [--sparsity 0.5] [--tasks arc_easy,boolq] [--limit 100]
                             [--nsamples 32] [--seqlen 512] [--from-topups]

Without --from-topups: dense, uniform and NeuroAL, written to bench/results/zeroshot_s{S}.json (plotted by
nbs/tutorials/02_zero_shot.ipynb). With --from-topups: dense, uniform, the best competitor of the
`bench/topups.py` table at this sparsity (lowest perplexity among the top-ups that are neither uniform nor
NeuroAL's, cross rows excluded) and NeuroAL (both), each re-applying the allocation cached by that benchmark
(when the cache is gone, re-pruned with the table's choice pinned: ATP's beta, NeuroAL's lambdas; each run records
how far its per-block sparsities are from the table's), written to bench/results/zeroshot_{model}_s{S}.json.
"""
import argparse, copy, json, platform, time
from typing import NamedTuple
from pathlib import Path
from types import SimpleNamespace
import torch
from common import slug
from neuroal.models import load_model, pick_device
from neuroal.api import prune
from neuroal.prune import Allocation
from neuroal.topups import from_allocation
from neuroal.zeroshot import zero_shot

RESULTS = Path(__file__).parent / "results"
COMPETITORS = ("OWL", "AlphaPruning", "DSnoT", "DLP", "ATP")

class Run(NamedTuple):
    label: str
    top_up: str | None = None       # None: the dense model
    options: dict = {}
    allocation: Allocation | None = None   # the benchmark's cached allocation, re-applied as it is
    pin: dict = {}                  # when that is gone: the options that fix the benchmark's choice
    bench_blocks: list | None = None       # the benchmark row's per-block sparsities, to compare with

def topups_runs(a, mtag:str)->list:
    "The runs for dense, uniform, the best competitor and NeuroAL (both), each with its cached allocation or, without one, its pinned choice."
    from topups import METHODS, cache_key
    table = json.loads((RESULTS / f"topups_{mtag}_wanda_s{int(round(a.sparsity * 100))}.json").read_text())
    key_args = SimpleNamespace(method="wanda", nsamples=a.nsamples, search_nsamples=8, seqlen=a.seqlen)
    cached = lambda label, end: RESULTS / "cache" / f"{cache_key(mtag, key_args, a.sparsity, label)}{end}"
    ppl = {l: table[l]["ppl"] if "ppl" in table[l] else json.loads(cached(l, "_w64.ppl.json").read_text())["ppl"]
           for l in COMPETITORS if l in table}
    best = min(ppl, key=ppl.get)
    runs = [Run("dense")]
    for label in ("uniform", best, "NeuroAL (both)"):
        top_up, kw = next((t, k) for l, t, k in METHODS if l == label)
        f = cached(label, ".allocation.json")
        runs.append(Run(f"{label} (best competitor)" if label == best else label, top_up, kw,
                        Allocation.load(f) if f.exists() else None, pinned(table[label]), table[label]["per_block_sparsity"]))
    return runs

def pinned(row:dict)->dict:
    """Options that re-make a benchmark row's choice without selecting again, for when its cached allocation is gone:
    ATP's chosen beta, NeuroAL's chosen lambdas, each as a one-candidate grid (the per-block sparsities are compared after)."""
    if "beta" in row: return {"betas": (row["beta"],)}
    if row.get("lambda_block") is None: return {}
    return {"block_lambdas": (row["lambda_block"],)} | ({"row_lambdas": (row["lambda_row"],)} if row.get("lambda_row") is not None else {})

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--sparsity", type=float, default=0.5)
    ap.add_argument("--tasks", default="arc_easy,boolq"); ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--device", default="auto"); ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--from-topups", action="store_true", help="dense, uniform, best competitor and NeuroAL of bench/topups.py")
    a = ap.parse_args()
    dev, mtag = pick_device(a.device), slug(a.model).lower()
    base, tok = load_model(a.model, device=dev)
    tasks = a.tasks.split(",")
    name = f"zeroshot_{mtag}_s" if a.from_topups else "zeroshot_s"
    path = RESULTS / f"{name}{int(round(a.sparsity * 100))}.json"
    out = {"settings": vars(a) | {"machine": f"{platform.machine()}, {torch.get_num_threads()} threads, {dev}, torch {torch.__version__}"}, "runs": {}}
    if path.exists():       # resume: runs already written with the same settings are kept, not redone
        old = json.loads(path.read_text())
        if old["settings"] == out["settings"]: out["runs"] = old["runs"]
        else: path.rename(path.with_suffix(".previous.json")); print("settings changed: the previous results moved to", path.with_suffix(".previous.json"))
    runs = topups_runs(a, mtag) if a.from_topups else [Run("dense"), Run("uniform", "uniform"), Run("NeuroAL", "neuroal")]
    for r in runs:
        label = r.label
        if label in out["runs"]: print(label, "already done", flush=True); continue
        model, t0, extra = copy.deepcopy(base), time.perf_counter(), {}
        if r.top_up:
            given = ({"allocation": r.allocation, "top_up": from_allocation(r.allocation)} if r.allocation is not None
                     else {"top_up": r.top_up, **r.options, **r.pin})
            res = prune(model, tok, "wanda", a.sparsity, nsamples=a.nsamples, seqlen=a.seqlen, device=dev, progress=False, **given)
            how = "cached" if r.allocation is not None else f"pinned {r.pin}" if r.pin else "computed"
            extra = {"sparsity_achieved": res.sparsity["overall"], "allocation": how,
                     "lambda_block": res.extra.get("lambda_block"), "lambda_row": res.extra.get("lambda_row"), "beta": res.extra.get("beta")}
            if r.bench_blocks:  # the same allocation as the perplexity table's row, block by block?
                extra["max_block_diff_vs_benchmark"] = max(abs(x - y) for x, y in zip(res.sparsity["per_block"], r.bench_blocks))
        zs = zero_shot(model, tok, tasks, limit=a.limit, batch_size=a.batch_size)
        out["runs"][label] = {"table": zs.table, "seconds": round(time.perf_counter() - t0, 1), **extra}
        print(label, zs, flush=True)
        del model
        path.write_text(json.dumps(out, indent=1))       # after every run, so that an interrupted benchmark resumes
    print("wrote", path)

if __name__ == "__main__":
    main()
