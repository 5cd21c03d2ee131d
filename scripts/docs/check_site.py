"""Load every page of the built site in headless Chromium and fail on what a reader would see broken.

The site (`_site/`, from scripts/docs/build.py) is served over local http; Playwright drives Debian's
Chromium (`/usr/bin/chromium`; Playwright's own browser download is not reachable offline). A page
fails on:
- not being in the sidebar (every notebook under nbs/ must have a page there, under "API" or "Tutorials");
- a broken internal link or anchor (a link into the site whose file is missing, or whose `#id` is not on it);
- a missing image (an `<img>` that did not load), or any other site file that failed to load;
- a JavaScript error (an uncaught exception or a console error);
- rendered text containing a Python traceback, or a markdown table left as plain text;
- an API page with no rendered signature (a show_doc `def ...(` / `class ...(` block).
Search is checked too: `search.html?q=load_model` must list the models page.

`python scripts/docs/check_site.py [--site _site] [--screenshots DIR]`; exit 1 with one line per problem.
"""
import argparse, functools, http.server, re, sys, threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, unquote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT/"scripts")); sys.path.insert(0, str(ROOT/"scripts"/"docs"))
import nbcheck
from build import page_path, SECTIONS

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]   # no connections out: this machine's network is closed
SIGNATURE = re.compile(r"^\s*(async\s+)?(def|class)\s+\w+\s*\(", re.M)

class _Ids(HTMLParser):
    "Every `id`/`name` attribute of a page."
    def __init__(self): super().__init__(); self.ids = set()
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("id", "name") and v: self.ids.add(v)

def serve(site:Path):
    "Serve `site` on a free local port in a background thread; returns (server, base url)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/"

def expected_pages()->dict[str, str]:
    "Page (relative html path) -> the notebook it comes from, for every notebook nbdev processes."
    return {str(page_path(p.relative_to(nbcheck.NBS)).with_suffix(".html")): str(p.relative_to(ROOT)) for p in nbcheck.notebooks()}

def check(site:Path=ROOT/"_site", screenshots:Path|None=None)->list[str]:
    "Every problem found, as `page: problem`."
    from playwright.sync_api import sync_playwright
    if not (site/"index.html").exists(): return [f"{site}: no index.html (build the site first: bash scripts/docs.sh)"]
    pages, problems = expected_pages(), []
    srv, base = serve(site)
    ids_cache = {}
    def ids_of(rel):
        if rel not in ids_cache:
            f = site/rel
            p = _Ids()
            if f.is_file(): p.feed(f.read_text(errors="replace"))
            ids_cache[rel] = p.ids if f.is_file() else None
        return ids_cache[rel]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors, failed = [], []
            page.on("pageerror", lambda e: errors.append(f"JavaScript error: {e}"))
            page.on("console", lambda m: errors.append(f"console error: {m.text} ({m.location.get('url') or 'no url'})") if m.type == "error" else None)
            page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
            page.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

            # the sidebar, read on the index page: every notebook's page must be there, under its section
            page.goto(base + "index.html", wait_until="load")
            side = page.eval_on_selector_all(".sidebar-tree a.reference", "els => els.map(e => e.href)")
            captions = page.eval_on_selector_all(".sidebar-tree .caption-text", "els => els.map(e => e.textContent.trim())")
            in_side = {urlsplit(u).path.lstrip("/") for u in side} | {"index.html"}
            for rel, nb in pages.items():
                if rel not in in_side: problems.append(f"{rel}: missing from the sidebar (from {nb})")
            for folder, caption in SECTIONS.items():
                if any(r.startswith(folder + "/") for r in pages) and caption not in captions:
                    problems.append(f"index.html: the sidebar has no '{caption}' section")

            for rel in ["index.html"] + sorted(r for r in pages if r != "index.html"):
                errors.clear(); failed.clear()
                if not (site/rel).exists(): problems.append(f"{rel}: page not built (from {pages[rel]})"); continue
                page.goto(base + rel, wait_until="load")
                page.wait_for_load_state("networkidle")
                say = lambda msg: problems.append(f"{rel}: {msg}")
                for e in errors: say(e)
                for f in failed: say(f"failed to load {f}")
                text = page.inner_text("article")
                if "Traceback (most recent call last)" in text or re.search(r"^\w*Error: .+$", text, re.M) and "Traceback" in text:
                    say("the rendered text contains a Python traceback")
                prose = page.evaluate("() => { const a = document.querySelector('article').cloneNode(true); "
                                      "a.querySelectorAll('pre, code').forEach(e => e.remove()); return a.innerText; }")
                if re.search(r"\|\s*[-\u2013\u2014:]+\s*\|\s*[-\u2013\u2014:]+\s*\|", prose):   # outside code blocks
                    say("a markdown table is shown as plain text (its rows rendered as one paragraph of pipes)")
                for src in page.eval_on_selector_all("img", "els => els.filter(e => !(e.complete && e.naturalWidth > 0)).map(e => e.getAttribute('src'))"):
                    say(f"image not shown: {src[:80]}")
                if rel.startswith("api/"):
                    codes = page.eval_on_selector_all("article pre", "els => els.map(e => e.textContent)")
                    if not any(SIGNATURE.search(c) for c in codes): say("no rendered signature (show_doc) on an API page")
                for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                    url = urljoin(base + rel, href)
                    if not url.startswith(base): continue
                    parts = urlsplit(url)
                    target = unquote(parts.path[len(urlsplit(base).path):]) or "index.html"
                    if target.endswith("/"): target += "index.html"
                    ids = ids_of(target)
                    if ids is None: say(f"broken link {href} (no {target})"); continue
                    if parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids:
                        say(f"broken anchor {href} (no id '{unquote(parts.fragment)}' on {target})")
                if screenshots:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(screenshots/(rel.replace("/", "_").replace(".html", ".png"))), full_page=False)

            # search: Sphinx's index, queried in the browser
            errors.clear()
            page.goto(base + "search.html?q=load_model", wait_until="load")
            try:
                page.wait_for_selector("#search-results ul.search li", timeout=15000)
                hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
                if not any("api/models.html" in h for h in hits): problems.append(f"search.html: 'load_model' does not find the models page ({hits[:5]})")
            except Exception as e:
                problems.append(f"search.html: no results for 'load_model' ({type(e).__name__})")
            for e in errors: problems.append(f"search.html: {e}")
            if screenshots: page.screenshot(path=str(screenshots/"search.png"))
            browser.close()
    finally:
        srv.shutdown()
    return problems

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT/"_site", help="the built site")
    ap.add_argument("--screenshots", type=Path, default=None, help="also save a screenshot of every page here")
    a = ap.parse_args()
    found = check(a.site, a.screenshots)
    print("\n".join(found) if found else f"site: every page checked in Chromium, no problems ({len(expected_pages())} pages + search)")
    sys.exit(1 if found else 0)
