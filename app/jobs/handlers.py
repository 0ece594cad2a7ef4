"""Which function runs each kind of job: one table, read when a job runs.

The jobs package imports no feature package. A feature creates a job (``app.jobs.services.create_job``) and hands it
to ``app.jobs.runner.enqueue``; the runner looks the job's kind up here and imports the handler's module only then.
So importing ``app.jobs`` never pulls analysis or reports in, and there is no import cycle between them. A new kind
of job is one line here, beside its ``module:function`` path.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.jobs.runner import Progress
    from app.models import Job

JobHandler = Callable[["Job", "Progress"], None]

HANDLERS: dict[str, str] = {
    "recompute_analysis": "app.analysis.recompute:recompute_analysis",
    "export_csv": "app.reports.jobs:run_export",
    "export_xlsx": "app.reports.jobs:run_export",
    "export_json": "app.reports.jobs:run_export",
    "export_docx": "app.reports.jobs:run_export",
}


class UnknownJobKindError(LookupError):
    """A job whose kind has no entry in ``HANDLERS`` (a typo, or a job queued by a newer release)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"No handler for job kind {kind!r}; known kinds: {', '.join(sorted(HANDLERS))}")
        self.kind = kind


def resolve(kind: str) -> JobHandler:
    """The handler function for ``kind``, importing its module now."""
    path = HANDLERS.get(kind)
    if path is None:
        raise UnknownJobKindError(kind)
    module_name, _, function_name = path.partition(":")
    function: JobHandler = getattr(import_module(module_name), function_name)
    return function
