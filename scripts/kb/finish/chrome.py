"""The page around the content (the theme's chrome): checked, not trusted.

The chrome comes from the pinned theme's templates and our overrides, filled
with what the stage allowed (titles as text, the nav from mkdocs.yml). Still,
whatever a template prints unescaped would land here, so every page's chrome
is held to a policy: scripts only from the site's own files or the theme's
known inline scripts, no event handlers, nothing loaded or linked from
outside, no frames, forms, <base> or refresh. A page that breaks it fails
the build with the file and the reason.
"""

from __future__ import annotations

import functools
import json
import re

from kb.finish.csp import sha256_source

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_STYLE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.I | re.S)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "base", "applet", "portal", "frameset"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background"}
LINK_SCHEMES = {"http", "https", "mailto"}


class ChromeProblem(Exception):
    pass


def _attrs(text: str) -> dict[str, str]:
    found = {}
    for name, value in _ATTR.findall(text):
        value = value[1:-1] if value[:1] in "\"'" else value
        found[name.lower()] = value
    return found


def check_chrome(html: str, engine) -> tuple[list[str], list[str]]:
    """(script hashes, style hashes) for the CSP; ChromeProblem if the chrome
    holds anything the policy above does not allow."""
    scripts, styles = [], []
    for match in _SCRIPT.finditer(html):
        attrs, body = _attrs(match.group(1)), match.group(2)
        if "src" in attrs:
            if body.strip():
                raise ChromeProblem("带 src 的 <script> 里还有代码")
            _local(attrs["src"], "script")
            continue
        kind = attrs.get("type", "").lower()
        if kind == "application/json":
            try:
                json.loads(body)
            except ValueError:
                raise ChromeProblem("主题的 JSON 配置块不是合法的 JSON") from None
            continue  # a data block: never run
        if not any(p.fullmatch(body) for p in engine.inline_scripts):
            raise ChromeProblem(f"页面框架里有一段不认识的内联脚本：{body[:80]!r}")
        scripts.append(sha256_source(body))
    for match in _STYLE.finditer(html):
        body = match.group(2)
        if not any(p.fullmatch(body) for p in engine.inline_styles):
            raise ChromeProblem(f"页面框架里有一段不认识的内联样式：{body[:80]!r}")
        styles.append(sha256_source(body))
    without = _STYLE.sub("", _SCRIPT.sub("", html))
    for match in _TAG.finditer(without):
        problem = _tag_problem(match.group(1).lower(), match.group(2))
        if problem:
            raise ChromeProblem(problem)
    return scripts, styles


@functools.lru_cache(maxsize=65536)
def _tag_problem(tag: str, attr_text: str) -> str | None:
    """Why this tag may not stand in the chrome, or None. Cached: the nav and
    header repeat the same tags on every page."""
    attrs = _attrs(attr_text)
    if tag in FORBIDDEN_TAGS:
        return f"页面框架里不能有 <{tag}>"
    if tag == "form" and ({"action", "method", "target"} & set(attrs)):
        return "页面框架里的表单会把内容发到别处"  # the theme's palette form sends nothing
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        return "页面框架里不能有自动跳转（meta refresh）"
    for name, value in attrs.items():
        if name.startswith("on"):
            return f"<{tag}> 带有事件属性 {name}"
        if name == "style" and re.search(r"url\s*\(|@import|expression\s*\(", value, re.I):
            return f"<{tag}> 的 style 属性会加载文件"
        if name in URL_ATTRS:
            try:
                _link(value) if tag == "a" and name == "href" else _local(value, tag)
            except ChromeProblem as problem:
                return str(problem)
    return None


def _link(value: str) -> None:
    scheme = _SCHEME.match(value)
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        raise ChromeProblem(f"页面框架里的链接用了不允许的协议：{value[:80]}")


def _local(value: str, tag: str) -> None:
    """Resources come from inside the site: no scheme, no other host."""
    url = value.strip()
    if _SCHEME.match(url) and not url.lower().startswith("data:image/"):
        raise ChromeProblem(f"<{tag}> 从站外加载：{url[:80]}")
    if url[:2] in ("//", "\\\\", "/\\", "\\/"):
        raise ChromeProblem(f"<{tag}> 从站外加载：{url[:80]}")
