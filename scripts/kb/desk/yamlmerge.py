"""Write a content YAML file from form data without losing what the form
does not hold: the organisers' and editors' comments (which record why a
fact was left out) and the exact text of every top-level field that did not
change. Only changed fields are written anew, each after its own comments."""

from __future__ import annotations

import re

import yaml

_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def split_blocks(text: str) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """(header lines, key -> its lines incl. the comments above it, key order).
    The header is the comment block at the top that a blank line ends."""
    lines = text.splitlines()
    blocks: dict[str, list[str]] = {}
    order: list[str] = []
    pending: list[str] = []
    current: list[str] | None = None
    for line in lines:
        match = _KEY.match(line)
        if match:
            current = pending + [line]
            pending = []
            blocks[match.group(1)] = current
            order.append(match.group(1))
        elif line.startswith((" ", "\t", "-")) and current is not None:
            current += pending + [line]  # a blank line inside a nested list
            pending = []
        else:  # a comment or blank line: it belongs to the key below it
            pending.append(line)
    header: list[str] = []
    if order:
        first = blocks[order[0]]
        # Comment lines at the very top, up to the last blank line before the
        # first key, describe the file: keep them as the header.
        lead = len(_leading_comments(first))
        cut = max((i for i, line in enumerate(first[:lead]) if not line.strip()), default=-1) + 1
        header, blocks[order[0]] = first[:cut], first[cut:]
    else:
        header = pending
    # Trailing comments after the last key stay with it.
    if order and pending:
        blocks[order[-1]] += pending
    return header, blocks, order


class _Dumper(yaml.SafeDumper):
    pass


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _str(dumper, value: str):
    if _DATE.match(value):  # written as the files write dates: 2020-12-16, unquoted
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _flow(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=True, width=10 ** 6).strip()


def _block(value) -> list[str]:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10 ** 6, indent=2).rstrip("\n").splitlines()


def _scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def dump_field(key: str, value) -> list[str]:
    """One top-level field in the files' own style: lists of plain values as
    [a, b], entries of plain fields one per line as - {k: v, ...}."""
    if isinstance(value, list) and value and all(_scalar(v) and not (isinstance(v, str) and "\n" in v) for v in value):
        return [f"{key}: {_flow(value)}"]
    if isinstance(value, list) and value:
        lines = [f"{key}:"]
        for entry in value:
            if isinstance(entry, dict) and all(_scalar(v) and not (isinstance(v, str) and "\n" in v)
                                               for v in entry.values()):
                lines.append(f"  - {_flow(entry)}")
            else:
                block = _block([entry])
                lines += ["  " + line for line in block]
        return lines
    return _block({key: value})


def merge(original_text: str | None, original_data: dict | None, new_data: dict, field_order: list[str]) -> str:
    """The new file text. Unchanged fields keep their original lines."""
    if not original_text or not isinstance(original_data, dict):
        header, blocks, order = [], {}, []
        original_data = {}
    else:
        header, blocks, order = split_blocks(original_text)
    known = [k for k in field_order if k in new_data]
    keys = known + [k for k in new_data if k not in known]
    out = list(header)
    for key in keys:
        old_lines = blocks.get(key)
        comments = _leading_comments(old_lines) if old_lines else []
        if old_lines and key in original_data and original_data[key] == new_data[key]:
            out += old_lines
        else:
            out += comments + dump_field(key, new_data[key])
    # Comments of removed fields are dropped with them; trailing file
    # comments of the last removed key would otherwise vanish silently, so
    # keep comment-only lines of removed blocks at the end.
    for key in order:
        if key not in new_data:
            out += [line for line in _leading_comments(blocks[key]) if line.strip()]
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def _leading_comments(lines: list[str]) -> list[str]:
    taken = []
    for line in lines:
        if _KEY.match(line):
            break
        taken.append(line)
    return taken


def split_entries(block: list[str]) -> tuple[list[str], list[list[str]]]:
    """A top-level list block (its "key:" line first) -> (head lines, entries),
    each entry with the comments and blank lines above it."""
    lead = len(_leading_comments(block)) + 1  # the comments above, and "key:"
    head, entries, pending = block[:lead], [], []
    indent = None
    for line in block[lead:]:
        stripped = line.lstrip(" ")
        this = len(line) - len(stripped)
        if stripped.startswith("- ") and (indent is None or this == indent):
            indent = this
            entries.append(pending + [line])
            pending = []
        elif entries and stripped and not stripped.startswith("#"):
            entries[-1] += pending + [line]
            pending = []
        else:
            pending.append(line)
    if entries:
        entries[-1] += pending
    else:
        head += pending
    return head, entries


def dump_entry(entry: dict, indent: int = 2) -> list[str]:
    return [" " * indent + line for line in _block([entry])]


def replace_entry(text: str, key: str, index: int | None, entry: dict | None) -> str:
    """The file with entry number `index` of list `key` replaced (None: a new
    entry at the end; entry None: the entry removed). Every other line,
    comments included, stays as it was."""
    header, blocks, order = split_blocks(text)
    head, entries = split_entries(blocks[key])
    if index is None:
        entries.append([""] + dump_entry(entry))
    elif entry is None:
        del entries[index]
    else:
        old = entries[index]
        comments = []
        for line in old:
            if line.lstrip().startswith("- "):
                break
            comments.append(line)
        entries[index] = comments + dump_entry(entry)
    blocks[key] = head + [line for e in entries for line in e]
    out = list(header)
    for k in order:
        out += blocks[k]
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"
