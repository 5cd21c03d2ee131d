"""What a whole NeuroAL run costs against the uniform prune it tops up (issue: NeuroAL at the price of a prune).

In one run of the machine, at each target sparsity: a uniform prune; NeuroAL with the exact search
(best-first); NeuroAL with the fast search; and, with `--landed DIR` (a copy of the landed package,
e.g. `git archive <commit> neuroal | tar -x -C DIR`), the landed exact search, run in a subprocess
that imports that copy (after the vector-math warm-up of the models notebook, which that copy may lack:
the race it prevents is the environment's, and without it the landed search chose other lambdas at 50%
in one run). Each row: search and prune seconds, lambdas, the whole run's ratio to the
uniform prune, and WikiText-2 perplexity. A NeuroAL row whose allocation equals the exact search's
(every linear's and every row's ratio, compared by a digest) gives, the prune being deterministic,
the same pruned model: its perplexity is taken from the exact row (marked "="), not recomputed.
Equal lambdas are not enough: the row step's per-row ratios come from alignment vectors measured on
the search samples, and the fast search measures them on shorter ones.

    python bench/speed.py                                             # SmolLM2-135M, the README's main job
    python bench/speed.py --model PATH.gguf --nsamples 16 --seqlen 256 --search-nsamples 4 --windows 16

With `--variants-at 0.7`, the exact search is also run at that sparsity with only the batch size
changed (4 instead of 8: the float reduction order differs) and with float64 statistics: how far the
exact search's own choice, and its perplexity, move under changes that should not matter. That is
the yardstick for the fast search's perplexity difference.

The exact search cannot skip, per candidate-block, a pass of the dense block with statistics and a pass of
the pruned block that yields its output. The run times both once per block on the search samples (median
of 3, averaged over the blocks); an exact row's "search / floor" is its search seconds over its own
forwards' cost at those times, and with `--landed`, the landed search's seconds over the current
search's floor bound how much faster any exact search doing those passes could be than the landed one.

Results are kept in bench/results/speed_<model>.json (a rerun skips rows already there; --fresh
starts again) and printed as a markdown table (also written to bench/results/speed_<model>.md).
"""
import argparse, copy, json, platform
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device, VML_FUNCTIONS
from neuroal.eval import perplexity
from neuroal.api import prune
from neuroal.data import get_calibration
from neuroal.arch import get_blocks
from neuroal.runner import capture_inputs, run_block
from neuroal.alignment import dense_stats
from neuroal.pruners import get_pruner
from common import slug, run_with_package, alloc_digest, timed

LANDED = r"""
import json, sys, torch
a = json.loads(sys.argv[1])
for dt in (torch.float32, torch.float64):          # the vector-math warm-up (models notebook), which the landed package lacks
    for name in a["vml"]:
        if hasattr(torch, name): getattr(torch, name)(torch.full((1,), 0.5, dtype=dt))
from neuroal.models import load_model
from neuroal.api import prune
from common import alloc_digest
model, tok = load_model(a["model"], device=a["device"])
r = prune(model, tok, a["method"], a["sparsity"], top_up="neuroal", nsamples=a["nsamples"], seqlen=a["seqlen"],
          search_nsamples=a["search_nsamples"], batch_size=a["batch_size"], device=a["device"], progress=False)
print("RESULT " + json.dumps({"search": r.seconds["search"], "prune": r.seconds["prune"],
                              "lambda_block": r.extra.get("lambda_block"), "lambda_row": r.extra.get("lambda_row"),
                              "forwards": r.extra["search_cost"]["sample_block_forwards"], "allocation": alloc_digest(r.allocation)}))
"""


