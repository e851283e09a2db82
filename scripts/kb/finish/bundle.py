"""One stylesheet and one script of the site's own on every page, instead of
three stylesheets and seven scripts (issue 17: a first visit over slow 3G).

  assets/stylesheets/kb-site.css   the pinned theme's stylesheets and ours
                                   (extra_css), in the order the page linked
                                   them, without the theme's rules for what
                                   no page of the build shows (kb.finish.css_cut)
  assets/javascripts/kb-site.js    the polyfill loader and every script of
                                   mkdocs.yml's extra_javascript, in order

Each page's <link rel="stylesheet"> tags become one, where the first stood;
its script tags for the bundled files become one, where the last stood (the
theme's own bundle stays its own file, before ours). kb-site.js sits in the
folder of the scripts it holds, so a script finding its neighbours from its
own address (kb-search-link.js loads kb-search.js) still finds them.

The sources are left out of site/; the manifest records each bundle with the
path, kind (theme or site) and hash of every file it was made from.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re

from kb.finish.css_cut import FEATURE_PARTS, Used, cut

CSS_OUT = "assets/stylesheets/kb-site.css"
JS_OUT = "assets/javascripts/kb-site.js"

_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>[ \t]*\n?', re.I)
_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]*)"[^>]*>\s*</script>[ \t]*\n?', re.I)
_HREF = re.compile(r'\bhref="([^"]*)"', re.I)
# One pass over a page's attributes: class, dir, style, data-*.
_ATTR = re.compile(r'(class|dir|style|data-[\w-]+)="([^"]*)"')
_WORD = re.compile(r"-?[A-Za-z_][\w-]*")
_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
# A class a script puts together ("md-tag--" + name, `md-tag--${name}`):
# every class with that prefix counts as used.
_COMPOSED = re.compile(r"""([A-Za-z_][\w-]*[-_])(?:\$\{|["']\s*\+)""")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_CHARSET = re.compile(r'^\s*@charset\s+"[^"]*"\s*;', re.I)
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


class BundleError(Exception):
    pass


class Bundler:
    def __init__(self, scripts: list[str]):
        self.scripts = list(scripts)  # site paths, in the order the bundle runs them
        self.sheets: list[str] | None = None
        self.used = Used()

    def page(self, html: str, rel: str) -> str:
        """The page with one stylesheet and one script of ours; what it uses is noted."""
        self._note(html)
        base = posixpath.dirname(rel)
        sheets, first = [], None
        for match in _LINK.finditer(html):
            href = _HREF.search(match.group(0))
            if href:
                sheets.append(_site_path(href.group(1), base))
                first = first or match
        if sheets:
            if self.sheets is None:
                self.sheets = sheets
            elif sheets != self.sheets:
                raise BundleError(f"这个页面的样式表和其他页面不同：{sheets}（其他页面：{self.sheets}）")
            tag = f'<link rel="stylesheet" href="{_prefix(first.group(0), base)}{CSS_OUT}">\n'
            html = _LINK.sub(lambda m: tag if m.start() == first.start() else "", html)
        ours = [m for m in _SCRIPT.finditer(html) if _site_path(m.group(1), base) in self.scripts]
        if ours:
            last = ours[-1]
            tag = f'<script src="{_prefix(last.group(0), base, "src")}{JS_OUT}"></script>\n'
            starts = {m.start() for m in ours}
            html = _SCRIPT.sub(lambda m: (tag if m.start() == last.start() else "") if m.start() in starts
                               else m.group(0), html)
        return html

    def script(self, text: str, theme: bool = False) -> None:
        """A script the site serves: the words in it are classes it could add."""
        (self.used.theme if theme else self.used.classes).update(_WORD.findall(text))
        self.used.prefixes.update(_COMPOSED.findall(text))
        self.used.properties.update(_PROPERTY.findall(text))

    def _note(self, html: str) -> None:
        used = self.used
        for match in _ATTR.finditer(html):
            if not html[match.start() - 1].isspace():
                continue
            name, value = match.groups()
            if name == "class":
                used.classes.update(value.split())
            elif name == "style":
                used.properties.update(_PROPERTY.findall(value))
            else:
                if name == "dir" or name.startswith("data-md-color-"):
                    used.values.setdefault(name, set()).add(value)
                elif name == "data-md-component":
                    used.components.add(value)
                if name != "dir":
                    used.classes.update(_WORD.findall(value))
        config = _CONFIG.search(html)
        if config:
            try:
                settings = json.loads(config.group(1))
                self.used.features.update(settings.get("features") or [])
                self.used.config.update(key for key, value in settings.items() if value)
            except (ValueError, AttributeError, TypeError):  # unreadable: every part counts as on
                for conditions in FEATURE_PARTS.values():
                    for kind, which in conditions:
                        (self.used.features if kind == "feature" else self.used.config).add(which)
                        self.used.components.add(which)

    def build(self, files: dict[str, tuple[bytes, str]]) -> dict[str, tuple[bytes, dict]]:
        """files: site path -> (bytes, kind) of what the finish pass wrote.
        The bundles, each with its manifest record; their sources are the
        caller's to leave out."""
        out = {}
        sheets = [p for p in self.sheets or [] if p in files]
        if sheets:
            whole = joined([(p, files[p][0]) for p in sheets])
            text, dropped = cut(whole, self.used)
            out[CSS_OUT] = _record(text.encode("utf-8"), sheets, files,
                                   {"whole_bytes": len(whole.encode("utf-8")), "left_out": dropped})
        scripts = [p for p in self.scripts if p in files]
        if scripts:
            data = b"\n;\n".join(files[p][0].rstrip() for p in scripts) + b"\n"
            out[JS_OUT] = _record(data, scripts, files, {})
        return out


def joined(sheets: list[tuple[str, bytes]]) -> str:
    """The stylesheets (site path, bytes) as one, before the cut."""
    return "\n".join(_rebased(data.decode("utf-8"), path, CSS_OUT, i == 0) for i, (path, data) in enumerate(sheets))


def _record(data: bytes, sources: list[str], files: dict, extra: dict) -> tuple[bytes, dict]:
    made_from = [{"path": p, "kind": files[p][1], "sha256": hashlib.sha256(files[p][0]).hexdigest(),
                  "bytes": len(files[p][0])} for p in sources]
    return data, {"kind": "bundle", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                  "from": made_from, **extra}


def _site_path(url: str, base: str) -> str:
    if url.startswith("/"):
        return posixpath.normpath(url.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, url))


def _prefix(tag: str, base: str, attr: str = "href") -> str:
    """How this page writes addresses from the site's root: "/" (the 404
    page online), "../../" or ""."""
    url = re.search(rf'\b{attr}="([^"]*)"', tag).group(1)
    if url.startswith("/"):
        return "/"
    return posixpath.relpath(".", base) + "/" if base else ""


def _rebased(css: str, source: str, target: str, first: bool) -> str:
    """A stylesheet moved into the bundle: its relative url()s rewritten to
    point at the same files; @charset only at the very start."""
    if not first:
        css = _CHARSET.sub("", css)

    def rebase(match):
        quote, url = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(posixpath.dirname(source), url)),
                                  posixpath.dirname(target))
        return f"url({quote}{moved}{quote})"
    return _URL.sub(rebase, css)
