"""Checks on the notebooks' source that the docs site depends on; each problem names its notebook.

1. title cell: the first markdown cell holds only `# Title` and an optional `> summary` line
   (nbdev turns that whole cell into page front matter, so any other prose there never reaches the page);
2. import cells: a code cell that imports holds only imports (nbdev's docs processing executes every
   cell that imports, so a test or a model load beside an import would run while the docs build);
3. exported API: every public function and class in an `#| export` cell has a docstring, and every
   argument (dataclass field, `__init__` argument) an inline comment, which nbdev renders as the
   parameter table and the CLI as its help;
4. no tab characters in markdown: a tab there is almost always a mangled `\\t` escape (`$W_\\text{..}$`
   written through a Python string turns into a tab and `ext{..}`, which renders as broken maths).

The check reads the notebooks' text only (nothing is imported or executed), so it also runs on a
notebook whose library is not exported yet. `python scripts/nbcheck.py [NOTEBOOK ...]` prints the
problems and exits 1 when there are any.
"""
import ast, io, re, sys, tokenize
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"

def notebooks(root:Path=NBS)->list[Path]:
    "Every notebook nbdev processes: files and folders starting with `_` or `.` are skipped, as nbdev does."
    return sorted(p for p in root.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts))

def directives(src:str)->set[str]:
    "The `#| name` directives of a cell."
    return {m.group(1) for m in re.finditer(r"^#\|\s*([\w-]+)", src, re.M)}

def check_title(nb)->list[str]:
    "Problems with the title cell."
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    if not md or not md[0].source.lstrip().startswith("# "): return ["no `# Title` markdown cell"]
    lines = [l for l in md[0].source.strip().split("\n") if l.strip()]
    extra = lines[1:] if len(lines) < 2 or not lines[1].startswith(">") else lines[2:]
    if extra: return [f"the title cell holds more than `# Title` and `> summary` (it would be lost from the page): {extra[0][:60]!r}"]
    return []

def code_tree(src:str):
    "The cell's syntax tree, with IPython magics and shell lines blanked out."
    return ast.parse("\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in src.split("\n")))

def check_imports(nb)->list[str]:
    "Cells that mix imports with other code (nbdev's docs build would execute them)."
    out = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code" or directives(c.source) & {"export", "exports", "exporti"} or "nbdev_export()" in c.source: continue
        tree = code_tree(c.source)
        if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)) and \
           not all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body):
            out.append(f"cell {i} mixes imports with other code (the docs build would run it): {c.source.strip().split(chr(10))[0][:60]!r}")
    return out

def _comment_lines(src:str)->dict[int, str]:
    "Line number -> the comment on that line."
    return {t.start[0]: t.string for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type == tokenize.COMMENT}

def _documented(nodes:list, comments:dict)->list[str]:
    "Names among `nodes` (ast.arg or AnnAssign targets) without a comment: one is documented by a comment on its line when it is the last on that line."
    names = [(n.arg if isinstance(n, ast.arg) else n.target.id, n.lineno) for n in nodes]
    last = {line: name for name, line in names}
    return [name for name, line in names if not (last[line] == name and line in comments)]

def _args(fn)->list:
    a = fn.args
    args = a.posonlyargs + a.args + a.kwonlyargs
    return [x for x in args if x.arg not in ("self", "cls")]

def check_exports(nb)->list[str]:
    "Public exported functions and classes without a docstring or without a comment per argument."
    out = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code" or not directives(c.source) & {"export", "exports"}: continue
        comments, tree = _comment_lines(c.source), code_tree(c.source)
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or node.name.startswith("_"): continue
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            if not ast.get_docstring(node): out.append(f"cell {i}: exported {kind} `{node.name}` has no docstring")
            if kind == "function": params = _args(node)
            else:
                init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
                params = _args(init) if init else [n for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
            missing = _documented(params, comments)
            if missing: out.append(f"cell {i}: exported {kind} `{node.name}`: no comment for argument(s) {', '.join(missing)}")
    return out

def check_tabs(nb)->list[str]:
    "Markdown cells holding a tab character (a mangled backslash-t escape)."
    return [f"cell {i} (markdown) holds a tab character, probably a mangled \\t escape: {c.source[max(0, c.source.index(chr(9)) - 20):c.source.index(chr(9)) + 10]!r}"
            for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "\t" in c.source]

CHECKS = (check_title, check_imports, check_exports, check_tabs)

def problems(paths=None)->list[str]:
    "Every problem of every notebook, as `notebook: problem`."
    out = []
    for p in paths or notebooks():
        nb = nbformat.read(p, as_version=4)
        name = Path(p).resolve().relative_to(ROOT) if Path(p).resolve().is_relative_to(ROOT) else p
        out += [f"{name}: {msg}" for check in CHECKS for msg in check(nb)]
    return out

if __name__ == "__main__":
    found = problems([Path(a) for a in sys.argv[1:]] or None)
    print("\n".join(found) or "notebooks: no problems")
    sys.exit(1 if found else 0)
