"""A Content-Security-Policy for every page: defence in depth behind the
sanitiser. Scripts and styles come from the site's own files; the few inline
scripts Material's templates write are allowed by their SHA-256 hash; nothing
is loaded from another origin; no <base>, no form posts, no plugins.

Inline scripts inside the page content are never hashed (the sanitiser
removes them anyway): if one got through, the browser would still refuse it.
The USB edition (file://) gets the same policy: its search shim's one inline
script is hashed as well (shim_script).

A <meta> policy cannot carry frame-ancestors, report-uri or sandbox: they
need an HTTP header, which file:// and a plain static server do not send.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Material's own images and icons are data: URIs inside its stylesheet.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_CONTENT = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_hashes(html: str) -> list[str]:
    """'sha256-…' of each inline script outside the page content, in order."""
    content = _CONTENT.search(html)
    start, end = content.span() if content else (0, 0)
    hashes = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match.group(1), match.group(2)
        if start <= match.start() < end or re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in JS_TYPES:
            continue  # a data block such as Material's __config: never run
        hashes.append(_sha256(body))
    return list(dict.fromkeys(hashes))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _function_source(js: str, name: str) -> str:
    """The text of `function name(...){...}` in js, as Function.toString gives it."""
    start = js.index(f"function {name}(")
    depth, i = 0, js.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(js[i], 0)
        if depth == 0:
            return js[start:i + 1]
        i += 1


def shim_script(shim: str, worker_url: str) -> str:
    """The inline script npm's iframe-worker shim (pinned in package-lock.json)
    writes into its frame under file://: a template holding the source of two
    of its functions and the worker's URL, which Material takes as written in
    the page's __config (relative, so the same wherever the USB copy sits)."""
    template = re.search(r"<script>(.*?)<\\/script>", shim).group(1)
    return re.sub(r"\$\{(\w+)\}", lambda m: worker_url if m.group(1) == _url_name(shim)
                  else _function_source(shim, m.group(1)), template)


def _url_name(shim: str) -> str:
    """The constructor's parameter: the worker URL (`constructor(e)`)."""
    return re.search(r"constructor\((\w+)\)", shim).group(1)


_WORKER = re.compile(r'<script id="__config" type="application/json">.*?"search":\s*"([^"]+)"', re.S)


def policy(html: str, extra: dict[str, list[str]] | None = None, shim: str | None = None) -> str:
    """shim: the iframe-worker shim's source, for the USB edition (file://),
    where Material runs search through it: its frame inherits this policy,
    so the one inline script it writes there is allowed by hash too."""
    directives = {name: list(values) for name, values in POLICY.items()}
    directives["script-src"] += inline_hashes(html)
    worker = _WORKER.search(html)
    if shim and worker:
        directives["script-src"].append(_sha256(shim_script(shim, worker.group(1))))
    for name, values in (extra or {}).items():
        directives[name] = directives.get(name, []) + values
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(html: str, extra: dict[str, list[str]] | None = None, shim: str | None = None) -> str:
    """The page with its policy as the first element of <head>: a <meta>
    policy covers only what comes after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, extra, shim)}">'
    head = _HEAD.search(html)
    if not head:
        return html
    return html[:head.end()] + meta + html[head.end():]


def sha256_source(text: str) -> str:
    """The CSP source for an inline script or style with this exact text."""
    return _sha256(text)


def policy_meta(script_hashes: list[str], style_hashes: list[str] = ()) -> str:
    """The <meta> policy for a page whose inline scripts and styles the finish
    pass has already checked (kb.finish.chrome): only those run."""
    directives = {name: list(values) for name, values in POLICY.items()}
    directives["script-src"] += list(dict.fromkeys(script_hashes))
    directives["style-src"] += list(dict.fromkeys(style_hashes))
    content = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'
