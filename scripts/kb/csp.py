"""A Content-Security-Policy for every page: defence in depth behind the
sanitiser. Scripts and styles come from the site's own files; the few inline
scripts Material's templates write are allowed by their SHA-256 hash; nothing
is loaded from another origin; no <base>, no form posts, no plugins.

Inline scripts inside the page content are never hashed (the sanitiser
removes them anyway): if one got through, the browser would still refuse it.
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
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(hashes))


def policy(html: str, extra: dict[str, list[str]] | None = None, from_file: bool = False) -> str:
    """from_file: the USB edition, opened from file://. Its search runs in the
    iframe-worker shim, which writes an inline script holding the worker's
    absolute file:// URL, known only where the copy sits: no hash made at
    build time can match it. There inline scripts are allowed ('unsafe-inline'
    counts only without hashes); every other directive stays."""
    directives = {name: list(values) for name, values in POLICY.items()}
    directives["script-src"] += ["'unsafe-inline'"] if from_file else inline_hashes(html)
    for name, values in (extra or {}).items():
        directives[name] = directives.get(name, []) + values
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(html: str, extra: dict[str, list[str]] | None = None, from_file: bool = False) -> str:
    """The page with its policy as the first element of <head>: a <meta>
    policy covers only what comes after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, extra, from_file)}">'
    head = _HEAD.search(html)
    if not head:
        return html
    return html[:head.end()] + meta + html[head.end():]