def forward_floor(model, tok, a, dev, repeats=3):
    """Median seconds, averaged over the blocks, of the two passes an exact search cannot skip per candidate-block:
    a bare forward of the block (the pruned pass, which must produce the block's output) and the dense statistics pass
    (which stops at the last linear's input), on the search samples (the dense stream)."""
    x = get_calibration("c4", tok, nsamples=a.nsamples, seqlen=a.seqlen, seed=0)[:a.search_nsamples].to(dev)
    pruner, blocks, out = get_pruner(a.method), get_blocks(model), {"bare": 0.0, "dense": 0.0}
    with torch.no_grad():
        stream = capture_inputs(model, x, a.batch_size)
        for b, block in enumerate(blocks):
            out["dense"] += timed(lambda: dense_stats(model, b, stream, pruner), dev, repeats)[0] / len(blocks)
            t, stream = timed(lambda: run_block(block, stream), dev, repeats)    # its output: the next block's dense stream
            out["bare"] += t / len(blocks)
    return {**out, "samples": int(x.shape[0])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--method", default="wanda")
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--search-nsamples", type=int, default=8); ap.add_argument("--sparsities", default="0.5,0.6,0.7")
    ap.add_argument("--windows", type=int, default=64); ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--fast-nsamples", type=int, default=None); ap.add_argument("--fast-seqlen", type=int, default=128); ap.add_argument("--fast-coarse", type=int, default=3)
    ap.add_argument("--landed", default=None, help="directory holding the landed `neuroal` package")
    ap.add_argument("--landed-at", default="0.6", help="sparsities at which to run the landed search")
    ap.add_argument("--device", default="auto"); ap.add_argument("--dtype", default="float32")
    ap.add_argument("--variants-at", default="", help="sparsities at which to rerun the exact search with batch 4 and with float64 statistics")
    ap.add_argument("--fresh", action="store_true")
    a = ap.parse_args()
    dev = pick_device(a.device)
    out_json = Path(__file__).parent / "results" / f"speed_{slug(a.model)}_{dev.type}.json"
    res = {} if a.fresh or not out_json.exists() else json.loads(out_json.read_text())
    def save(): out_json.write_text(json.dumps(res, indent=1))
    base, tok = load_model(a.model, device=dev, dtype=a.dtype)
    ppl = lambda m: perplexity(m, "wikitext2", tok, seqlen=a.seqlen, max_windows=a.windows, progress=False).value
    if "dense" not in res: res["dense"] = {"ppl": ppl(base)}; save()
    if "floor" not in res: res["floor"] = forward_floor(base, tok, a, dev); save()
    common = dict(nsamples=a.nsamples, seqlen=a.seqlen, batch_size=a.batch_size, device=dev, progress=False)
    for s in (float(v) for v in a.sparsities.split(",")):
        key = lambda kind: f"{kind}@{s:g}"
        if key("uniform") not in res:
            m = copy.deepcopy(base)
            r = prune(m, tok, a.method, s, **common)
            res[key("uniform")] = {"search": 0.0, "prune": r.seconds["prune"], "ppl": ppl(m)}; save(); del m
        runs = [("exact", {}), ("fast", {"strategy": "fast"})]
        if f"{s:g}" in a.variants_at.split(","):
            runs += [("exact, batch 4", {"batch_size": 4}), ("exact, float64 statistics", {"stats_dtype": "float64"})]
        for kind, kw in runs:
            if key(kind) in res: continue
            m = copy.deepcopy(base)
            r = prune(m, tok, a.method, s, top_up="neuroal", search_nsamples=a.search_nsamples, **{**common, **kw},
                      **({"fast_nsamples": a.fast_nsamples, "fast_seqlen": a.fast_seqlen, "fast_coarse": a.fast_coarse} if kind == "fast" else {}))
            row = {"search": r.seconds["search"], "prune": r.seconds["prune"], "lambda_block": r.extra["lambda_block"],
                   "lambda_row": r.extra["lambda_row"], "forwards": r.extra["search_cost"]["sample_block_forwards"],
                   "margin": r.extra["winner_margin"], "allocation": alloc_digest(r.allocation)}
            ex = res.get(key("exact"))
            same_prune = kw.get("batch_size", a.batch_size) == a.batch_size       # the final prune's statistics depend on the batch size
            if same_prune and ex and ex.get("allocation") == row["allocation"]:
                row["ppl"], row["ppl_same_as_exact"] = ex["ppl"], True
            else: row["ppl"] = ppl(m)
            res[key(kind)] = row; save(); del m
        if a.landed and f"{s:g}" in a.landed_at.split(",") and key("landed exact") not in res:
            row = run_with_package(a.landed, LANDED, {"vml": VML_FUNCTIONS, "model": a.model,
                                                      "method": a.method, "sparsity": s, "nsamples": a.nsamples, "seqlen": a.seqlen, "search_nsamples": a.search_nsamples,
                                                      "batch_size": a.batch_size, "device": str(dev)})
            ex = res[key("exact")]
            row["same_lambdas_as_exact"] = (ex["lambda_block"], ex["lambda_row"]) == (row["lambda_block"], row["lambda_row"])
            if row["allocation"] == ex.get("allocation"): row["ppl"], row["ppl_same_as_exact"] = ex["ppl"], True
            res[key("landed exact")] = row; save()
    print_table(res, a, dev, out_json.with_suffix(".md"))


def print_table(res, a, dev, path):
    head = ["sparsity", "run", "search s", "prune s", "whole s", "x uniform", "search / floor", "lambda block", "lambda row", "margin block / row", f"wikitext2 ppl ({a.windows}x{a.seqlen})"]
    fl = res.get("floor")
    def floor_s(r):
        "Seconds of the forwards an exact search row `r` ran, at the floor's per-pass times (None without them)."
        return r["forwards"] / (2 * fl["samples"]) * (fl["bare"] + fl["dense"]) if fl and r.get("forwards") else None
    lines = [f"Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, device {dev}"
             + (f" ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else "") + f"; torch {torch.__version__}; {a.dtype}",
             f"Settings: {a.model}, {a.method}, {a.nsamples} C4 calibration windows of {a.seqlen} tokens, NeuroAL search on the first "
             f"{a.search_nsamples} (fast: {a.fast_nsamples or a.search_nsamples} samples of their first {a.fast_seqlen} tokens, every {a.fast_coarse}th lambda first), batch {a.batch_size}",
             f"Dense perplexity: {res['dense']['ppl']:.2f}"]
    if fl: lines.append(f"Forward floor (mean over blocks, {fl['samples']} search samples): bare forward {fl['bare']:.3f} s, dense statistics pass {fl['dense']:.3f} s; "
                        "an exact search's floor is (its sample-block forwards / 2 / samples) x (bare + dense)")
    lines += ["",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    sps = sorted({k.split("@")[1] for k in res if "@" in k}, key=float)
    for s in sps:
        uni = res.get(f"uniform@{s}")
        for kind in ("uniform", "uniform (first run, cold)", "landed exact", "exact", "exact, batch 4", "exact, float64 statistics",
                     "fast", "fast, descent", "fast (2 samples x 512)"):
            r = res.get(f"{kind}@{s}")
            if r is None: continue
            whole = r["search"] + r["prune"]
            ratio = f"{whole / (uni['search'] + uni['prune']):.2f}" if uni else "-"
            m = r.get("margin")
            marg = " / ".join("-" if m is None or m.get(st) is None or m[st]["margin"] is None else
                              f"{100 * m[st]['margin']:.2f}%{'+' if m[st]['margin_is_lower_bound'] else ''}{' (tie)' if m[st]['near_tie'] else ''}"
                              for st in ("block", "row")) if m else "-"
            pp = f"{r['ppl']:.2f}" + (" (=)" if r.get("ppl_same_as_exact") else "") if "ppl" in r else "-"
            lam = lambda v: "-" if v is None else f"{v:g}"
            exact_kind = "exact" in kind and "batch 4" not in kind           # the floor was timed at the benchmark's batch size and full samples
            floor = f"{r['search'] / floor_s(r):.2f}" if exact_kind and floor_s(r) else "-"
            lines.append(f"| {s} | {kind} | {r['search']:.1f} | {r['prune']:.1f} | {whole:.1f} | {ratio} | {floor} | {lam(r.get('lambda_block'))} | "
                         f"{lam(r.get('lambda_row'))} | {marg} | {pp} |")
    for s in sps:
        ex, old = res.get(f"exact@{s}"), res.get(f"landed exact@{s}")
        if ex and old:
            lines.append(f"\nAt {s}: the landed exact search took {old['search']:.1f} s and this one {ex['search']:.1f} s "
                         f"(landed / this: {old['search'] / ex['search']:.2f}x), same lambdas: {'yes' if old.get('same_lambdas_as_exact') else 'no'}, "
                         f"same allocation: {'yes' if old.get('allocation') == ex.get('allocation') else 'no'}.")
            if (f := floor_s(ex)):
                lines.append(f"Its forwards alone take {f:.1f} s, so no exact search that runs them can be more than {old['search'] / f:.2f}x faster than the landed one here.")
    text = "\n".join(lines) + "\n"
    print(text); path.write_text(text)


if __name__ == "__main__":
    main()
