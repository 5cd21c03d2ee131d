"""Structured pruning on a real model: quality of each unit criterion and the speed of the smaller model (issue: structured pruning).

Quality: for each ratio of MLP neurons removed (and, separately, one key/value group per block, i.e.
`--structure heads --head-unit group` at ratio 1/n_kv), the model is pruned with random removal,
weight-norm removal, GOA without and GOA with the least-squares refit, and evaluated on WikiText-2
(`--windows` windows of `--seqlen` tokens). Calibration: `--nsamples` C4 windows of `--seqlen` tokens,
seed 0, the same for every method.

Speed: for each shape (dense, each neuron ratio, one group per block) the smaller model's forward
pass at batch 1 and batch 8 (`--seqlen` tokens, median of `--reps` runs after one warm-up) and
greedy generation (`--gen-tokens` new tokens after a 32-token prompt, batch 1, with the KV cache,
median of `--reps` runs), each against the dense model in the same run. The shapes do not depend
on the criterion, so speed is measured once per shape (on a random-removal model). Run this part
with nothing else on the machine.

    python bench/structured.py                       # SmolLM2-135M: quality, then speed
    python bench/structured.py --part speed          # speed only (quality rows are kept)

Results go to bench/results/structured_<model>_<device>.json (a rerun skips rows already there;
--fresh starts again) and a markdown table beside it.
"""
import argparse, copy, json, platform, statistics, time
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.eval import perplexity
from neuroal.structured import prune_structured, n_params
from neuroal.arch import attention_heads
from common import slug

METHODS = {"random": ("random", False), "weight norm": ("magnitude", False), "GOA": ("goa", False), "GOA + refit": ("goa", True)}


def sync(dev):
    if dev.type == "cuda": torch.cuda.synchronize()


@torch.no_grad()
def forward_seconds(model, batch:int, seqlen:int, reps:int, dev)->float:
    "Median wall-clock of one forward pass over `batch` x `seqlen` random tokens (after one warm-up)."
    x = torch.randint(0, model.config.vocab_size, (batch, seqlen), generator=torch.Generator().manual_seed(0)).to(dev)
    model(input_ids=x, use_cache=False); times = []
    for _ in range(reps):
        sync(dev); t = time.perf_counter(); model(input_ids=x, use_cache=False); sync(dev); times.append(time.perf_counter() - t)
    return statistics.median(times)


@torch.no_grad()
def generation_tps(model, tok, new_tokens:int, reps:int, dev)->float:
    "Median tokens/s of greedy generation of `new_tokens` tokens after a 32-token prompt (batch 1, KV cache)."
    x = torch.randint(0, model.config.vocab_size, (1, 32), generator=torch.Generator().manual_seed(1)).to(dev)
    kw = dict(max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False, pad_token_id=tok.eos_token_id or 0)
    model.generate(x, **kw); times = []
    for _ in range(reps):
        sync(dev); t = time.perf_counter(); model.generate(x, **kw); sync(dev); times.append(time.perf_counter() - t)
    return new_tokens / statistics.median(times)


