"""Print editions: every handbook and every case as a PDF a print shop accepts.

The pages come from the same renderers as the site (Markdown), turned into
HTML by the same Markdown engine and the site's sanitiser, then laid out by
WeasyPrint (CSS paged media: @page margin boxes, target-counter() for the
目录's page numbers, bookmarks from headings). Nothing here imports MkDocs.

  print_html.py   Markdown of a page -> print HTML (links unwrapped, headings shifted)
  layout.py       paper, fonts, running header, page numbers, 草稿 (the CSS)
  documents.py    a handbook (cover, 目录, chapters, cases) or a one-case handout
  writer.py       HTML -> PDF, offline and atomically
"""
