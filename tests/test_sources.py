"""The notebooks' source, as the docs site needs it (see scripts/nbcheck.py): one test per check, each
failure naming the notebook and the cell."""
import sys
from pathlib import Path
import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import nbcheck

@pytest.mark.parametrize("check", nbcheck.CHECKS, ids=[c.__name__ for c in nbcheck.CHECKS])
def test_notebook_sources(check):
    found = [f"{p.relative_to(nbcheck.ROOT)}: {msg}" for p in nbcheck.notebooks() for msg in check(nbformat.read(p, as_version=4))]
    assert not found, "\n".join(found)
