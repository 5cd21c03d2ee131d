"""Zero-shot accuracy (lm-eval) of a model dense and pruned with Wanda under several top-ups.

    python bench/zeroshot.py [--model smollm2-135m] [--sparsity 0.5] [--tasks arc_easy,boolq] [--limit 100]
                             [--nsamples 32] [--seqlen 512] [--from-topups]

Without --from-topups: dense, uniform and NeuroAL, written to bench/results/zeroshot_s{S}.json (plotted by
nbs/tutorials/02_zero_shot.ipynb). With --from-topups: dense, uniform, the best competitor of the
`bench/topups.py` table at this sparsity (lowest perplexity among the top-ups that are neither uniform nor
NeuroAL's, cross rows excluded) and NeuroAL (both), each re-applying the allocation cached by that benchmark
(re-pruned from scratch when the cache is gone), written to bench/results/zeroshot_{model}_s{S}.json.
"""
import argparse, copy, json, platform, time
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

def topups_runs(a, mtag:str)->list:
    "(label, top-up name, options, cached allocation or None) for dense, uniform, best competitor and NeuroAL (both)."
    from topups import METHODS, cache_key
    table = json.loads((RESULTS / f"topups_{mtag}_wanda_s{int(round(a.sparsity * 100))}.json").read_text())
    key_args = SimpleNamespace(method="wanda", nsamples=a.nsamples, search_nsamples=8, seqlen=a.seqlen)
    cached = lambda label, end: RESULTS / "cache" / f"{cache_key(mtag, key_args, a.sparsity, label)}{end}"
    ppl = {l: table[l]["ppl"] if "ppl" in table[l] else json.loads(cached(l, "_w64.ppl.json").read_text())["ppl"]
           for l in COMPETITORS if l in table}
    best = min(ppl, key=ppl.get)
    runs = [("dense", None, {}, None)]
    for label in ("uniform", best, "NeuroAL (both)"):
        top_up, kw = next((t, k) for l, t, k in METHODS if l == label)
        f = cached(label, ".allocation.json")
        runs.append((f"{label} (best competitor)" if label == best else label, top_up, kw, Allocation.load(f) if f.exists() else None))
    return runs

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
    runs = topups_runs(a, mtag) if a.from_topups else [("dense", None, {}, None), ("uniform", "uniform", {}, None), ("NeuroAL", "neuroal", {}, None)]
    for label, top_up, kw, alloc in runs:
        if label in out["runs"]: print(label, "already done", flush=True); continue
        model, t0, extra = copy.deepcopy(base), time.perf_counter(), {}
        if top_up:
            given = {"allocation": alloc, "top_up": from_allocation(alloc)} if alloc is not None else {"top_up": top_up, **kw}
            res = prune(model, tok, "wanda", a.sparsity, nsamples=a.nsamples, seqlen=a.seqlen, device=dev, progress=False, **given)
            extra = {"sparsity_achieved": res.sparsity["overall"], "allocation": "cached" if alloc is not None else "computed",
                     "lambda_block": res.extra.get("lambda_block"), "lambda_row": res.extra.get("lambda_row")}
        zs = zero_shot(model, tok, tasks, limit=a.limit, batch_size=a.batch_size)
        out["runs"][label] = {"table": zs.table, "seconds": round(time.perf_counter() - t0, 1), **extra}
        print(label, zs, flush=True)
        del model
        path.write_text(json.dumps(out, indent=1))       # after every run, so that an interrupted benchmark resumes
    print("wrote", path)

if __name__ == "__main__":
    main()
