"""Every notebook is a test: run each one (cells marked `#| slow` skipped), one pytest test per notebook."""
import os
from pathlib import Path
import pytest
from nbdev.test import test_nb as run_nb

NBS = Path(__file__).resolve().parent.parent / "nbs"
notebooks = sorted(p for p in NBS.rglob("*.ipynb")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(NBS).parts))

@pytest.mark.parametrize("nb", notebooks, ids=[str(p.relative_to(NBS)) for p in notebooks])
def test_notebook(nb):
    flags = [f for f in os.environ.get("NEUROAL_TEST_FLAGS", "").split(",") if f]
    skip = [f for f in ["slow"] if f not in flags]
    ok, _ = run_nb(nb, skip_flags=skip)
    assert ok, f"{nb.name} failed (its error is printed above)"
