# Sphinx configuration of the documentation site built by scripts/docs/build.py (sources in _build/docs_src).
import configparser, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_cfg = configparser.ConfigParser(); _cfg.read(ROOT/"settings.ini")
_s = _cfg["DEFAULT"]

project = _s["lib_name"]
author = _s["author"]
copyright = _s["copyright"]
release = version = _s["version"]

extensions = ["myst_nb"]
nb_execution_mode = "off"              # stored outputs are the evidence: nothing runs while building
nb_ipywidgets_js = {}                  # no widget scripts from a CDN
nb_render_markdown_format = "myst"     # markdown outputs (the benchmark tables) parsed with tables, as the notebook shows them
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_all_links_external = True         # nbdev writes `page.html#anchor` links: keep them as plain hrefs
myst_heading_anchors = 4

sys.path.insert(0, str(Path(__file__).resolve().parent))
myst_heading_slug_func = "slugs.pandoc_slug"  # pandoc's (Quarto's) ids, so nbdev's `page.html#name` links resolve

html_theme = "furo"
html_title = f"{project} {version}"
html_static_path = [str(ROOT/"_build"/"static")]
html_css_files = ["custom.css"]
html_favicon = str(Path(__file__).resolve().parent/"favicon.svg")   # without one, browsers ask for /favicon.ico and log a 404
html_show_sourcelink = False
html_copy_source = False
if os.environ.get("NEUROAL_DOCS_MATHJAX"): mathjax_path = "mathjax/tex-chtml.js"   # local copy: renders offline
exclude_patterns = ["**.ipynb_checkpoints"]
