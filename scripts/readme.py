"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does where Quarto is installed).
`--check` fails when README.md is out of date instead of writing it."""
import re, sys
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parent.parent

def render(nb_path=ROOT/"nbs"/"index.ipynb")->str:
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for cell in nb.cells:
        src = cell.source
        if cell.cell_type == "markdown": parts.append(src.strip()); continue
        lines = src.split("\n")
        if any(re.match(r"#\|\s*hide", l) for l in lines): continue
        code = "\n".join(l for l in lines if not l.startswith("#|")).strip()
        if code: parts.append("```python\n" + code + "\n```")
        outs = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream": outs.append(o.get("text", ""))
            elif "text/markdown" in o.get("data", {}): parts.append(o["data"]["text/markdown"].strip())
            elif "text/plain" in o.get("data", {}): outs.append(o["data"]["text/plain"])
        if outs: parts.append("```\n" + "".join(outs).rstrip() + "\n```")
    return "<!-- generated from nbs/index.ipynb by scripts/readme.py: do not edit -->\n\n" + "\n\n".join(parts) + "\n"

if __name__ == "__main__":
    text, readme = render(), ROOT/"README.md"
    if "--check" in sys.argv:
        if not readme.exists() or readme.read_text() != text: sys.exit("README.md is out of date: run python scripts/readme.py")
    else: readme.write_text(text)
