"""Write schemas/*.schema.json from the content models: kb-schemas

Run it (or `make schemas`) after changing kb/content/models.py; the test
tests/test_schemas.py fails while the files are stale.
"""

import sys

from kb.cli import ROOT
from kb.content.schemas import schema_texts


def main(argv=None) -> int:
    folder = ROOT / "schemas"
    folder.mkdir(exist_ok=True)
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8", newline="\n")
            tmp.replace(path)
            print(f"已更新 schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
