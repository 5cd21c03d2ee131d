"""Structured pruning on a real model: quality of each unit criterion and the speed of the smaller model
(issues: structured pruning; mutual-information neurons and NeuroPrune).

Quality: for each ratio of MLP neurons removed (and, separately, one key/value group per block, i.e.
`--structure heads --head-unit group` at ratio 1/n_kv), the model is pruned with random removal,
weight-norm removal, GOA without and GOA with the least-squares refit, mutual-information pruning
(neurons only; fold on), NeuroPrune without training (dominating set, least-squares merge; distances
between the units' weights, the paper's, and between their calibration outputs) and
NeuroPrune with its short sparse training (`--train-steps` steps), and evaluated on WikiText-2
(`--windows` windows of `--seqlen` tokens). Calibration: `--nsamples` C4 windows of `--seqlen` tokens,
seed 0, the same for every method. For the three new methods, the 20%-neuron and the head models are
also saved with `save_pruned`, reloaded with `load_model`, and compared (largest logit difference on
2 windows of 64 tokens, perplexity of the reloaded model on 4 windows).

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
import argparse, copy, json, math, platform, statistics, tempfile, time
from pathlib import Path
import torch
from neuroal.models import load_model, pick_device
from neuroal.prune import save_pruned
from neuroal.data import get_calibration
from neuroal.eval import perplexity
from neuroal.structured import prune_structured, n_params
from neuroal.neuroprune import neuroprune_train
from neuroal.arch import attention_heads
from common import slug, sync

METHODS = {"random": ("random", False, {}), "weight norm": ("magnitude", False, {}), "GOA": ("goa", False, {}), "GOA + refit": ("goa", True, {}),
           "MI": ("mi", False, {}), "NeuroPrune": ("neuroprune", False, {}), "NeuroPrune (outputs)": ("neuroprune", False, {"distance": "outputs"}),
           "NeuroPrune + training": ("neuroprune", False, {"train": True})}
RELOAD = {"MI", "NeuroPrune", "NeuroPrune + training"}       # methods whose pruned models are saved and reloaded


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
    shapes = [(f"neurons {r:g}", f"{r:.0%} of MLP neurons") for r in ratios] + [(f"heads {heads_ratio:g}", "one key/value group per block")]
    lines = [f"Dense: {dense['params']:,} parameters, WikiText-2 perplexity {dense['ppl']:.2f}.", "", "Perplexity:", "",
             "| removed | parameters | " + " | ".join(METHODS) + " |", "|---|---|" + "---|" * len(METHODS)]
    secs = ["", "Prune wall-clock (s; NeuroPrune + training includes its training):", "", "| removed | " + " | ".join(METHODS) + " |", "|---|" + "---|" * len(METHODS)]
    speed = ["", "Speed of the smaller model against the dense one (the same for every method at a given shape):", "",
             "| removed | forward b1 | forward b8 | generation |", "|---|---|---|---|"]
    for shape, label in shapes:
        q = {m: res.get(f"{shape} {m}") for m in METHODS}
        if not any(q.values()): continue
        params = next(v["params"] for v in q.values() if v)
        cells = [f"{q[m]['ppl']:.2f}" if q[m] else "n/a" if m == "MI" and shape.startswith("heads") else "" for m in METHODS]
        best = min((q[m]["ppl"], m) for m in METHODS if q[m])[1]
        cells = [f"**{c}**" if m == best and c else c for m, c in zip(METHODS, cells)]
        lines.append(f"| {label} | {params:,} ({1 - params / dense['params']:.1%} fewer) | " + " | ".join(cells) + " |")
        secs.append(f"| {label} | " + " | ".join(f"{q[m]['seconds']:.0f}" if q[m] else "" for m in METHODS) + " |")
        sp, d = res.get(f"speed {shape}"), res.get("speed dense")
        if sp and d:
            speed.append(f"| {label} | {d['b1'] / sp['b1']:.2f}x ({sp['b1'] * 1000:.0f} ms) | {d['b8'] / sp['b8']:.2f}x ({sp['b8']:.2f} s) | "
                         f"{sp['gen'] / d['gen']:.2f}x ({sp['gen']:.1f} tok/s) |")
    out = lines + secs
    if "speed dense" in res:
        d = res["speed dense"]
        out += speed + ["", f"Dense speed: forward {d['b1'] * 1000:.0f} ms at batch 1, {d['b8']:.2f} s at batch 8, generation {d['gen']:.1f} tokens/s."]
    if "trained dense neurons" in res:
        t = res["trained dense neurons"]
        out += ["", f"NeuroPrune's training alone (the MLP regulariser, {t['seconds']:.0f} s, nothing removed) moves the dense model's perplexity "
                    f"from {dense['ppl']:.2f} to {t['ppl']:.2f}."]
    reloads = [(k[:-len(" reload")], v) for k, v in res.items() if k.endswith(" reload")]
    if reloads:
        out += ["", "Save and reload (`save_pruned`, then `load_model`): largest logit difference to the in-memory model, perplexity of the reloaded model on 4 windows:", ""]
        out += [f"- {k}: {v['max_logit_diff']:.1e}, {v['ppl4']:.2f}" for k, v in reloads]
    return "\n".join(out)


@torch.no_grad()
def reload_check(model, tok, report:dict, dev, ppl4)->dict:
    "Save the pruned model, reload it, and compare logits and perplexity."
    with tempfile.TemporaryDirectory() as d:
        save_pruned(model, tok, Path(d) / "m", report)
        back, _ = load_model(str(Path(d) / "m"), device=dev)
    x = torch.randint(0, model.config.vocab_size, (2, 64), generator=torch.Generator().manual_seed(2)).to(dev)
    diff = (back(input_ids=x).logits - model(input_ids=x).logits).abs().max().item()
    p = ppl4(back)
    assert math.isfinite(p), "reloaded model gives a non-finite perplexity"
    return {"max_logit_diff": diff, "ppl4": p}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--ratios", default="0.1,0.2,0.3")
    ap.add_argument("--nsamples", type=int, default=32); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--windows", type=int, default=64); ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--reps", type=int, default=5); ap.add_argument("--gen-tokens", type=int, default=64)
    ap.add_argument("--part", default="all", choices=["all", "quality", "speed"])
    ap.add_argument("--device", default="auto"); ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--train-steps", type=int, default=32, help="NeuroPrune + training: optimiser steps")
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
    ppl4 = lambda m: perplexity(m, "wikitext2", tok, seqlen=a.seqlen, max_windows=4, batch_size=a.batch_size, progress=False).value
    if "dense" not in res: res["dense"] = {"ppl": ppl(base), "params": n_params(base)}; save()
    samples = get_calibration("c4", tok, a.nsamples, a.seqlen, 0)
    shapes = [("neurons", r, "group") for r in ratios] + [("heads", heads_ratio, "group")]
    kept = {}
    for structure, ratio, unit in shapes:
        shape = f"{structure} {ratio:g}"
        for label, (method, refit, opts) in METHODS.items():
            key = f"{shape} {label}"
            if a.part == "speed" or key in res or (method == "mi" and structure != "neurons"): continue
            opts = dict(opts, steps=a.train_steps) if opts.get("train") else opts
            m = copy.deepcopy(base)
            r = prune_structured(m, tok, structure, method, ratio, reconstruct=refit, head_unit=unit, samples=samples,
                                 batch_size=a.batch_size, device=dev, progress=False, **opts)
            res[key] = {"ppl": ppl(m), "params": r.params["after"], "seconds": round(r.seconds, 1), "widths": r.widths[0]}
            if "training" in r.prepared: res[key]["training"] = r.prepared["training"]
            if label in RELOAD and (ratio == 0.2 or structure == "heads"): res[f"{key} reload"] = reload_check(m, tok, r.report(), dev, ppl4)
            print(key, {k: v for k, v in res[key].items() if k != "training"}, flush=True); save()
            del m
    if a.part != "speed" and "trained dense neurons" not in res:       # what the training alone does to the dense model
        m = copy.deepcopy(base)
        log = neuroprune_train(m, samples, ("neurons",), steps=a.train_steps, progress=False)
        res["trained dense neurons"] = {"ppl": ppl(m), "seconds": round(log.seconds, 1)}
        print("trained dense neurons", res["trained dense neurons"], flush=True); save(); del m
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
