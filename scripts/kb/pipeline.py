"""The site, in three stages: stage (engine-free) -> engine -> finish.

    stage   build/stage/      kb.stage: validate, render, copy, write the engine's config
    engine  build/engine/     kb.engines: MkDocs + Material or Zensical, with no hook of ours
    finish  site/             kb.finish: our pass over every byte

Each stage writes beside its folder and swaps it in, so a failed build
keeps the last good site/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kb import engines
from kb.finish.finish import finish
from kb.stage.stage import stage
from kb.render.audience import TRAINEE, work_folder


def build_site(root: Path, site: Path, engine_name: str = engines.DEFAULT, offline: bool = False,
               work: Path | None = None, edition: str = TRAINEE) -> dict:
    """All three stages; returns the finish manifest. Raises StageError,
    EngineError or FinishError with a message for the organiser.
    edition: trainee or teacher (kb.render.audience)."""
    engine = engines.get(engine_name)
    work = work or work_folder(root, edition)
    staged, built = work / "stage", work / "engine"
    stage(root, staged, engine, offline=offline, edition=edition)
    shutil.rmtree(built, ignore_errors=True)
    engine.build(staged.resolve(), built.resolve())
    return finish(staged, built, site, engine)
