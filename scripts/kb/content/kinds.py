"""The content kinds, once: what each is called, where its files live and
where it is listed. Every walk over the items goes through each_item()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str      # case, course, handbook, programme
    word: str      # what organisers and readers call it
    folder: str    # where its files live (and its pages)
    field: str     # the Collection attribute that holds the public items


KINDS = {
    "case": Kind("case", "案例", "cases", "cases"),
    "course": Kind("course", "课程", "courses", "courses"),
    "handbook": Kind("handbook", "手册", "handbooks", "handbooks"),
    "programme": Kind("programme", "培训项目", "", "programme"),
}
LISTED = ("case", "course", "handbook")  # kinds with a folder of items and an index page


def word(kind: str) -> str:
    return KINDS[kind].word


def each_item(col, kinds=tuple(KINDS), private: bool = False):
    """(kind, item) for every public item of these kinds, in kind order;
    private: the private ones too (validated, never published)."""
    for name in kinds:
        held = getattr(col, KINDS[name].field)
        if isinstance(held, dict):
            yield from ((name, item) for item in held.values())
        elif held is not None:
            yield name, held
    if private:
        yield from ((kind, item) for (kind, _), item in col.private.items() if kind in kinds)
