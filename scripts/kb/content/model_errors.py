"""Turn pydantic validation errors into Chinese messages at the right line."""

from __future__ import annotations

import difflib
import re
import typing

from pydantic import BaseModel, ValidationError

from kb.content.errors import ContentError
from kb.content.yamlfile import LoadedYaml

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


def field_label(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text


def _pattern_message(path: tuple) -> str:
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if last in ("date",):
        return PATTERN_MESSAGES["date"]
    if last == "url":
        return PATTERN_MESSAGES["url"]
    return PATTERN_MESSAGES["id"]


THOUSANDS = re.compile(r"^\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$")


def _split_by_comma(data, path: tuple) -> str | None:
    """An unknown key that is really the rest of the value before it, cut at
    a comma inside {...}: `value: 1,300` or `label: “a, b”`."""
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
    rest = str(path[-1])
    if isinstance(value, (int, float)) and not isinstance(value, bool) and rest.isdigit() and len(rest) == 3:
        return (f"字段「{field_label(path[:-1] + (before,))}」的数字里不要用逗号分隔千位："
                f"「{value},{rest}」请写成 {value}{rest}")
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