def table(res:dict, ratios:list, heads_ratio:float)->str:
    dense = res["dense"]
    lines = [f"Dense: {dense['params']:,} parameters, WikiText-2 perplexity {dense['ppl']:.2f}.", "",
             "| removed | parameters | " + " | ".join(f"ppl {m}" for m in METHODS) + " | prune s (GOA + refit) | forward b1 | forward b8 | generation |",
             "|---|---|" + "---|" * len(METHODS) + "---|---|---|---|"]
    shapes = [(f"neurons {r:g}", f"{r:.0%} of MLP neurons") for r in ratios] + [(f"heads {heads_ratio:g}", "one key/value group per block")]
    for shape, label in shapes:
        q = {m: res.get(f"{shape} {m}") for m in METHODS}
        if not any(q.values()): continue
        params = next(v["params"] for v in q.values() if v)
        cells = [f"{q[m]['ppl']:.2f}" if q[m] else "" for m in METHODS]
        best = min((q[m]["ppl"], m) for m in METHODS if q[m])[1]
        cells = [f"**{c}**" if m == best and c else c for m, c in zip(METHODS, cells)]
        sp = res.get(f"speed {shape}"); d = res.get("speed dense")
        speed = ["", "", ""]
        if sp and d:
            speed = [f"{d['b1'] / sp['b1']:.2f}x ({sp['b1'] * 1000:.0f} ms)", f"{d['b8'] / sp['b8']:.2f}x ({sp['b8']:.2f} s)",
                     f"{sp['gen'] / d['gen']:.2f}x ({sp['gen']:.1f} tok/s)"]
        secs = f"{q['GOA + refit']['seconds']:.0f}" if q["GOA + refit"] else ""
        lines.append(f"| {label} | {params:,} ({1 - params / dense['params']:.1%} fewer) | " + " | ".join(cells + [secs] + speed) + " |")
    if "speed dense" in res:
        d = res["speed dense"]
        lines += ["", f"Dense speed: forward {d['b1'] * 1000:.0f} ms at batch 1, {d['b8']:.2f} s at batch 8, generation {d['gen']:.1f} tokens/s."]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--ratios", default="0.1,0.2,0.3")
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--windows", type=int, default=64); ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--reps", type=int, default=5); ap.add_argument("--gen-tokens", type=int, default=64)
    ap.add_argument("--part", default="all", choices=["all", "quality", "speed"])
    ap.add_argument("--device", default="auto"); ap.add_argument("--fresh", action="store_true")
    a = ap.parse_args()
    dev = pick_device(a.device)
    out = Path(__file__).parent / "results" / f"structured_{slug(a.model)}_{dev.type}"
    res = {} if a.fresh or not out.with_suffix(".json").exists() else json.loads(out.with_suffix(".json").read_text())
    def save():
        out.with_suffix(".json").write_text(json.dumps(res, indent=1))
        out.with_suffix(".md").write_text(header + table(res, ratios, heads_ratio) + "\n")
    base, tok = load_model(a.model, device=dev)
    ratios = [float(r) for r in a.ratios.split(",")]
    heads_ratio = 1 / attention_heads(base)[1]
    machine = f"{platform.machine()}, {torch.get_num_threads()} threads" + (f", {torch.cuda.get_device_name(dev)}" if dev.type == "cuda" else ", CPU")
    header = (f"# Structured pruning of {a.model} ({machine}, torch {torch.__version__}, float32)\n\n"
              f"Calibration: {a.nsamples} C4 windows of {a.seqlen} tokens (seed 0); perplexity: WikiText-2, {a.windows} windows of {a.seqlen}; "
              f"speed: median of {a.reps} runs, forward at {a.seqlen} tokens, generation of {a.gen_tokens} tokens (batch 1, KV cache). "
              f"Bold: the lowest perplexity of the row.\n\n")
    ppl = lambda m: perplexity(m, "wikitext2", tok, seqlen=a.seqlen, max_windows=a.windows, batch_size=a.batch_size, progress=False).value
    if "dense" not in res: res["dense"] = {"ppl": ppl(base), "params": n_params(base)}; save()
    samples = get_calibration("c4", tok, a.nsamples, a.seqlen, 0)
    shapes = [("neurons", r, "group") for r in ratios] + [("heads", heads_ratio, "group")]
    kept = {}
    for structure, ratio, unit in shapes:
        shape = f"{structure} {ratio:g}"
        for label, (method, refit) in METHODS.items():
            key = f"{shape} {label}"
            if a.part == "speed" or key in res: continue
            m = copy.deepcopy(base)
            r = prune_structured(m, tok, structure, method, ratio, reconstruct=refit, head_unit=unit, samples=samples,
                                 batch_size=a.batch_size, device=dev, progress=False)
            res[key] = {"ppl": ppl(m), "params": r.params["after"], "seconds": round(r.seconds, 1), "widths": r.widths[0]}
            print(key, res[key], flush=True); save()
            del m
    if a.part in ("all", "speed"):
        if "speed dense" not in res:
            res["speed dense"] = {"b1": forward_seconds(base, 1, a.seqlen, a.reps, dev), "b8": forward_seconds(base, 8, a.seqlen, a.reps, dev),
                                  "gen": generation_tps(base, tok, a.gen_tokens, a.reps, dev)}
            print("speed dense", res["speed dense"], flush=True); save()
        for structure, ratio, unit in shapes:
            key = f"speed {structure} {ratio:g}"
            if key in res: continue
            m = copy.deepcopy(base)
            prune_structured(m, tok, structure, "random", ratio, head_unit=unit, progress=False)      # same shapes as every method
            res[key] = {"b1": forward_seconds(m, 1, a.seqlen, a.reps, dev), "b8": forward_seconds(m, 8, a.seqlen, a.reps, dev),
                        "gen": generation_tps(m, tok, a.gen_tokens, a.reps, dev)}
            print(key, res[key], flush=True); save(); del m
    save()
    print(header + table(res, ratios, heads_ratio))


if __name__ == "__main__":
    main()
