"""import_docx(): a Word file becomes a draft case, cases/<id>/ (make import, kb-import, the editing desk).

case.md gets the document's text under the five sections, the pictures lie
beside it, and case.yml is the same draft skeleton make new-case writes, with
the document's title: place, sources, summary and the rest are not in a Word
file in a form that can be read without guessing, so they stay empty or
待补充 for the organiser. What could not be carried over is returned as
Chinese report lines; a file that cannot be imported raises ImportFailed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from kb.cli.new_item import CASE_HEADER, KINDS, TEACHING, skeleton
from kb.content.collection import MARKDOWN_LIMIT, load_model
from kb.content.models import SourceList
from kb.importer.docx_read import read_docx
from kb.importer.failed import ImportFailed
from kb.importer.features import dropped_features
from kb.importer.html_markdown import Converter
from kb.importer.md_text import TextCleaner, without_invisible
from kb.importer.messages import translate
from kb.importer.naming import chosen_id, derived_id
from kb.importer.pictures import prepare
from kb.importer.sections import build
from kb.importer.writing import write_case

NO_TITLE = "待补充"


@dataclass
class ImportResult:
    case_id: str
    title: str
    files: list[str] = field(default_factory=list)   # written, relative to the project root: cases/<id>/case.md, ...
    report: list[str] = field(default_factory=list)  # Chinese: what could not be carried over, and what to check


def _header(file_name: str) -> str:
    # The file name goes into a YAML comment that skeleton() formats: one line, braces doubled.
    name = " ".join(file_name.split()).replace("{", "{{").replace("}", "}}") or "Word 文件"
    return CASE_HEADER.replace("由 make new-case 生成的草稿骨架", f"由 make import 从「{name}」转换的草稿", 1)


def _known_sources(root: Path) -> set[str]:
    if not (root / "sources.yml").is_file():
        return set()
    sources, _, _ = load_model(root / "sources.yml", root, SourceList)
    return {s.id for s in sources.sources} if sources else set()


def _title(found: str | None, file_name: str, report: list[str]) -> str:
    if found:
        return found
    stem = " ".join(without_invisible(PurePath(file_name.replace("\\", "/")).stem).split())[:100] if file_name else ""
    if stem:
        report.insert(0, f"文档里没有标题（「标题」样式或一级标题）：暂用文件名「{stem}」作案例标题，请在 case.yml 的 title 里改写")
        return stem
    report.insert(0, f"文档里没有标题：case.yml 的 title 暂写「{NO_TITLE}」，请补上")
    return NO_TITLE


def import_docx(data: bytes, root: Path, case_id: str | None = None, file_name: str = "") -> ImportResult:
    """Turn a .docx (its bytes) into the draft case cases/<id>/ under root.

    case_id: the id to use (refused when taken or not a legal id); None or ""
    derives one from file_name (pinyin), made unique. Raises ImportFailed
    (a Chinese message naming the file) and then writes nothing."""
    root = Path(root).resolve()
    shown = PurePath(file_name.replace("\\", "/")).name if file_name else "上传的文件"
    if case_id:
        chosen_id(root, case_id, "", shown)  # a bad or taken id fails before the file is read
    content = read_docx(data, shown)
    cleaner = TextCleaner(_known_sources(root))
    try:
        pictures, picture_report = prepare(content.images)
        converter = Converter(cleaner, pictures)
        narrative = build(converter.convert(content.html))
    except RecursionError:
        raise ImportFailed(f"「{shown}」里的表格或列表套得太深（几百层），无法转换：文件多半已损坏，"
                           "请在 Word 里检查后重新保存") from None
    except Exception as exc:  # a document unlike any met so far: the organiser gets a sentence, not a traceback
        raise ImportFailed(f"「{shown}」转换时出了意外的错误（{type(exc).__name__}），没有写入任何文件："
                           "请把这个 Word 文件交给维护本站的同事") from exc

    report = narrative.report + converter.report + dropped_features(content.package) + translate(content.messages)
    report += picture_report
    if cleaner.unknown_cites:
        report.append(f"这些像来源引用的文字不是 sources.yml 里的来源，已作为普通文字保留：{'、'.join(cleaner.unknown_cites[:5])}"
                      "。请在 sources.yml 里添加来源，再写成 [@来源id]")
    if cleaner.removed:
        report.append(f"删去了 {cleaner.removed} 个看不见的字符（控制字符、零宽空格等，常见于从网页复制的文字）")
    title = _title(narrative.title, file_name, report)
    case_id = chosen_id(root, case_id, title, shown) if case_id else derived_id(root, file_name, title)

    markdown = narrative.markdown.encode("utf-8")
    if len(markdown) > MARKDOWN_LIMIT:
        raise ImportFailed(f"「{shown}」的正文转换后有 {len(markdown) // 1024} KB，超过 case.md 的上限 "
                           f"{MARKDOWN_LIMIT // 1024} KB：请把文档拆成几个案例，或删去与案例无关的部分")
    kind = dataclasses.replace(KINDS["case"], header=_header(shown))
    files = {"case.yml": skeleton(kind, case_id, title, None).encode("utf-8"), "case.md": markdown,
             "teaching.md": TEACHING.encode("utf-8")}
    for picture in pictures:
        if picture:
            files.setdefault(picture.name, picture.data)
    written = write_case(root, case_id, files, shown, cleaner.sources)
    return ImportResult(case_id, title, written, report)
