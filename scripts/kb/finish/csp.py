"""A Content-Security-Policy for every page: defence in depth behind the
sanitiser. Scripts and styles come from the site's own files; the few inline
scripts Material's templates write are allowed by their SHA-256 hash; nothing
is loaded from another origin; no <base>, no form posts, no plugins.

Inline scripts inside the page content are never hashed (the sanitiser
removes them anyway): if one got through, the browser would still refuse it.
The USB edition (file://) gets the same policy: the site's own search needs
no worker, frame or eval there.

A <meta> policy cannot carry frame-ancestors, report-uri or sandbox: they
need an HTTP header, which file:// and a plain static server do not send.
"""

from __future__ import annotations

import base64
import hashlib

# Material's own images and icons are data: URIs inside its stylesheet.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'none'"],  # the site's search runs in the page: no worker, no frame
    "frame-src": ["'none'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}



def sha256_source(text: str) -> str:
    """The CSP source for an inline script or style with this exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy_meta(script_hashes: list[str], style_hashes: list[str] = ()) -> str:
    """The <meta> policy for a page whose inline scripts and styles the finish
    pass has already checked (kb.finish.chrome): only those run."""
    directives = {name: list(values) for name, values in POLICY.items()}
    directives["script-src"] += list(dict.fromkeys(script_hashes))
    directives["style-src"] += list(dict.fromkeys(style_hashes))
    content = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'
