"""Word import: a .docx becomes a draft case (make import FILE=案例.docx, kb-import, the editing desk).

docx_import.import_docx() is the one entry; the other modules each do one part:
docx_read (the file and mammoth), features (what mammoth drops silently),
messages (mammoth's messages in Chinese), pictures (Pillow), html_markdown and
md_text (HTML to Markdown), sections (title and case.md sections), naming
(the case id) and writing (the folder, written atomically and checked).
"""

from kb.importer.docx_import import ImportResult, import_docx
from kb.importer.failed import ImportFailed

__all__ = ["ImportFailed", "ImportResult", "import_docx"]
