"""The engines that can render a staged folder. Each adapter writes its own
config into the stage, runs the engine, and tells the finish pass what its
theme may put into a page (its static files, its inline scripts). No content
logic lives here: the stage and the finish pass are the same for every engine."""

from __future__ import annotations

from kb.engines.base import Engine, EngineError

NAMES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"


def get(name: str) -> Engine:
    if name == "mkdocs":
        from kb.engines.mkdocs import MkDocs
        return MkDocs()
    if name == "zensical":
        from kb.engines.zensical import Zensical
        return Zensical()
    raise EngineError(f"不认识的引擎「{name}」：可用的有 {'、'.join(NAMES)}（例如 make site ENGINE=zensical）")


__all__ = ["Engine", "EngineError", "NAMES", "DEFAULT", "get"]
