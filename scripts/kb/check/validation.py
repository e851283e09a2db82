"""Cross-reference checks a schema cannot express, and the validate() entry.

A case can cite a source, a course can list a case as reading, a handbook can
order cases into chapters: every such id must exist.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kb.render.editorial import check_narrative_cites
from kb.content.errors import ContentError
from kb.content.kinds import KINDS, LISTED, each_item
from kb.render.glossary import check_glossary
from kb.content.loading import Collection, Item, load_collection
from kb.content.model_errors import field_label, model_in
from kb.check.attachments import check_item_files
from kb.check.cite_marks import check_cite_marks
from kb.check.content_checks import item_problems
from kb.check.teaching_checks import check_teaching, teaching_notes
from kb.render.placeholders import check_docs
from kb.check.front_matter import check_docs as check_docs_files
from kb.check.style import check_style, glossary_variants
from kb.render.pages import RESERVED_IDS


# Field names that hold ids, and what the ids name.
REF_KINDS = {"source": "source", "sources": "source", "related_courses": "course",
             "courses": "course", "handbooks": "handbook", "cases": "case",
             "related_cases": "case", "before_class": "case", "after_class": "case"}


@functools.cache
def _plan(model_class) -> tuple[tuple[str, str | None], ...]:
    """The fields of a model class worth visiting: (name, kind) for id fields,
    (name, None) for nested models; the rest hold no references."""
    plan = []
    for name, info in model_class.model_fields.items():
        if name in REF_KINDS:
            plan.append((name, REF_KINDS[name]))
        elif model_in(info.annotation):
            plan.append((name, None))
    return tuple(plan)


def _refs(model, path: tuple = ()):
    """Yield (field path, id, kind) for every reference inside a model."""
    for name, kind in _plan(type(model)):
        value = getattr(model, name)
        here = path + (name,)
        if kind and isinstance(value, str):
            yield here, value, kind
        elif kind and value is not None:  # an optional id left out
            for i, v in enumerate(value):
                yield here + (i,), v, kind
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from _refs(v, here + (i,))
        elif value is not None:
            yield from _refs(value, here)


KIND_NAMES = {"source": ("来源", "sources.yml"),
              **{kind: (KINDS[kind].word, KINDS[kind].folder + "/") for kind in LISTED}}


def all_refs(col: Collection) -> list[tuple[Item, tuple, str, str]]:
    """(item, field path, id, kind) for every reference, private items included."""
    items: list[Item] = [item for _, item in each_item(col, private=True)]
    if col.glossary:
        items.append(col.glossary)
    items += teaching_notes(col)  # their courses
    return [(item, path, ref, kind) for item in items for path, ref, kind in _refs(item.model)]


def check_references(col: Collection, refs) -> list[ContentError]:
    known = {"source": set(col.sources), **col.present}
    # One misspelt id is often pasted many times: one message per file and
    # id, at its first use, listing the other lines (not 19 identical lines).
    found: dict[tuple, list] = {}
    for item, path, ref, kind in refs:
        if ref in known[kind] or (kind == "source" and not col.sources_loaded):
            continue
        found.setdefault((item.path, kind, ref), []).append((item.line_of.get(path, (1, 1)), path))
    errors = []
    for (shown, kind, ref), uses in found.items():
        name, where = KIND_NAMES[kind]
        uses.sort(key=lambda use: use[0])
        (line, col_no), path = uses[0]
        others = sorted({use_line for (use_line, _), _ in uses[1:]} - {line})
        also = f"；同一文件第 {'、'.join(map(str, others))} 行也用了它" if others else ""
        errors.append(ContentError(shown, line, col_no,
                                   f"字段「{field_label(path)}」引用的{name}「{ref}」不存在（请检查 {where} 中的 id 拼写）{also}"))
    return errors


def check_reserved_ids(col: Collection) -> list[ContentError]:
    """Index pages sit beside the items: no item may take their names."""
    errors = []
    for _, item in each_item(col, LISTED, private=True):
        item_id = item.model.id
        if item_id in RESERVED_IDS:
            line, column = item.line_of.get(("id",), (1, 1))
            errors.append(ContentError(item.path, line, column,
                                       f"id「{item_id}」是网站保留的名字（{'、'.join(sorted(RESERVED_IDS))}），请换一个"))
    return errors


def validate(root: Path) -> tuple[Collection, list[ContentError]]:
    """Load everything and run every check; errors sorted by file and line."""
    col, errors = load_collection(root)
    refs = all_refs(col)
    errors += check_references(col, refs) + check_reserved_ids(col) + item_problems(col, refs) + check_item_files(col)
    errors += check_docs(root)
    errors += check_docs_files(root)
    errors += check_narrative_cites(col)  # [@id] in case.md
    errors += check_cite_marks(root)  # 【@id】: a citation typed in full-width brackets
    errors += check_glossary(col.glossary)
    errors += check_teaching(col)
    errors += check_style(root, glossary_variants(col.glossary))  # quotation marks, spaces, one term per thing
    return col, sorted(set(errors))
