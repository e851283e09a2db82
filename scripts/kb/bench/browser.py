"""Drive the site's real search in Debian's headless Chromium (tests and benchmark)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The browser the tests must use; missing it is a failure, not a skip."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise RuntimeError("找不到 Debian 的 chromium：请运行 apt-get install chromium（.ci/run 会安装）")
    return path


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def serve(folder: Path):
    """A static file server on a free loopback port, for the online site."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed while its scripts were still coming: not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def search(page, query: str, timeout_ms: int = 20000) -> list[str]:
    """Search as a reader does: from any page, the header's search link; on
    the search page, type the query and wait for its answer. The result
    links, in rank order."""
    if not page.locator("#kb-results").count():
        page.locator('a[rel~="search"]').first.click()
        page.wait_for_selector('input[type="search"][name="q"]', timeout=timeout_ms)
    page.locator('input[type="search"][name="q"]').fill(query)
    page.wait_for_function(
        """q => {
            const list = document.getElementById('kb-results');
            return list && list.getAttribute('aria-busy') === 'false' && list.getAttribute('data-query') === q;
        }""", arg=query, timeout=timeout_ms)
    return page.eval_on_selector_all("#kb-results a", "els => els.map(a => a.href)")


def material_search(page, query: str, timeout_ms: int = 20000) -> list[str]:
    """Type a query into Material's own search box (the benchmark's baseline:
    plain MkDocs + Material with its search and offline plugins); return the
    result links in order."""
    # Open search the way the toggle does; under file:// this starts the worker.
    page.evaluate("""() => {
        const toggle = document.getElementById('__search');
        if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event('change')); }
    }""")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material reads the box on key events
    page.wait_for_function(
        """q => {
            const meta = document.querySelector('.md-search-result__meta');
            const input = document.querySelector('input.md-search__input');
            return input && input.value === q && meta && /没有找到|符合条件/.test(meta.textContent);
        }""", arg=query, timeout=timeout_ms)
    page.wait_for_timeout(150)  # results render just after the count
    links = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link",
        "els => els.map(a => a.href)")
    return links
