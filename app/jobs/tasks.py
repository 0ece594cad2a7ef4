"""Importing this module registers every job handler with the runner."""

import app.analysis.recompute  # noqa: F401
import app.reports.jobs  # noqa: F401
