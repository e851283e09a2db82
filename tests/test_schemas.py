"""Editor help: the JSON Schemas in schemas/ are current, wired into VS Code,
accept every real content file and flag the usual mistakes."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT

from kb.content.schemas import SCHEMAS, schema_texts, vscode_mapping


class EditorLoader(yaml.SafeLoader):
    """YAML as the VS Code extension reads it: 2020-12-16 stays text."""


EditorLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _validator(name):
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8")))


def test_schemas_are_current():
    stale = [name for name, text in schema_texts().items()
             if not (ROOT / "schemas" / name).is_file() or (ROOT / "schemas" / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"schemas/ is stale: run make schemas ({stale})"


def test_vscode_maps_every_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == vscode_mapping()
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file()


def test_every_field_has_a_chinese_description():
    def walk(node, path):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{path}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for v in node:
                walk(v, path)
    for name, text in schema_texts().items():
        walk(json.loads(text), name)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_real_content_matches_its_schema(name):
    _, globs = SCHEMAS[name]
    files = [p for g in globs for p in ROOT.glob(g)]
    if name == "teaching.schema.json":  # the front matter of each teaching note
        files = sorted(ROOT.glob("cases/*/teaching.md"))
    assert files or name == "intros.schema.json"
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            from kb.check.front_matter import split_front_matter
            text = split_front_matter(text)[0] or "{}"
        data = yaml.load(text, Loader=EditorLoader)
        errors = [e.message for e in _validator(name).iter_errors(data)]
        assert errors == [], f"{path}: {errors}"


@pytest.mark.parametrize("case, wrong", [
    ({"status": "done"}, "status"),              # not an allowed value
    ({"industies": ["茶叶"]}, "industies"),       # a typo'd field name
    ({"place": {"county": 3}}, "county"),
])
def test_schema_underlines_usual_mistakes(case, wrong):
    data = {"id": "xiaopo", "title": "小坡村", "status": "draft", "place": {}, "summary": "概要", **case}
    errors = list(_validator("case.schema.json").iter_errors(data))
    assert errors and any(wrong in (e.message + json.dumps(list(e.path), ensure_ascii=False)) for e in errors)


def test_schema_accepts_ranges_and_approximate_figures():
    data = {"id": "xiaopo", "title": "小坡村", "status": "draft", "place": {}, "summary": "概要",
            "figures": [{"label": "增收", "value": "5000余", "unit": "元", "date": "2018 至 2020", "source": "s"},
                        {"label": "农户", "value": 300, "approx": "以上", "date": 2020, "source": "s"}],
            "timeline": [{"date": "2018-03 至今", "event": "扩种", "source": "s"},
                         {"date": "2018年3月至2020年", "event": "扩种", "source": "s"}]}
    assert list(_validator("case.schema.json").iter_errors(data)) == []
