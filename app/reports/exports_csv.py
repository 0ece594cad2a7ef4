"""Raw responses as CSV: UTF-8 with a byte order mark (so Excel reads it as UTF-8), streamed to a file a chunk at a
time. Every cell is quoted, so a spreadsheet that splits on another list separator (``;`` in many locales) still
reads one cell, and ``safe_cell`` has neutralised any formula after a separator in case it does not."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from app.models import Consultation
from app.reports.response_rows import count_sent, iter_chunks, layout

ProgressFn = Callable[[int, int], None]
BOM = "\ufeff"
"""Written by hand: the ``utf-8-sig`` codec would add it too, but encodes every later write more slowly."""


def write_csv(consultation: Consultation, path: Path, progress: ProgressFn | None = None) -> int:
    plan = layout(consultation)
    total, done = count_sent(consultation), 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(BOM)
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(plan.headers)
        for rows in iter_chunks(consultation, plan):
            writer.writerows(rows)
            done += len(rows)
            if progress:
                progress(done, total)
    return done
