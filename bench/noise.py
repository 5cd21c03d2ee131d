"""The alignment objective's noise floor (issue: NeuroAL at the price of a prune, near-ties).

The same exhaustive block step run twice with only the batch size changed (so only the float
reduction order differs), once with statistics accumulated in float32 (the default) and once in
float64. For each lambda: the objective under both batch sizes and their relative difference; the
largest difference is the noise floor below which two candidates cannot be told apart. Also the
winner and its margin over the runner-up under each setting.

    python bench/noise.py                                  # SmolLM2-135M, 70%, 2 search samples of 512
    python bench/noise.py --sparsity 0.6 --search-nsamples 8

Prints a markdown table and writes bench/results/noise_<model>_s<percent>.md (and .json).
"""
import argparse, json, platform
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.search import neuroal_search
from common import slug


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--method", default="wanda")
    ap.add_argument("--sparsity", type=float, default=0.7); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--search-nsamples", type=int, default=2); ap.add_argument("--batch-sizes", default="4,1")
    ap.add_argument("--dtypes", default="float32,float64"); ap.add_argument("--device", default="auto")
    a = ap.parse_args()
    dev = pick_device(a.device)
    model, tok = load_model(a.model, device=dev)
    x = get_calibration("c4", tok, nsamples=a.search_nsamples, seqlen=a.seqlen, seed=0)
    bss = [int(b) for b in a.batch_sizes.split(",")]
    runs = {}
    for dt in a.dtypes.split(","):
        for bs in bss:
            r = neuroal_search(model, x, a.method, a.sparsity, step="block", strategy="exhaustive", batch_size=bs,
                               device=dev, stats_dtype=getattr(torch, dt), progress=False)
            runs[(dt, bs)] = r.block
            print(f"{dt} batch {bs}: winner {r.block.winner}, {r.seconds:.0f} s", flush=True)
    out = Path(__file__).parent / "results" / f"noise_{slug(a.model)}_s{round(a.sparsity * 100)}"
    lams = sorted(runs[next(iter(runs))].objective)
    head = ["lambda"] + [f"{dt} batch {bs}" for dt, bs in runs] + [f"{dt}: batch {bss[0]} vs {bss[1]}" for dt in a.dtypes.split(",")]
    lines = [f"Machine: {platform.machine()}, {torch.get_num_threads()} threads, device {dev}; torch {torch.__version__}",
             f"Settings: {a.model}, {a.method}, {a.sparsity:.0%}, exhaustive block step on {a.search_nsamples} C4 windows of {a.seqlen} tokens; "
             f"only the batch size (and the statistics' dtype) changes", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rel = {dt: {l: abs(runs[(dt, bss[0])].objective[l] / runs[(dt, bss[1])].objective[l] - 1) for l in lams} for dt in a.dtypes.split(",")}
    for l in lams:
        lines.append(f"| {l:g} | " + " | ".join(f"{runs[k].objective[l]:.6e}" for k in runs) + " | "
                     + " | ".join(f"{100 * rel[dt][l]:.3f}%" for dt in rel) + " |")
    lines.append("")
    for dt in rel:
        same = sum(v == 0 for v in rel[dt].values())
        lines.append(f"- {dt}: largest change {100 * max(rel[dt].values()):.3f}% (lambda {max(rel[dt], key=rel[dt].get):g}); "
                     f"bit-identical for {same} of {len(lams)} candidates")
    for k, st in runs.items():
        m, _ = st.margin
        lines.append(f"- {k[0]} batch {k[1]}: winner {st.winner:g}, margin over the runner-up {100 * m:.3f}%")
    text = "\n".join(lines) + "\n"
    print(text); out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(json.dumps({f"{dt} batch {bs}": {f"{l:g}": v for l, v in st.objective.items()}
                                                    for (dt, bs), st in runs.items()}, indent=1))


if __name__ == "__main__":
    main()
