"""The house style, as warnings at path:line:col (the editor's style sheet:
README 「编辑体例」):

- quotation marks “” and ‘’ (GB/T 15834—2011, horizontal text), not 「」 『』
  or straight quotes around Chinese;
- no space after full-width punctuation inside a line (「调整。 19 项」);
- full-width punctuation in source titles (the words of a title never change);
- one term for each thing: a glossary alias is another writing of its term,
  and running text uses the term (a variant quoted from a source, inside “”
  or 《》, is fine).

Verbatim quotations (quotes: text) are the source's words and are not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.content.errors import ContentError, warning
from kb.content.collection import YAML_LIMIT
from kb.content.textfile import TextFile

CONTENT_FILES = ("cases/*/case.yml", "cases/*/case.md", "cases/*/teaching.md", "courses/*.yml",
                 "handbooks/*/*.yml", "handbooks/*/*.md", "programme.yml", "glossary.yml", "intros.yml")
# YAML keys whose values are not running text: ids, addresses, file names,
# verbatim quotations, and the glossary's own list of writings.
NOT_TEXT = re.compile(r"^\s*(?:-\s+)?(?:id|url|source|sources|text|term|aliases|courses|cases|readings|"
                      r"before_class|after_class|related_courses|related_cases|preface|afterword):")
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CORNER = re.compile("[「」『』]")
SPACE_AFTER = re.compile(r"[。，、；：！？）》”’][ \t]+(?=\S)")
# A straight quote touching a Chinese character, not one that opens or closes a YAML value.
STRAIGHT = re.compile(rf'(?<=[{CJK}])"(?!\s*(?:$|[,\]}}]))|(?<![:\[{{,]\s)(?<![:\[{{,])(?<!^)(?<!-\s)"(?=[{CJK}])', re.M)
HALF_IN_TITLE = re.compile(rf'(?<=[{CJK}])[:,;?!](?=\s*[{CJK}])|"')
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|《[^》]*》|「[^」]*」|『[^』]*』|`[^`]*`")


def check_style(root: Path, variants: dict[str, str]) -> list[ContentError]:
    """variants: another writing -> the term the site writes (the glossary's aliases)."""
    problems = []
    for pattern in CONTENT_FILES:
        for path in sorted(root.glob(pattern)):
            problems += _check_file(path, root, variants)
    problems += _check_source_titles(root / "sources.yml", root)
    return problems


def _lines(path: Path, root: Path):
    # Read as the loader reads (no links, FIFOs, devices or huge files); what
    # it refuses, it reports.
    file, _ = TextFile.read(path, root, limit=YAML_LIMIT)
    if file is None:
        return
    in_fence = False
    for number, line in enumerate(file.text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        yield number, line


def _value_part(line: str, yaml: bool) -> tuple[int, str]:
    """(offset, text) of the part of a line that is running text; (0, '') if none."""
    if not yaml:
        return 0, line
    if line.lstrip().startswith("#") or NOT_TEXT.match(line):
        return 0, ""
    comment = re.search(r"\s#\s", line)
    return 0, line[:comment.start()] if comment else line


def _check_file(path: Path, root: Path, variants: dict[str, str]) -> list[ContentError]:
    yaml, shown = path.suffix == ".yml", path.relative_to(root).as_posix()
    problems = []
    for number, line in _lines(path, root):
        offset, text = _value_part(line, yaml)
        if not text.strip():
            continue
        if m := CORNER.search(text):
            problems.append(warning(shown, number, offset + m.start() + 1,
                                    f"引号「{m.group(0)}」：本站按 GB/T 15834 用“”（引号里再引用‘’），请改成“”或‘’"))
        if m := STRAIGHT.search(text):
            problems.append(warning(shown, number, offset + m.start() + 1,
                                    "中文里的英文直引号「\"」：请改成中文引号“”（引号里再引用‘’）"))
        if m := SPACE_AFTER.search(text):
            problems.append(warning(shown, number, offset + m.start() + 2,
                                    f"全角标点「{m.group(0)[0]}」后面有空格：网页上会显示成空白，请删去这个空格"))
        problems += _variant_uses(shown, number, text, offset, variants)
    return problems


def _variant_uses(shown: str, number: int, text: str, offset: int, variants: dict[str, str]) -> list[ContentError]:
    if not variants:
        return []
    quoted = [m.span() for m in QUOTED.finditer(text)]
    problems = []
    for m in _variant_pattern(tuple(sorted(variants, key=len, reverse=True))).finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue  # quoted from a source
        term = variants[m.group(0)]
        if text.startswith(term, m.start()) or _inside_term(text, m.start(), term):
            continue
        problems.append(warning(shown, number, offset + m.start() + 1,
                                f"「{m.group(0)}」是「{term}」的另一种写法（见术语表）：本站统一写作「{term}」；"
                                "照录来源原文时请加引号“”"))
    return problems


def _inside_term(text: str, at: int, term: str) -> bool:
    """支书 inside 党支部书记 is no variant: the term itself covers the match."""
    start = text.rfind(term, max(0, at - len(term)), at + len(term))
    return start != -1 and start <= at < start + len(term)


_PATTERNS: dict[tuple, re.Pattern] = {}


def _variant_pattern(names: tuple) -> re.Pattern:
    if names not in _PATTERNS:
        _PATTERNS[names] = re.compile("|".join(re.escape(n) for n in names))
    return _PATTERNS[names]


def _check_source_titles(path: Path, root: Path) -> list[ContentError]:
    problems = []
    for number, line in _lines(path, root) if path.exists() else ():
        m = re.match(r"^(\s*(?:-\s+)?title:\s*)(['\"]?)(.*?)\2\s*$", line)
        if not m:
            continue
        title, start = m.group(3), len(m.group(1)) + len(m.group(2))
        if bad := HALF_IN_TITLE.search(title.replace('\\"', '"')):
            problems.append(warning("sources.yml", number, start + bad.start() + 1,
                                    f"标题里的半角标点「{bad.group(0)}」：标题的文字照原文，标点按本站体例用全角"
                                    "（：，；？！，引号用“”‘’）"))
        if CORNER.search(title):
            problems.append(warning("sources.yml", number, start + 1, "标题里的引号请用“”‘’"))
    return problems


def glossary_variants(glossary_item) -> dict[str, str]:
    if glossary_item is None:
        return {}
    return {alias: term.term for term in glossary_item.model.terms for alias in term.aliases if alias != term.term}
