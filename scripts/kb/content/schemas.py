"""JSON Schemas of the content files, generated from the pydantic models.

The VS Code YAML extension reads them (.vscode/settings.json maps each file
pattern to its schema): completion, hover help in Chinese and red underlines
while typing. scripts/gen_schemas.py writes them into schemas/; a test fails
when they are stale. The validator stays the judge: the schemas' patterns are
looser than its checks (dates, ids that must exist).
"""

from __future__ import annotations

import json

from kb.content.models import Case, Course, Handbook, Intros, Programme, SourceList
from kb.content.synonyms import Synonyms
from kb.content.teaching import TeachingNote

# schema file -> (model, the files it describes, relative to the project)
SCHEMAS = {
    "case.schema.json": (Case, ["cases/*/case.yml"]),
    "course.schema.json": (Course, ["courses/*.yml"]),
    "handbook.schema.json": (Handbook, ["handbooks/*/handbook.yml"]),
    "programme.schema.json": (Programme, ["programme.yml"]),
    "sources.schema.json": (SourceList, ["sources.yml"]),
    "intros.schema.json": (Intros, ["intros.yml"]),
    "synonyms.schema.json": (Synonyms, ["synonyms.yml"]),
    # The front matter of cases/*/teaching.md: the YAML extension does not read
    # front matter, so no file pattern; the desk and other tools can use it.
    "teaching.schema.json": (TeachingNote, []),
}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, stable (sorted keys, trailing newline)."""
    out = {}
    for name, (model, _) in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = (model.__doc__ or model.__name__).strip().splitlines()[0]
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def vscode_mapping() -> dict[str, list[str]]:
    return {f"./schemas/{name}": globs for name, (_, globs) in SCHEMAS.items() if globs}
