"""The site's field reference (使用说明 › 字段说明), generated from the models.

The same Chinese descriptions feed the editor's hover help (kb/schemas.py)
and the skeletons of make new-case (scripts/new_item.py): a field added to a
model is documented everywhere at once, with its allowed values.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from kb.render.markdown import esc, front_matter
from kb.content.models import SLUG_PATTERN, Case, Course, Handbook, Intros, Programme, SourceList
from kb.content.synonyms import Synonyms
from kb.content.teaching import TeachingNote
from kb.content.when import parse_date, parse_when

FILES = [
    ("案例", "cases/<id>/case.yml", Case),
    ("教学说明（只在教师版里）", "cases/<id>/teaching.md 开头 --- 之间", TeachingNote),
    ("课程", "courses/<id>.yml", Course),
    ("培训手册", "handbooks/<id>/handbook.yml", Handbook),
    ("培训项目", "programme.yml", Programme),
    ("来源", "sources.yml", SourceList),
    ("栏目导语", "intros.yml", Intros),
    ("搜索同义词", "synonyms.yml", Synonyms),
]


def _from_meta(meta) -> str | None:
    for m in meta:
        if isinstance(m, BeforeValidator) and m.func is parse_when:
            return "日期或时间段"
        if isinstance(m, BeforeValidator) and m.func is parse_date:
            return "日期"
        if getattr(m, "pattern", None) == SLUG_PATTERN:
            return "id"
    return None


def _type(annotation, meta=()) -> tuple[str, list[str], list[type]]:
    """(type in Chinese, allowed values, nested models) of an annotation."""
    found = _from_meta(meta)
    if found:
        return found, [], []
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], annotation.__metadata__)
    if origin is typing.Literal:
        return "下列之一", [str(a) for a in args], []
    if origin is list:
        inner, values, models = _type(args[0])
        if models:
            return f"列表（每项见「{_title(models[0])}」）", values, models
        return f"{inner}列表", values, models
    if args:  # Optional[X], X | Y
        kinds = [_type(a) for a in args if a is not type(None)]
        if {k[0] for k in kinds} <= {"整数", "数字"}:
            return "数字", [], []
        return kinds[0] if len(kinds) == 1 else (" 或 ".join(k[0] for k in kinds), [], [])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"映射（见「{_title(annotation)}」）", [], [annotation]
    return {str: "文字", int: "整数", float: "数字", bool: "true / false"}.get(annotation, "文字"), [], []


def _title(model: type) -> str:
    return (model.__doc__ or model.__name__).strip().splitlines()[0].split("：")[0].rstrip("。")


def _row(name: str, info: FieldInfo) -> tuple[str, list[type]]:
    kind, values, models = _type(info.annotation, info.metadata)
    allowed = "、".join(f"`{v}`" for v in values)
    required = "必填" if info.is_required() else ""
    text = esc(info.description or "")
    return f"| `{name}` | {required} | {kind} | {text}{'<br>可选值：' + allowed if allowed else ''} |", models


def _table(model: type) -> tuple[list[str], list[type]]:
    lines = ["| 字段 | 必填 | 类型 | 说明 |", "| --- | --- | --- | --- |"]
    nested: list[type] = []
    for name, info in model.model_fields.items():
        row, models = _row(name, info)
        lines.append(row)
        nested += [m for m in models if m not in nested]
    return lines, nested


# The descriptions quote with 「」 in the editor's hover help and messages;
# on the site's page they follow the house style (“” ‘’, GB/T 15834).
_HOUSE_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def render_field_reference() -> str:
    return _render_field_reference().translate(_HOUSE_QUOTES)


def _render_field_reference() -> str:
    out = [front_matter("字段说明"), "# 字段说明", "",
           "每种内容文件可以写哪些字段、哪些必填、能填什么。本页由程序根据校验规则自动生成，与校验器、"
           "`make new-case` 生成的注释和 VS Code 里的提示一致。", "",
           "- **日期**：`2020`、`2020-10` 或 `2020-12-16`（半角连字符）。",
           "- **日期或时间段**：日期，或 `2018 至 2020`、`2018-03 至 2020-06`、`2018 至今`"
           "（也接受 `2018—2020`、`2018-2020`、`2018~2020`、`2018到2020`，以及 `2018年3月` 这样的中文写法）。",
           "- **id**：小写英文字母、数字和连字符，例如 `tianjiawan`、`wubu-gongzuofa`。", ""]
    for word, path, model in FILES:
        out += [f"## {word}：`{path}`", "", esc((model.__doc__ or "").strip().splitlines()[0]), ""]
        table, nested = _table(model)
        out += table + [""]
        done: list[type] = [model]
        while nested:
            sub = nested.pop(0)
            if sub in done:
                continue
            done.append(sub)
            out += [f"### {word} › {_title(sub)}", ""]
            table, more = _table(sub)
            out += table + [""]
            nested += [m for m in more if m not in done]
    return "\n".join(out)
