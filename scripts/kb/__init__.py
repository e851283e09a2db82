"""The knowledge base core: load -> validate -> render. Never imports mkdocs."""
