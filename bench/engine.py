"""Benchmark of the pruning engine on the built-in SmolLM2-135M (issue: pruning engine).

Prints a markdown table: seconds for one calibration forward pass, for uniform prunes with each base
pruner, peak memory, achieved sparsity and WikiText-2 perplexity; writes it to bench/results/engine.md.

    python bench/engine.py [--nsamples 32] [--seqlen 512] [--windows 64] [--sparsity 0.5] [--device auto]
"""
import argparse, copy, platform, resource, time
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.eval import perplexity
from neuroal.api import prune

def peak_mb(dev):
    if dev.type == "cuda": return torch.cuda.max_memory_allocated(dev) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--nsamples", type=int, default=32)
    ap.add_argument("--seqlen", type=int, default=512); ap.add_argument("--windows", type=int, default=64)
    ap.add_argument("--sparsity", type=float, default=0.5); ap.add_argument("--device", default="auto")
    ap.add_argument("--methods", default="magnitude,wanda,multiflow,sparsegpt"); ap.add_argument("--batch-size", type=int, default=8)
    a = ap.parse_args()
    dev = pick_device(a.device)
    base, tok = load_model(a.model, device=dev)
    calib = get_calibration("c4", tok, a.nsamples, a.seqlen, seed=0).to(dev)
    with torch.no_grad():                      # one calibration forward pass, the unit of cost
        t = time.perf_counter()
        for i in range(0, a.nsamples, a.batch_size): base(calib[i:i + a.batch_size], use_cache=False)
        if dev.type == "cuda": torch.cuda.synchronize()
        fwd = time.perf_counter() - t
    rows = [["dense", "-", "-", "-", f"{perplexity(base, 'wikitext2', tok, seqlen=a.seqlen, max_windows=a.windows, progress=False).value:.2f}", "-"]]
    for method in a.methods.split(","):
        model = copy.deepcopy(base)
        if dev.type == "cuda": torch.cuda.reset_peak_memory_stats(dev)
        res = prune(model, tok, method, a.sparsity, nsamples=a.nsamples, seqlen=a.seqlen, batch_size=a.batch_size, device=dev, progress=False)
        mem = peak_mb(dev)
        ppl = perplexity(model, "wikitext2", tok, seqlen=a.seqlen, max_windows=a.windows, progress=False).value
        rows.append([method, f"{res.seconds['prune']:.1f}", f"{res.seconds['prune'] / fwd:.2f}", f"{res.sparsity['overall']:.4f}", f"{ppl:.2f}", f"{mem:.0f}"])
        del model
    head = ["method (uniform)", "prune s", "x one forward", "sparsity", f"wikitext2 ppl ({a.windows}x{a.seqlen})", "peak MB"]
    lines = [f"Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, device {dev}"
             + (f" ({torch.cuda.get_device_name(dev)})" if dev.type == "cuda" else "") + f"; torch {torch.__version__}",
             f"Settings: {a.model}, float32, target sparsity {a.sparsity}, {a.nsamples} C4 calibration windows of {a.seqlen} tokens, batch {a.batch_size}",
             f"One calibration forward pass ({a.nsamples}x{a.seqlen}): {fwd:.1f} s", "",
             "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"] + ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(__file__).parent / "results" / f"engine_{dev.type}_s{int(a.sparsity * 100)}.md"
    out.write_text(text)

if __name__ == "__main__":
    main()
