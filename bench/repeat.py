"""The same prune in several fresh processes: how many different pruned models come out?

A run of neuroal should be a function of its inputs. On the CPU it was not: PyTorch's MKL vector math
chooses its kernels on the first call, and a first call on several threads at once could compute one
thread's chunk with a low-accuracy kernel (PyTorch issue #188792). The rotary embedding's cosine
table, computed in the first forward and kept for the whole prune, was sometimes off, and with it a
few near-tied scores and masks. `neuroal.models` now warms those functions up on import. This runs
the same command `--runs` times with a copy of another package (e.g. the commit before the warm-up)
and with this checkout, each run in a fresh Python. Two checks:

- `cos` (default): load the model and the calibration text as a prune does, compute the first
  forward's rotary table, and count the runs whose cosines are off by more than 1e-5 (against the
  float64 cosines of the same float32 angles: float32 is good to about 1e-7, the low-accuracy kernel
  is off by about 1e-4). Seconds per run.
- `prune`: prune and count the distinct digests of all pruned weights. A minute per run; a bad
  table changes the model only when it moves a near-tied score.

    git archive <commit> neuroal | tar -x -C /tmp/before
    python bench/repeat.py --other /tmp/before [--runs 20] [--check prune --method multiflow --structure 2:4]
"""
import argparse, collections
from pathlib import Path
from common import run_with_package

WORKER = r"""
import hashlib, json, sys
from neuroal.models import load_model
from neuroal.api import prune
from common import prune_size, linear_digests
a = json.loads(sys.argv[1])
model, tok = load_model(a["model"])
prune(model, tok, a["method"], nsamples=a["nsamples"], seqlen=a["seqlen"], progress=False, **prune_size(a["structure"], a["sparsity"]))
print("RESULT " + json.dumps({"digest": hashlib.sha256(json.dumps(linear_digests(model)).encode()).hexdigest()[:12]}))
"""

COS = r"""
import json, sys, torch
from neuroal.models import load_model
from neuroal.data import get_calibration
a = json.loads(sys.argv[1])
model, tok = load_model(a["model"])
x = get_calibration("c4", tok, nsamples=a["nsamples"], seqlen=a["seqlen"], seed=0)
rot = model.model.rotary_emb
pos = torch.arange(a["seqlen"])[None]
cos, sin = rot(torch.zeros(1, a["seqlen"], 8), pos)
ang = (rot.inv_freq[None, :, None].float() @ pos[:, None, :].float()).transpose(1, 2)[0]   # float32 angles, as the model's
ang = torch.cat([ang, ang], -1).double()                         # their exact cosines below
err = max((cos[0].double() - ang.cos() * rot.attention_scaling).abs().max().item(), (sin[0].double() - ang.sin() * rot.attention_scaling).abs().max().item())
print("RESULT " + json.dumps({"digest": "bad" if err > 1e-5 else "good", "err": err}))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", required=True, help="directory holding another `neuroal` package to compare with")
    ap.add_argument("--model", default="smollm2-135m"); ap.add_argument("--method", default="multiflow")
    ap.add_argument("--structure", default="2:4"); ap.add_argument("--sparsity", type=float, default=0.6)
    ap.add_argument("--nsamples", type=int, default=8); ap.add_argument("--seqlen", type=int, default=512)
    ap.add_argument("--runs", type=int, default=20); ap.add_argument("--check", default="cos", choices=("cos", "prune"))
    a = ap.parse_args()
    here = Path(__file__).resolve().parents[1]
    args = dict(model=a.model, method=a.method, structure=a.structure, sparsity=a.sparsity, nsamples=a.nsamples, seqlen=a.seqlen)
    what = a.structure if a.structure != "unstructured" else f"{a.sparsity:.0%}"
    if a.check == "cos":
        print(f"Settings: {a.model}, first forward's rotary table after loading {a.nsamples} C4 windows of {a.seqlen} tokens; each run a fresh process\n")
        print("| package | runs | tables off by > 1e-5 | largest error |\n|---|---|---|---|")
    else:
        print(f"Settings: {a.model}, {a.method} {what}, {a.nsamples} C4 calibration windows of {a.seqlen} tokens; each run a fresh process\n")
        print("| package | runs | distinct pruned models | runs per model |\n|---|---|---|---|")
    for label, pkg in ((f"{a.other}", a.other), ("this checkout", here)):
        res = [run_with_package(pkg, COS if a.check == "cos" else WORKER, args) for _ in range(a.runs)]
        counts = collections.Counter(r["digest"] for r in res)
        if a.check == "cos":
            print(f"| {label} | {a.runs} | {counts.get('bad', 0)} | {max(r['err'] for r in res):.2e} |", flush=True)
        else:
            print(f"| {label} | {a.runs} | {len(counts)} | {', '.join(str(c) for c in sorted(counts.values(), reverse=True))} |", flush=True)


if __name__ == "__main__":
    main()
