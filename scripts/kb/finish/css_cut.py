"""Leave out the theme's CSS for things no page of this build can show.

Material ships the styles of every feature (blog authors, consent banner,
code annotations, version picker, ...) in one file; the site uses a few. A
rule is left out only when each of its selectors names a class that no page
of the build carries and no script the site serves could add (a theme part
for a feature that is off, FEATURE_PARTS, adds none), or a colour
attribute value no page carries (data-md-color-primary="red", dir="rtl"); a custom
property only when nothing left refers to it. Classes inside :not(), :is(),
:where() and :has() never count against a selector (they need not be there
for it to match). Everything else is kept as written, in order: @media,
@supports and @layer blocks are cut the same way inside, other at-rules
(@font-face, @keyframes, @page) stay whole.

Since only rules that cannot match anything are dropped, the cascade of what
is left is the cascade of the whole: tests/test_page_weight.py compares the
computed style of every element, with the whole and the cut stylesheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tinycss2

_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
# Attribute values only the build's pages set: the colour palette, the
# text direction (the theme ships [dir=rtl] rules for right-to-left languages).
_VALUE = re.compile(r"\[(data-md-color-[a-z]+|dir)=[\"']?([\w-]+)[\"']?\]")
_FUNC = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_GROUPS = ("media", "supports", "layer", "container")


# Theme parts that only run when a feature is on: the class names of such a
# part appear in the theme's script, but its code runs only when one of its
# conditions holds: a feature in the page's theme config ("features"), a
# mount point in a page (data-md-component="..."), a setting of the theme
# config ("version"), or a class in a page. Off, its styles go.
FEATURE_PARTS = {
    "md-annotation": (("feature", "content.code.annotate"), ("class", "annotate")),
    "md-tooltip": (("feature", "content.tooltips"), ("feature", "content.footnote.tooltips"),  # and md-tooltip2
                   ("feature", "navigation.instant.preview")),
    "md-clipboard": (("feature", "content.code.copy"), ("feature", "content.code.select")),
    "md-code__": (("feature", "content.code.copy"), ("feature", "content.code.select"),
                  ("feature", "content.code.annotate")),
    "md-search": (("component", "search"),),                # md-search and md-search-result
    "md-version": (("config", "version"),),
    "md-source": (("component", "source"),),
}


@dataclass
class Used:
    """What the build's pages and scripts can put in front of the stylesheet."""
    classes: set[str] = field(default_factory=set)     # class names in pages, words in our scripts
    theme: set[str] = field(default_factory=set)       # words in the theme's scripts
    features: set[str] = field(default_factory=set)    # the theme features pages turn on
    components: set[str] = field(default_factory=set)  # the theme parts pages mount (data-md-component)
    config: set[str] = field(default_factory=set)      # the theme config's settings pages give a value
    prefixes: set[str] = field(default_factory=set)    # class names scripts compose ("md-tag--" + x)
    values: dict[str, set[str]] = field(default_factory=dict)  # data-md-color-* and dir values in pages
    properties: set[str] = field(default_factory=set)  # custom properties pages or scripts name (--md-x)

    def has_class(self, name: str) -> bool:
        if name in self.classes or any(name.startswith(p) for p in self.prefixes):
            return True
        return name in self.theme and not self._off(name)

    def _off(self, name: str) -> bool:
        for prefix, conditions in FEATURE_PARTS.items():
            if name.startswith(prefix):
                sets = {"feature": self.features, "component": self.components, "config": self.config,
                        "class": self.classes}
                return not any(which in sets[kind] for kind, which in conditions)
        return False


def cut(css: str, used: Used) -> tuple[str, int]:
    """(the stylesheet without what cannot match, how many rules and custom
    properties went)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    tree, dropped = _select(rules, used)
    outside = used.properties
    while True:  # a property only another unused property refers to goes too
        referenced = outside | set(_VAR.findall("".join(_text(tree, keep_all=True))))
        gone = _forget(tree, referenced)
        if not gone:
            break
        dropped += gone
    return "".join(_text(tree)), dropped


def _select(rules, used: Used) -> tuple[list, int]:
    """The rules that can match, as [selectors, declarations] and
    [at-rule head, rules] lists (raw text for other at-rules)."""
    kept, dropped = [], 0
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split(tinycss2.serialize(rule.prelude)) if _possible(s, used)]
            if selectors:
                body = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
                declarations = [tinycss2.serialize([d]).rstrip(";") for d in body if d.type != "error"]
                kept.append([",".join(selectors), declarations])
            else:
                dropped += 1
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPS and rule.content is not None:
            inner, gone = _select(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                 skip_whitespace=True), used)
            dropped += gone
            if inner:
                kept.append(["@" + rule.at_keyword + tinycss2.serialize(rule.prelude), inner])
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
        # parse errors are left out: the browser drops them too
    return kept, dropped


def _forget(tree: list, referenced: set[str]) -> int:
    """Drop custom property declarations nothing refers to; count them."""
    gone = 0
    for item in tree:
        if isinstance(item, str):
            continue
        head, body = item
        if head.startswith("@"):
            gone += _forget(body, referenced)
            continue
        keep = [d for d in body if not d.startswith("--") or d.split(":", 1)[0].strip() in referenced]
        gone += len(body) - len(keep)
        item[1] = keep
    return gone


def _text(tree: list, keep_all: bool = False) -> list[str]:
    out = []
    for item in tree:
        if isinstance(item, str):
            out.append(item)
            continue
        head, body = item
        if head.startswith("@"):
            inner = _text(body, keep_all)
            if inner or keep_all:
                out.append(head + "{" + "".join(inner) + "}")
        elif body or keep_all:
            out.append(head + "{" + ";".join(body) + "}")
    return out


def _possible(selector: str, used: Used) -> bool:
    plain = _without_functions(selector)
    if not all(used.has_class(name) for name in _CLASS.findall(plain)):
        return False
    return all(value in used.values.get(attr, ()) for attr, value in _VALUE.findall(plain))


def _without_functions(selector: str) -> str:
    """The selector without the argument of each :not() / :is() / ... ."""
    out, at = [], 0
    for match in _FUNC.finditer(selector):
        if match.start() < at:
            continue
        out.append(selector[at:match.start()])
        depth, at = 1, match.end()
        while depth and at < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[at], 0)
            at += 1
    return "".join(out) + selector[at:]


def _split(selectors: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(selectors):
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        if ch == "," and depth == 0:
            parts.append(selectors[start:i].strip())
            start = i + 1
    parts.append(selectors[start:].strip())
    return [p for p in parts if p]
