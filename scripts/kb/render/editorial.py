"""Who says it: the sources, or the site's editors.

A case's narrative (case.md) cites a source inline as [@source-id]; the page
turns it into the same numbered citation the YAML facts get. A sentence with
no citation is the editors' own (启示 says so at its top). Teaching material
the editors wrote (discussion questions, learning points, objectives, reading
lists) is labelled, so no reader takes it for something a source said.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.content.errors import ContentError
from kb.content.textfile import TextFile

CITE = re.compile(r"\[@([^\[\]\s]*)\]")
CITE_HELP = "在 case.md 或文字字段里引用来源写成 [@来源id]，例如 [@dangyuanwang-2020]（来源 id 见 sources.yml）"

EDITORS = "（编者）"
EDITORS_NOTE = "*以下为本站编者的教学建议，并非来源内容。*"
READINGS_NOTE = "*以下案例由本站编者选配，并非来源所列的培训书目。*"
ANALYSIS_NOTE = "*注有来源编号（如 [1]）的句子出自所注来源；其余是本站编者的分析和教学建议，并非来源内容。*"
INSIGHT_NOTE = "*注有来源编号（如 [1]）的句子出自所注来源；没有编号的是本站编者的归纳和看法，并非来源内容。*"


def uncited(text: str) -> str:
    """The text without its [@id] marks: for places that print no source list
    (the case list's one line, a handbook's case summary)."""
    return CITE.sub("", text)


def cite_text(text: str, cite) -> str:
    """[@id] -> the page's numbered citation; an unknown id is left as written
    (the validator has already reported it)."""
    return CITE.sub(lambda m: cite.cite(m.group(1)) if m.group(1) in cite.sources else m.group(0), text)


# A folded YAML line break becomes a space; between two Chinese characters or
# full-width marks it is a visible gap no Chinese writer means.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def esc_cited(text: str, cite, esc) -> str:
    """YAML text shown as written (esc), its [@id] turned into citations."""
    text = _CJK_GAP.sub("", text)
    out, last = [], 0
    for m in CITE.finditer(text):
        out.append(esc(text[last:m.start()]) if text[last:m.start()].strip() else "")
        out.append(cite.cite(m.group(1)) if m.group(1) in cite.sources else esc(m.group(0)))
        last = m.end()
    out.append(esc(text[last:]) if text[last:].strip() else "")
    return "".join(out)


def _files(col):
    """The shown paths of every content file that may hold [@id]."""
    items = [*col.cases.values(), *col.courses.values(), *col.handbooks.values()]
    items += [col.programme] if col.programme else []
    for item in items:
        yield Path(item.path)
    for item in col.cases.values():
        yield Path(item.path).parent / "case.md"
        if item.teaching:
            yield Path(item.teaching.path)
    for item in col.handbooks.values():  # the handbook's own Markdown files
        for name in item.texts:
            yield Path(item.folder) / name


def check_narrative_cites(col) -> list[ContentError]:
    """Every [@id] in case.md, teaching.md, a handbook's text or a YAML text names a source in sources.yml."""
    if not col.sources_loaded:
        return []
    errors = []
    for shown in _files(col):
        # The safe, bounded reader: a case.md that is a symlink, a FIFO or
        # 2 GB is reported by the loader and never read here.
        file, _ = TextFile.read(col.root / shown, col.root, limit=512 * 1024)
        if file is None:
            continue
        text = file.text
        for number, line in enumerate(text.splitlines(), start=1):
            for m in CITE.finditer(line):
                if m.group(1) not in col.sources:
                    errors.append(ContentError(shown.as_posix(), number, m.start() + 1,
                                               f"引用的来源「{m.group(1)}」不存在（请检查 sources.yml 中的 id 拼写）。{CITE_HELP}"))
    return errors
