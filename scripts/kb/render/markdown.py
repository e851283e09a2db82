"""Small Markdown helpers shared by the page renderers."""

from __future__ import annotations

import json
import re

from kb.content.models import Source
from kb.content.when import show_when

TODO = '<span class="kb-todo">待补充</span>'
DRAFT_NOTE = '!!! warning kb-draft "草稿：部分内容待补充"\n\n    来源没有说明的信息在本页标为“待补充”。请勿把空缺处当作事实引用。\n'

# Text from YAML is text: HTML specials become entities (so no tag, no
# attribute, no entity trick); Markdown specials get a backslash (so no link,
# emphasis, code span, table cell or attr_list `{: ...}`); `~` and a leading
# `?` have no Markdown escape, so they become entities too (no fence, no
# `??? details`). A line start could open a block: `- `, `+ `, `1. `, `!!!`.
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "~": "&#126;"}
_SPECIAL = re.compile(r"[&<>\"'~]|([\\`*_\[\]{}#|])")
_BLOCK_START = re.compile(r"^(?:([-+!])|(\d+)([.)])|\?)")
# Python-Markdown marks its placeholders with STX/ETX: control characters
# could forge one, and no text needs them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_one(match: re.Match) -> str:
    return "\\" + match.group(1) if match.group(1) else _HTML_SPECIAL[match.group(0)]


def _escape_start(match: re.Match) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    if match.group(2):
        return match.group(2) + "\\" + match.group(3)
    return "&#63;"


def esc(text: str) -> str:
    """Plain text from YAML, shown as written: no Markdown, no HTML, one line."""
    plain = " ".join(_CONTROL.sub(" ", str(text)).split())
    return _BLOCK_START.sub(_escape_start, _SPECIAL.sub(_escape_one, plain))


def or_todo(value) -> str:
    return esc(value) if value not in (None, "", []) else TODO


def show_date(value: str | None) -> str:
    """A date or a date range (kb/when.py): 2020年10月, 2018年至2020年."""
    return show_when(value) if value else TODO


def show_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}"


def front_matter(title: str, searchable: bool = True, meta: dict | None = None) -> str:
    """meta: extra keys the theme reads (kb_crumbs, kb_prev, kb_next; see
    kb.wayfinding), written as JSON, which is YAML: no value can break out."""
    lines = ["---", f"title: {_yaml_str(title)}"]
    if not searchable:
        lines += ["search:", "  exclude: true"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in (meta or {}).items()]
    return "\n".join(lines + ["---", ""])


def page_head(title: str, status: str, meta: dict | None = None) -> list[str]:
    """Front matter, the title, and the draft warning where it applies."""
    head = [front_matter(title, meta=meta), f"# {esc(title)}", ""]
    return head + [DRAFT_NOTE] if status == "draft" else head


def quotes_block(quotes: list, cite: "Citations", heading: str, anchor: str = "") -> list[str]:
    if not quotes:
        return []
    lines = [f"## {heading}" + (f" {{: #{anchor} }}" if anchor else ""), ""]
    for q in quotes:
        who = esc(q.speaker) + (f"（{esc(q.role)}）" if q.role else "")
        lines += [f"> “{esc(q.text)}”", ">", f"> —— {who} {cite.cite(q.source)}", ""]
    return lines


# PyYAML refuses these characters even inside a quoted string.
_YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_str(text: str) -> str:
    """A JSON string is a YAML string: no title can end the front matter."""
    quoted = json.dumps(" ".join(str(text).split()), ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def bullet_list(items: list[str], empty: str = TODO) -> str:
    return "\n".join(f"- {item}" for item in items) if items else empty


def numbered_list(items: list[str], empty: str = TODO) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1)) if items else empty


class Citations:
    """Numbers the sources a page cites, in first-use order, like footnotes:
    each mark [n] links to its own entry (#src-n), and each entry links back
    to every place that cites it (#ref-n-k)."""

    def __init__(self, sources: dict[str, Source]):
        self.sources = sources
        self.order: list[str] = []
        self.uses: dict[str, int] = {}

    def cite(self, source_id: str) -> str:
        if source_id not in self.order:
            self.order.append(source_id)
        n = self.order.index(source_id) + 1
        k = self.uses[source_id] = self.uses.get(source_id, 0) + 1
        # Raw HTML, not [[n]](#src-n){: #id }: text pasted around a mark can
        # keep attr_list from attaching the id, and an engine's strict link
        # check then stops the build over an anchor content broke.
        return f'<a href="#src-{n}" id="ref-{n}-{k}">[{n}]</a>'

    def section(self, page_sources: list[str] = ()) -> str:
        """The numbered source list; page_sources are cited for the page as a
        whole (listed, with nothing to link back to)."""
        for sid in page_sources:
            if sid not in self.order:
                self.order.append(sid)
        lines = ["## 来源", ""] + ([] if self.order else [f"来源{TODO}。"])  # a draft made by make new-case
        for n, sid in enumerate(self.order, start=1):
            s = self.sources[sid]
            parts = [f"《{esc(s.title)}》" if s.title else esc(s.description)]  # 《》 only around a real title
            parts += [esc(x) for x in (s.author, s.publisher) if x]
            parts.append(show_date(s.date) if s.date else f"日期{TODO}")
            # Printed as text, not a link: no built page points at an outside host.
            # One line about the address: the URL, or the note saying why there
            # is none, or a single 待补充 (never two).
            if s.url:  # a copy on another site is labelled as one (sources.yml: repost)
                parts.append(f"{'转载网址' if s.repost else '网址'}：<code>{esc(s.url)}</code>")  # no backtick can end it
            elif not s.note:
                parts.append(f"网址{TODO}")
            if s.note:
                parts.append(esc(s.note))
            back = " ".join(f'<a href="#ref-{n}-{k}" aria-label="回到正文第 {k} 处引用">↩ {k}</a>'
                            for k in range(1, self.uses.get(sid, 0) + 1))
            lines.append(f'{n}. <span id="src-{n}"></span>' + "，".join(parts) + (f" {back}" if back else ""))
        return "\n".join(lines) + "\n"
