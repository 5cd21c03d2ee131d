"""Where one candidate-block of NeuroAL's search spends its time (issue: NeuroAL at the price of a prune).

For one block of the built-in SmolLM2-135M, at 2 and 8 search samples of 512 tokens, for Wanda and
SparseGPT: seconds of a bare forward of the block, the dense pass (with its statistics), the masks of
the block's linears, saving and restoring the weights, the sparse pass (with its statistics), the
metric, the rest, and the whole `align_block` call; the statistics hooks' own cost (a hooked pass
minus a bare one) beside it. Medians of `--repeats` runs. Written against the package's public
functions only, so the same script profiles the landed code too:

    python bench/search_profile.py                       # this checkout
    cd /tmp && PYTHONPATH=/path/to/landed python /path/to/bench/search_profile.py --label landed

Prints a markdown table and writes bench/results/search_profile_<label>.md.
"""
import argparse, platform, statistics, time
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.arch import get_blocks, block_linears
from neuroal.runner import collect_stats, run_block
from neuroal.pruners import get_pruner
from neuroal import alignment
from neuroal.alignment import align_block, dense_stats, misalignment
from common import sync, timed, stream_at


def profile(model, stream, b, pruner, sparsity, dev, repeats):
    block, lins = get_blocks(model)[b], block_linears(model, b)
    ratios = {n: sparsity for n in lins}
    kw = {"hessian": "hessian" in pruner.needs}
    buf = alignment.WeightBuffer() if hasattr(alignment, "WeightBuffer") else None
    row = {}
    row["bare forward"], _ = timed(lambda: run_block(block, stream), dev, repeats)
    def hooked():
        with collect_stats(lins, **kw): run_block(block, stream)
    row["hooks (one pass)"] = timed(hooked, dev, repeats)[0] - row["bare forward"]
    row["dense pass"], dense = timed(lambda: dense_stats(model, b, stream, pruner), dev, repeats)
    saved = {}
    def save():
        if buf is not None: buf.save(lins)
        else: saved.update({n: lin.weight.data.clone() for n, lin in lins.items()})
    def restore():
        if buf is not None: buf.restore(lins)
        else:
            for n, lin in lins.items(): lin.weight.data.copy_(saved[n])
    def masks():
        for n, lin in lins.items(): pruner.prune(lin, dense[n], ratios[n], None, name=n)
    t_save, _ = timed(save, dev, repeats)
    ts = []
    for _ in range(repeats + 1):                   # masks need fresh dense weights each time
        save(); sync(dev); t = time.perf_counter(); masks(); sync(dev); ts.append(time.perf_counter() - t); restore()
    row["masks"] = statistics.median(ts[1:])
    t_restore, _ = timed(restore, dev, repeats)
    row["save/restore"] = t_save + t_restore
    save(); masks()
    def sparse_pass():
        with collect_stats(lins) as s: run_block(block, stream)
        return s
    row["sparse pass"], sparse = timed(sparse_pass, dev, repeats)
    restore()
    def metric():
        return ({n: misalignment(dense[n].norm, sparse[n].norm) for n in lins},
                {n: (dense[n].norm - sparse[n].norm).float().cpu() for n in lins})
    row["metric"], _ = timed(metric, dev, repeats)
    call = (lambda: align_block(model, b, stream, pruner, ratios, buffer=buf)) if buf is not None else (lambda: align_block(model, b, stream, pruner, ratios))
    row["align_block"], _ = timed(call, dev, repeats)
    row["rest"] = row["align_block"] - sum(row[k] for k in ("dense pass", "masks", "save/restore", "sparse pass", "metric"))
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--block", type=int, default=5)
    ap.add_argument("--nsamples", default="2,8"); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--methods", default="wanda,sparsegpt"); ap.add_argument("--sparsity", type=float, default=0.6)
    ap.add_argument("--repeats", type=int, default=3); ap.add_argument("--device", default="auto")
    ap.add_argument("--label", default="this checkout")
    a = ap.parse_args()
    dev = pick_device(a.device)
    model, tok = load_model(a.model, device=dev)
    ns = [int(n) for n in a.nsamples.split(",")]
    calib = get_calibration("c4", tok, max(ns), a.seqlen, seed=0)
    cols = ["bare forward", "dense pass", "masks", "save/restore", "sparse pass", "metric", "rest", "align_block", "hooks (one pass)"]
    lines = [f"Code: {a.label}. Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, device {dev}; torch {torch.__version__}",
             f"Settings: {a.model}, block {a.block}, sparsity {a.sparsity}, C4 windows of {a.seqlen} tokens, median of {a.repeats} runs, seconds", "",
             "| pruner | samples | " + " | ".join(cols) + " |", "|---|---|" + "---|" * len(cols)]
    with torch.no_grad():
        for n in ns:
            stream = stream_at(model, calib[:n].to(dev), a.block)
            for method in a.methods.split(","):
                row = profile(model, stream, a.block, get_pruner(method), a.sparsity, dev, a.repeats)
                lines.append(f"| {method} | {n} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")
                print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    slug = "".join(ch if ch.isalnum() else "_" for ch in a.label)
    (Path(__file__).parent / "results" / f"search_profile_{slug}.md").write_text(text)


if __name__ == "__main__":
    main()
