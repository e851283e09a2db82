"""Turn pydantic validation errors into Chinese messages at the right line."""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata

from pydantic import BaseModel, ValidationError

from kb.content.errors import ContentError
from kb.content.amounts import split_written
from kb.content.yamlfile import LoadedYaml, field_label

TYPE_MESSAGES = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为数字（不要带单位或汉字，单位写在 unit 字段里）",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字（不要带单位或汉字，单位写在 unit 字段里）",
    "list_type": "应为列表（每项一行，以「- 」开头）",
    "dict_type": "应为映射（「字段名: 内容」的形式）",
    "model_type": "应为映射（「字段名: 内容」的形式）",
    "model_attributes_type": "应为映射（「字段名: 内容」的形式）",
    "bool_type": "应为 true 或 false",
}

PATTERN_MESSAGES = {
    "id": "不是合法的标识（id）：只能用小写英文字母、数字和连字符「-」，例如 tianjiawan 或 wubu-gongzuofa",
    "date": "日期格式应为 2020、2020-10 或 2020-12-16",
    "url": "网址应以 http:// 或 https:// 开头，后面是网站域名；网址里不能有空格、引号、反引号、尖括号、反斜杠或花括号",
}


def model_in(annotation) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as Optional[list[X]]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found:
            return found
    return None


def fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    current = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        inner = model_in(field.annotation) if field else None
        if inner is None:
            return []
        current = inner
    return list(current.model_fields)


def _data_path(data, loc: tuple) -> tuple:
    """The part of pydantic's loc that exists in the data (drops union tags)."""
    path: list = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        else:
            break
        path.append(part)
    return tuple(path)


def _pattern_message(path: tuple) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if last in ("date",):
        return PATTERN_MESSAGES["date"]
    if last == "url":
        return PATTERN_MESSAGES["url"]
    return PATTERN_MESSAGES["id"]


THOUSANDS = re.compile(r"^\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$")
# Digits and the decimal point typed with the Chinese keyboard: １.３, １３００．５
FULLWIDTH_DIGITS = re.compile("[０-９．]")
# A list typed in full-width brackets: ［茶叶, 养殖］ or 【茶叶, 养殖】
FULLWIDTH_LIST = re.compile(r"^\s*[［【]([^［］【】]*)[］】]\s*$")
ITEM_COMMAS = re.compile("[,，、]")


def _fullwidth_number(written: str) -> str:
    """Why １.３ is not a number, and the number to write."""
    number = unicodedata.normalize("NFKC", written).strip()
    fix = f"写成 {number}" if split_written(number) else "用半角数字重写"
    return f"「{written}」里有全角数字（中文输入法打出的，如「１」）：请切换到英文输入法，{fix}"


def _fullwidth_brackets(written: str) -> str | None:
    """Why ［茶叶, 养殖］ is not a list, and the list to write; None if it is not that."""
    found = FULLWIDTH_LIST.match(written)
    if not found:
        return None
    items = [part.strip() for part in ITEM_COMMAS.split(found.group(1)) if part.strip()]
    return (f"的方括号是全角的「{written.strip()[0]}{written.strip()[-1]}」（中文输入法打出的）："
            f"YAML 只认半角方括号，现在整段是一段文字。请切换到英文输入法，写成 [{', '.join(items)}]")


def _split_by_comma(data, path: tuple) -> str | None:
    """An unknown key that is really the rest of the text before it, cut at
    a comma inside {...}: `label: “a, b”`. (A number cut the same way,
    `value: 1,300`, is joined again when the YAML is read: kb.content.yamlfile.)"""
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if not isinstance(parent, dict) or len(path) < 1:
        return None
    keys = list(parent)
    index = keys.index(path[-1]) if path[-1] in keys else 0
    if index == 0:
        return None
    before, value = keys[index - 1], parent[keys[index - 1]]
    if isinstance(value, str) and value[:1] in "“‘\"'" and not value.endswith(("”", "’")):
        return (f"字段「{field_label(path[:-1] + (before,))}」的文字里有逗号，被拆成了两半："
                f"弯引号 “…” 不是 YAML 的引号。请把整段文字改用英文引号 \"…\" 包起来")
    return None


def translate(model: type[BaseModel], loaded: LoadedYaml, exc: ValidationError, shown_path: str) -> list[ContentError]:
    errors: dict[tuple, ContentError] = {}
    for item in exc.errors():
        kind, loc = item["type"], tuple(item["loc"])
        path = _data_path(loaded.data, loc)
        if kind == "missing":
            parent = path
            missing = loc[len(path)]
            line, col = loaded.mark(parent)
            message = f"缺少必填字段「{field_label(parent + (missing,))}」"
        elif kind == "extra_forbidden":
            line, col = loaded.mark(path, key=True)
            allowed = fields_at(model, path[:-1])
            guess = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.5)
            hint = f"你是不是想写「{guess[0]}」？" if guess else f"可用的字段有：{', '.join(allowed)}"
            retired = getattr(model, "retired_fields", {}).get(path[-1]) if len(path) == 1 else None
            message = f"字段「{path[-1]}」已不再使用：{retired}" if retired else f"未知字段「{field_label(path)}」。{hint}"
            message = _split_by_comma(loaded.data, path) or message
        else:
            line, col = loaded.mark(path)
            label = field_label(path) or "整个文件"
            if kind == "string_pattern_mismatch":
                detail = _pattern_message(path)
            elif kind == "literal_error":
                detail = f"取值必须是以下之一：{item['ctx']['expected']}"
            elif kind == "too_short":
                detail = f"至少需要 {item['ctx'].get('min_length', 1)} 项"
            elif kind == "string_too_short":
                detail = "不能为空"
            elif kind == "string_too_long":
                detail = f"太长（最多 {item['ctx']['max_length']} 个字符）"
            elif kind == "value_error":
                detail = str(item["ctx"]["error"])
            elif kind in ("float_parsing", "int_parsing") and FULLWIDTH_DIGITS.search(str(item.get("input", ""))):
                detail = _fullwidth_number(str(item["input"]))
            elif kind == "list_type" and isinstance(item.get("input"), str) and _fullwidth_brackets(item["input"]):
                detail = _fullwidth_brackets(item["input"])
            elif kind in ("float_parsing", "int_parsing") and THOUSANDS.match(str(item.get("input", ""))):
                number = str(item["input"])
                detail = f"「{number}」里不要用逗号分隔千位：请写成 {number.replace(',', '').replace('，', '')}"
            else:
                detail = TYPE_MESSAGES.get(kind, f"取值无效（{item['msg']}）")
            message = f"字段「{label}」{detail}"
        # A union reports one error per member; keep the first for a field.
        errors.setdefault(path + (kind == "missing" and loc[len(path)] or "",),
                          ContentError(shown_path, line, col, message))
    return list(errors.values())
