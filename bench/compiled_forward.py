"""Would a compiled block make the exact search faster? (issue: NeuroAL at the price of a prune)

An exact search cannot skip two passes per candidate-block (bench/speed.py's "forward floor"), so the
only way under that floor is a faster pass. `torch.compile` fuses the block's elementwise work (norms,
rotary, SiLU, residual adds) around its matrix products. This script measures, on one block of the
model and the search's samples, what it would buy: the eager and compiled seconds of a bare forward
and of a statistics pass (the hooks NeuroAL's sparse pass uses), the seconds the first compiled call
takes, how many passes it takes to earn that back, and whether the compiled output is bit-identical
(the exact search promises the landed search's lambdas; a different float order can flip near-ties).
Eager and compiled calls alternate, so that the machine's drift falls on both alike; the compiler's
cache is a fresh directory (removed at exit), so the first call costs what it costs a user the first
time; the statistics pass's first call comes after the bare forward's, so it shows only what the hooks
add to the compiling. The switch between eager and compiled calls is `nn.Module.compile`'s private
`_compiled_call_impl`; the script stops with a message on a torch without it.

    python bench/compiled_forward.py                  # SmolLM2-135M, block 5, 8 C4 windows of 512 tokens

Prints a markdown table and writes bench/results/compiled_forward_<model>_<device>.md.
"""
import argparse, atexit, os, platform, shutil, statistics, sys, tempfile, time
from pathlib import Path
CACHE = tempfile.mkdtemp(prefix="inductor_")
os.environ["TORCHINDUCTOR_CACHE_DIR"] = CACHE                   # a cold compile: set before torch reads it
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)
import torch
from neuroal.models import load_model, pick_device
from neuroal.data import get_calibration
from neuroal.arch import get_blocks, block_linears
from neuroal.runner import collect_stats, run_block
from common import slug, sync, stream_at


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--block", type=int, default=5)
    ap.add_argument("--nsamples", type=int, default=8); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--repeats", type=int, default=5); ap.add_argument("--device", default="auto")
    a = ap.parse_args()
    dev = pick_device(a.device)
    model, tok = load_model(a.model, device=dev)
    calib = get_calibration("c4", tok, a.nsamples, a.seqlen, seed=0).to(dev)
    with torch.no_grad():
        stream = stream_at(model, calib, a.block)
        block, lins = get_blocks(model)[a.block], block_linears(model, a.block)
        def bare(): return run_block(block, stream)
        def stats():                                              # the statistics are collected, not compared
            with collect_stats(lins): return run_block(block, stream)
        passes = {"bare forward": bare, "statistics pass": stats}
        block.compile()
        if getattr(block, "_compiled_call_impl", None) is None:
            sys.exit(f"torch {torch.__version__}: nn.Module.compile has no _compiled_call_impl to switch eager and compiled calls")
        compiled_call = block._compiled_call_impl                 # nn.Module.compile's switch: None runs eagerly
        def mode(compiled:bool): block._compiled_call_impl = compiled_call if compiled else None
        def call(f, compiled:bool):
            "Seconds of one call of f, eager or compiled, and its output."
            mode(compiled); sync(dev); t = time.perf_counter(); out = f(); sync(dev)
            return time.perf_counter() - t, out
        rows = []
        for name, f in passes.items():
            _, e_out = call(f, False)
            first, out = call(f, True)
            ts = {False: [], True: []}
            for _ in range(a.repeats):
                for compiled in (False, True): ts[compiled].append(call(f, compiled)[0])
            e_sec, sec = statistics.median(ts[False]), statistics.median(ts[True])
            same = all(torch.equal(x, y) for x, y in zip(out.hidden, e_out.hidden))
            diff = max((x - y).abs().max().item() for x, y in zip(out.hidden, e_out.hidden))
            back = f"{first / (e_sec - sec):.0f}" if e_sec > sec else "never"
            rows.append(f"| {name} | {e_sec:.3f} | {sec:.3f} | {e_sec / sec:.2f}x | {first:.1f} | {back} | {'yes' if same else 'no'} | {diff:.1e} |")
        mode(False)
    lines = [f"Machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, device {dev}; torch {torch.__version__}",
             f"Settings: {a.model}, block {a.block}, {a.nsamples} C4 windows of {a.seqlen} tokens, median of {a.repeats} alternating runs, seconds", "",
             "| pass | eager s | compiled s | speed-up | first compiled call s | passes to earn it back | bit-identical output | max abs difference |",
             "|---|---|---|---|---|---|---|---|", *rows]
    text = "\n".join(lines) + "\n"
    print(text)
    (Path(__file__).parent / "results" / f"compiled_forward_{slug(a.model)}_{dev.type}.md").write_text(text)


if __name__ == "__main__":
    main()
