"Heading ids for the Sphinx site (a module of its own so that Sphinx can pickle the setting)."
import re

def pandoc_slug(text:str)->str:
    "Heading ids as pandoc (Quarto) writes them, so that nbdev's `page.html#name` links find their target."
    s = re.sub(r"[^\w\-. ]", "", text.lower()).strip().replace(" ", "-")
    return re.sub(r"^[^a-z]+", "", s) or "section"
