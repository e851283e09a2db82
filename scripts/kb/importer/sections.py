"""The Markdown blocks of a Word file as case.md: a title, then ## 开篇 / 背景 / 做法 / 成效 / 启示.

A heading whose words are one of the five sections (or a close synonym such
as 主要做法, 基本情况, 经验启示; with or without 一、 or （二）) opens that
section; so does a paragraph of those words alone (many Word files use no
heading styles). Every other heading is kept one level below the sections
(### or deeper), since case.md allows only those five ## headings.
Nothing is moved silently: text before the first section, a section met twice
or out of order, and sections the document lacks are all reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.content.limits import LABEL
from kb.content.narrative import SECTIONS
from kb.importer.html_markdown import Block

SYNONYMS = {
    "开篇": ("开篇", "引言", "导语", "引子", "导入", "案例导入", "开头", "序言", "前言", "案例引言"),
    "背景": ("背景", "案例背景", "背景介绍", "背景情况", "基本情况", "基本概况", "概况", "概述", "村情", "村情概况",
           "村情简介", "简介", "情况介绍", "案例简介"),
    "做法": ("做法", "主要做法", "具体做法", "经验做法", "工作做法", "典型做法", "措施", "主要措施", "具体措施",
           "举措", "主要举措", "实施过程", "工作过程", "过程", "改革举措"),
    "成效": ("成效", "主要成效", "取得成效", "工作成效", "改革成效", "成果", "主要成果", "效果", "取得效果", "成绩", "结果"),
    "启示": ("启示", "经验启示", "经验与启示", "经验和启示", "几点启示", "主要启示", "启发", "体会", "经验", "思考",
           "反思", "经验总结", "总结", "点评", "案例点评"),
}
WORD_OF = {word: section for section, words in SYNONYMS.items() for word in words}
_NUMBER = "一二三四五六七八九十百零〇两"
_PREFIX = re.compile(rf"^(?:第[{_NUMBER}\d]+(?:部分|章|节|篇)?|[（(]?[{_NUMBER}\d]{{1,3}}[)）]|[{_NUMBER}]{{1,3}}(?=[、.．，,\s])|"
                     rf"\d{{1,3}}(?:[.．]\d{{1,3}})*|[A-Za-z](?=[、.．)）]))[、.．:：，,)）\s]*")
_TRIM = "：:。.、，,；;！!？?—–-~～·•●■□◆【】[]「」『』“”\"'《》()（） \u3000"


def section_of(text: str, heading: bool) -> str | None:
    """The section a heading (or a paragraph standing alone) names, if any."""
    words = _PREFIX.sub("", text.strip(_TRIM), count=1).strip(_TRIM)
    words = re.sub(r"\s+", "", words)
    if words in WORD_OF:
        return WORD_OF[words]
    if heading and len(words) <= 8:  # 大坝村的做法, 背景与起因: a short heading about one section
        named = {s for s in SECTIONS if s in words}
        if len(named) == 1:
            return named.pop()
    return None


@dataclass
class Narrative:
    title: str | None              # None: the document gave none
    markdown: str                  # case.md
    report: list[str] = field(default_factory=list)


def _title(blocks: list[Block]) -> tuple[int | None, str, str | None]:
    """(index of the title block, its text, a report line) from Word's Title
    style, else the first heading, else a first paragraph bold from end to end."""
    for i, b in enumerate(blocks):
        if b.kind == "title" and b.plain:
            return i, b.plain, None
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first is not None and section_of(blocks[first].plain, True) is None:
        return first, blocks[first].plain, None
    if blocks and blocks[0].kind == "para" and blocks[0].bold and len(blocks[0].plain) <= 60 \
            and section_of(blocks[0].plain, False) is None:
        return 0, blocks[0].plain, (f"文档没有用「标题」样式：把加粗的第一段「{blocks[0].plain}」当作案例标题，"
                                    "请核对 case.yml 的 title")
    return None, "", None


def _heading(level: int, text: str) -> str:
    # A closing # would be read as the heading's end mark: escape it.
    return "#" * level + " " + re.sub(r"#+$", lambda m: "\\" + m.group(0), text)


def build(blocks: list[Block]) -> Narrative:
    """case.md from the converted blocks; the title block is taken out."""
    index, title, note = _title(blocks)
    report = [note] if note else []
    if title and len(title) > LABEL:
        report.append(f"文档标题有 {len(title)} 个字，超过案例标题的上限 {LABEL} 个字：已截短，请在 case.yml 的 title 里改写")
        title = title[:LABEL].rstrip()
    body = [b for i, b in enumerate(blocks) if i != index]
    parts: dict[str, list[str]] = {s: [] for s in SECTIONS}
    current, level_of_sections = "开篇", 1
    opened: list[str] = []         # the sections the document named, in order
    leading = 0                    # blocks before the first section heading
    demoted: list[str] = []
    last_kind = ""
    for b in body:
        previous, last_kind = last_kind, b.kind
        named = section_of(b.plain, b.kind in ("heading", "title")) if b.kind in ("heading", "title", "para") else None
        if b.kind == "para" and named and len(b.plain) > 20:
            named = None           # a sentence that happens to say 总结, not a heading
        if named:
            later = not opened or SECTIONS.index(named) > SECTIONS.index(current)
            if named not in opened and later:
                opened.append(named)
                current = named
                level_of_sections = b.level or 1
                continue
            demoted.append(b.plain)
            parts[current].append(_heading(3, b.markdown if b.kind != "para" else b.markdown.strip("*")))
            continue
        if not opened:
            leading += 1
        if b.kind in ("heading", "title"):
            depth = min(6, max(3, b.level - level_of_sections + 2))
            parts[current].append(_heading(depth, b.markdown))
        else:
            if b.kind == "list" and previous == "list" and parts[current]:
                # Two lists in a row would be read as one (bullets and numbers mixed): a comment parts them.
                parts[current].append("<!-- -->")
            parts[current].append(b.markdown)
    if leading and opened:
        report.append(f"文档在第一个章节标题之前的 {leading} 段内容暂放在「开篇」下："
                      "请核对（开篇写决策时刻），或移到合适的章节")
    elif leading:
        report.append(f"文档里没有认出 {' / '.join(SECTIONS)} 这些章节标题：全文 {leading} 段暂放在「开篇」下，"
                      "请分到各节")
    if demoted:
        report.append(f"这些标题的章节已经出现过，或顺序不对（应为 {' / '.join(SECTIONS)}）："
                      f"{'、'.join(f'「{d}」' for d in demoted)}，已改为小标题（###），请核对")
    missing = [s for s in SECTIONS if not parts[s]]
    if missing:
        hint = "（来源太少写不成开篇的，删去开篇，并在 case.yml 写 kind: 案例素材）" if "开篇" in missing else ""
        report.append(f"文档里没有这几节的内容：{'、'.join(missing)}。case.md 里留了空的章节标题，请补写{hint}")
    text = "\n\n".join(f"## {s}" + ("\n\n" + "\n\n".join(parts[s]) if parts[s] else "") for s in SECTIONS)
    return Narrative(title or None, text + "\n", report)
