"""Helpers of the search tests. Queries with expected pages are a measurement,
not a test of the real content: they live in the benchmark
(scripts/kb/bench/search_queries.py, make bench)."""

HANDBOOK_QUERIES = ("培训手册", "手册")


def page_of(link: str, base: str) -> str:
    """'http://host/cases/daba/?h=x#y' -> 'cases/daba/' (also for file:// and
    for offline links ending in index.html)."""
    path = link[len(base):] if link.startswith(base) else link
    path = path.split("#")[0].split("?")[0]
    if path.endswith("index.html"):
        return path[: -len("index.html")]
    return path[: -len(".html")] + "/" if path.endswith(".html") else path
