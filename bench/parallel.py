"""NeuroAL's exact search with its candidates split over processes (issue: NeuroAL at the price of a prune).

Runs `neuroal prune --top-up neuroal` once in one process (all threads) and once under
`torchrun --nproc_per_node N` (gloo on a CPU, NCCL on GPUs; threads split evenly between the
processes on a CPU), with the same settings, and compares the search seconds and the chosen lambdas.
The final prune is kept small (`--nsamples` = `--search-nsamples`) since only the search is split.

    python bench/parallel.py                                  # SmolLM2-135M, 60%, 2 search samples of 512, 2 processes
    python bench/parallel.py --search-nsamples 8 --processes 4

Prints a markdown table and writes bench/results/parallel_<model>.md.
"""
import argparse, json, os, platform, socket, subprocess, sys, tempfile
from pathlib import Path
import torch
from common import slug


def run(cmd, env):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode: sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--method", default="wanda")
    ap.add_argument("--sparsity", type=float, default=0.6); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--search-nsamples", type=int, default=2); ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--device", default="auto")
    a = ap.parse_args()
    threads = os.cpu_count() or 1
    args = ["prune", "--model", a.model, "--method", a.method, "--sparsity", str(a.sparsity), "--top-up", "neuroal",
            "--nsamples", str(a.search_nsamples), "--search-nsamples", str(a.search_nsamples), "--seqlen", str(a.seqlen),
            "--device", a.device]
    rows = {}
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, OMP_NUM_THREADS=str(threads))
        run(["neuroal", *args, "--json", f"{d}/one.json"], env)
        rows[f"1 process x {threads} threads"] = json.loads(Path(f"{d}/one.json").read_text())
        with socket.socket() as s: s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
        per = max(threads // a.processes, 1)
        env = dict(os.environ, OMP_NUM_THREADS=str(per))
        run(["torchrun", "--nproc_per_node", str(a.processes), "--master_addr", "127.0.0.1", "--master_port", str(port),
             "--no-python", "neuroal", *args, "--json", f"{d}/many.json"], env)
        rows[f"{a.processes} processes x {per} threads"] = json.loads(Path(f"{d}/many.json").read_text())
    lines = [f"Machine: {platform.machine()}, {threads} cores; torch {torch.__version__}",
             f"Settings: {a.model}, {a.method}, {a.sparsity:.0%}, exact best-first search (both steps) on {a.search_nsamples} C4 windows of {a.seqlen} tokens", "",
             "| run | search s | lambda block | lambda row | sample-block forwards |", "|---|---|---|---|---|"]
    for k, r in rows.items():
        c = r["search_cost"]
        lines.append(f"| {k} | {c['seconds']:.1f} | {r['lambda_block']:g} | {r['lambda_row']:g} | {c['sample_block_forwards']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (Path(__file__).parent / "results" / f"parallel_{slug(a.model)}.md").write_text(text)


if __name__ == "__main__":
    main()
