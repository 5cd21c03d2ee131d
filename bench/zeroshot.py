"""Zero-shot accuracy of SmolLM2-135M dense and pruned (uniform vs NeuroAL, Wanda base) with lm-eval.

    python bench/zeroshot.py [--sparsity 0.5] [--tasks arc_easy,boolq] [--limit 100] [--nsamples 32] [--seqlen 512]

Writes bench/results/zeroshot_s{S}.json (scores, stderr, settings) that nbs/tutorials/02_zero_shot.ipynb plots.
"""
import argparse, copy, json, platform, time
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.api import prune
from neuroal.zeroshot import zero_shot

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--sparsity", type=float, default=0.5)
    ap.add_argument("--tasks", default="arc_easy,boolq"); ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--device", default="auto"); ap.add_argument("--batch-size", type=int, default=8)
    a = ap.parse_args()
    dev = pick_device(a.device)
    base, tok = load_model(a.model, device=dev)
    tasks = a.tasks.split(",")
    out = {"settings": vars(a) | {"machine": f"{platform.machine()}, {torch.get_num_threads()} threads, {dev}, torch {torch.__version__}"}, "runs": {}}
    for label, top_up in (("dense", None), ("uniform", "uniform"), ("NeuroAL", "neuroal")):
        model, t0, extra = copy.deepcopy(base), time.perf_counter(), {}
        if top_up:
            res = prune(model, tok, "wanda", a.sparsity, top_up=top_up, nsamples=a.nsamples, seqlen=a.seqlen, device=dev, progress=False)
            extra = {"sparsity_achieved": res.sparsity["overall"], "lambda_block": res.extra.get("lambda_block"), "lambda_row": res.extra.get("lambda_row")}
        zs = zero_shot(model, tok, tasks, limit=a.limit, batch_size=a.batch_size)
        out["runs"][label] = {"table": zs.table, "seconds": round(time.perf_counter() - t0, 1), **extra}
        print(label, zs, flush=True)
        del model
    path = Path(__file__).parent / "results" / f"zeroshot_s{int(round(a.sparsity * 100))}.json"
    path.write_text(json.dumps(out, indent=1))
    print("wrote", path)

if __name__ == "__main__":
    main()
