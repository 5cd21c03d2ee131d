"""Helpers the benchmark scripts share (imported as `common`: the scripts run as `python bench/NAME.py`)."""
import json, os, subprocess, sys
from pathlib import Path


def slug(text:str)->str:
    "A file-name-safe form of a model name or path (its stem) or a label."
    return "".join(ch if ch.isalnum() else "_" for ch in Path(text).stem)


def run_with_package(pkg, code:str, args:dict)->dict:
    """Run `code` in a fresh Python that imports `neuroal` from the directory `pkg` (e.g. a copy of the landed
    package), with `args` as JSON in sys.argv[1]; `code` prints one line `RESULT <json>`, returned parsed."""
    env = dict(os.environ, PYTHONPATH=str(Path(pkg).resolve()))
    p = subprocess.run([sys.executable, "-c", code, json.dumps(args)], env=env, cwd="/", capture_output=True, text=True)
    line = [l for l in p.stdout.splitlines() if l.startswith("RESULT ")]
    if p.returncode or not line: sys.exit(f"run with the package in {pkg} failed:\n{p.stderr[-3000:]}")
    return json.loads(line[0][len("RESULT "):])


def alloc_digest(allocation)->str:
    "A digest of an allocation's ratios (every linear, every row): equal digests, equal allocations."
    import hashlib
    text = json.dumps(allocation.ratios, sort_keys=True, default=lambda t: t.tolist())
    return hashlib.sha256(text.encode()).hexdigest()[:16]
