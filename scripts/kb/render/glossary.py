"""The glossary (glossary.yml): terms trainees meet without explanation
(三变, 2+1, 头雁 ...), each explained only as far as a source does; a term no
source explains says 待补充. It gives the 术语 page and a tooltip on every use
of a term on every page (kb.typeset inserts <abbr title>, which Material's
content.tooltips shows; no network needed)."""

from __future__ import annotations

import html
import re
from kb.content.errors import ContentError, warning
from kb.render.facets import by_pinyin
from kb.render.markdown import TODO, Citations, esc, front_matter
from kb.content.glossary import Term
from kb.finish.typeset import unfold

PAGE = "glossary.md"


def check_glossary(item) -> list[ContentError]:
    """What a schema cannot say: each term once; an explanation names its source."""
    if item is None:
        return []
    problems, seen = [], {}
    for i, term in enumerate(item.model.terms):
        line, col = item.line_of.get(("terms", i, "term"), (1, 1))
        for name in [term.term, *term.aliases]:
            if name in seen:
                problems.append(ContentError(item.path, line, col, f"术语「{name}」重复：第 {seen[name] + 1} 条已经写过"))
            seen.setdefault(name, i)
        if (term.explanation or term.note) and not term.sources:
            problems.append(ContentError(item.path, line, col,
                                         f"术语「{term.term}」有解释或说明，但没有注明来源：请在 sources 里写来源 id；"
                                         "来源没有解释的，删去 explanation，网站会显示「待补充」"))
        if term.sources and not (term.explanation or term.note):
            problems.append(warning(item.path, line, col, f"术语「{term.term}」写了来源，但没有解释也没有说明"))
    return problems


def tooltip(term: Term) -> str:
    text = unfold(term.explanation) if term.explanation else "含义待补充：本站所据来源没有解释。"
    return f"{term.term}：{text}" + (f"（{unfold(term.note)}）" if term.note else "")


def tooltip_titles(item) -> dict[str, str]:
    """Each name of each term (aliases too) -> its tooltip text."""
    if item is None:
        return {}
    # A term kept only for the house style (usage, no explanation or note) has nothing to tell a reader.
    return {name: tooltip(term) for term in item.model.terms if term.explanation or term.note
            for name in (term.term, *term.aliases)}


def tooltips(item):
    """A function adding <abbr title> to every use of a term in a text between
    tags (longest term first: 民心党建 before 三社 inside it); None when there
    is no glossary."""
    return tooltip_replacer(tooltip_titles(item))


_NUMERIC_EDGE = "0-9+＋"


def _bounded(name: str) -> str:
    before = rf"(?<![{_NUMERIC_EDGE}])" if re.match(rf"[{_NUMERIC_EDGE}]", name) else ""
    after = rf"(?![{_NUMERIC_EDGE}])" if re.search(rf"[{_NUMERIC_EDGE}]$", name) else ""
    return before + re.escape(name) + after


def tooltip_replacer(texts: dict[str, str]):
    """The replacer for term -> tooltip text (the stage hands these to the finish pass)."""
    if not texts:
        return None
    titles = {html.escape(name, quote=False): html.escape(text, quote=True) for name, text in texts.items()}
    names = sorted(titles, key=len, reverse=True)
    # 2+1 is not inside 12+1 or 2+10: a term that starts or ends with a digit
    # or + must not continue one. Any other term may sit anywhere, 民心党建
    # inside 「民心党建+」 too.
    pattern = re.compile("|".join(_bounded(name) for name in names))
    return lambda text: pattern.sub(lambda m: f'<abbr title="{titles[m.group(0)]}">{m.group(0)}</abbr>', text)


def term_anchors(terms: list) -> dict[str, str]:
    """Term -> its entry's id: pinyin (三变 -> sanbian), short and the same on
    every engine (the engines' own heading ids differ for odd characters)."""
    from pypinyin import lazy_pinyin

    out: dict[str, str] = {}
    for term in terms:
        base = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(term.term)).lower()).strip("-") or "term"
        name, n = base, 2
        while name in out.values():
            name, n = f"{base}-{n}", n + 1
        out[term.term] = name
    return out


def _index(terms: list, anchors: dict[str, str]) -> list[str]:
    """A list of the terms to jump from, grouped by the first letter of their
    pinyin (a long glossary is many screens on a phone)."""
    if len(terms) < 2:
        return []
    groups: dict[str, list[str]] = {}
    for term in terms:
        letter = anchors[term.term][:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append(f"[{esc(term.term)}](#{anchors[term.term]})")
    rows = [f"- **{letter}**：{' · '.join(links)}" for letter, links in groups.items()]
    return ['<nav class="kb-glossary-index" aria-label="术语索引" markdown="1">', "", *rows, "", "</nav>", ""]


def render_glossary(item, sources: dict) -> str:
    cite = Citations(sources)
    out = [front_matter("术语"), "# 术语", "",
           "培训材料里常见、却很少解释的说法。解释只写来源说明了的内容；来源没有解释的标为“待补充”。"
           "在本站任何页面上，把鼠标停在（或在手机上点一下）带虚线的术语上，就能看到这里的解释。"
           "“也写作”列出同一事物的其他写法：本站正文统一用词条的写法，其他写法只在照录来源时出现。", ""]
    terms = item.model.terms if item else []
    if not terms:
        out += [f"术语表{TODO}（glossary.yml）。", ""]
    ordered = by_pinyin(list(terms), key=lambda t: t.term)
    anchors = term_anchors(ordered)
    out += _index(ordered, anchors)
    for term in ordered:
        refs = " ".join(cite.cite(s) for s in term.sources if s in sources)
        out += [f"## {esc(term.term)} {{: #{anchors[term.term]} }}", ""]
        if term.aliases:
            out += [f"也写作：{'、'.join(esc(a) for a in term.aliases)}", ""]
        if term.explanation or term.note or not term.usage:  # a house-style entry explains nothing
            out += [(esc(unfold(term.explanation)) if term.explanation else f"含义{TODO}：本站所据来源没有解释。")
                    + (f" {refs}" if refs and term.explanation else ""), ""]
        if term.note:
            out += [f"说明：{esc(unfold(term.note))}" + (f" {refs}" if refs and not term.explanation else ""), ""]
        if term.usage:
            out += [f"本站写法（编者）：{esc(unfold(term.usage))}", ""]
    return "\n".join(out + [cite.section()])
