"""Helpers the benchmark scripts share (imported as `common`: the scripts run as `python bench/NAME.py`)."""
import json, os, statistics, subprocess, sys, time
from pathlib import Path


def slug(text:str)->str:
    "A file-name-safe form of a model name or path (its stem) or a label."
    return "".join(ch if ch.isalnum() else "_" for ch in Path(text).stem)


def run_with_package(pkg, code:str, args:dict)->dict:
    """Run `code` in a fresh Python that imports `neuroal` from the directory `pkg` (e.g. a copy of the landed
    package), with `args` as JSON in sys.argv[1]; `code` prints one line `RESULT <json>`, returned parsed.
    This directory comes after `pkg` on the path, so `code` can import these helpers."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(pkg).resolve()), str(Path(__file__).resolve().parent)]))
    p = subprocess.run([sys.executable, "-c", code, json.dumps(args)], env=env, cwd="/", capture_output=True, text=True)
    line = [l for l in p.stdout.splitlines() if l.startswith("RESULT ")]
    if p.returncode or not line: sys.exit(f"run with the package in {pkg} failed:\n{p.stderr[-3000:]}")
    return json.loads(line[0][len("RESULT "):])


def alloc_digest(allocation)->str:
    "A digest of an allocation's ratios (every linear, every row): equal digests, equal allocations."
    import hashlib
    text = json.dumps(allocation.ratios, sort_keys=True, default=lambda t: t.tolist())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def prune_size(structure, sparsity)->dict:
    "`prune`'s keywords for an N:M structure (e.g. '2:4'), or for `sparsity` when there is none."
    return {"structure": structure, "sparsity": None} if structure and structure != "unstructured" else {"sparsity": sparsity}


def linear_digests(model)->dict:
    "A digest of every linear's weight bytes (the LM head aside), by name: equal digests, bit-identical weights."
    import hashlib, torch
    return {n: hashlib.sha256(m.weight.data.contiguous().view(torch.uint8).cpu().numpy().tobytes()).hexdigest()[:16]
            for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and "lm_head" not in n}


def sync(dev):
    "Wait for the device's queued work (CUDA), so that a wall-clock reading covers it."
    import torch
    if dev.type == "cuda": torch.cuda.synchronize(dev)


def timed(f, dev, repeats:int):
    "Median seconds of `repeats` calls of f (after one warm-up), and f's last result."
    out = f(); sync(dev); ts = []
    for _ in range(repeats):
        t = time.perf_counter(); out = f(); sync(dev); ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def stream_at(model, x, b:int):
    "Block b's dense input stream for the token ids `x` (blocks 0 to b-1 run dense)."
    from neuroal.arch import get_blocks
    from neuroal.runner import capture_inputs, run_block
    s = capture_inputs(model, x)
    for i in range(b): s = run_block(get_blocks(model)[i], s)
    return s
