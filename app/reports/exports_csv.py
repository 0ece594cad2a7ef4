"""Raw responses as a zip of CSV files, one per survey, with the same columns as the Excel export's survey sheets
(question text as headings, themes and sentiment beside each free-text answer): one file mixing three surveys was
120 columns, most of them empty on any row.

Each file is UTF-8 with a byte order mark (so Excel reads it as UTF-8) and streamed into the zip a chunk at a time.
Every cell is quoted, so a spreadsheet that splits on another list separator (``;`` in many locales) still reads one
cell, and ``safe_cell`` has neutralised any formula after a separator in case it does not.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from app.models import Consultation
from app.reports.response_rows import DATE_COLUMN, count_sent, exported_surveys, iter_chunks, layout

ProgressFn = Callable[[int, int], None]
BOM = "\ufeff"
"""Written by hand: the ``utf-8-sig`` codec would add it too, but encodes every later write more slowly."""


def write_csv(consultation: Consultation, path: Path, progress: ProgressFn | None = None) -> int:
    total, done = count_sent(consultation), 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for survey in exported_surveys(consultation):
            plan = layout(consultation, survey)
            with (
                archive.open(f"{survey.slug}.csv", "w", force_zip64=True) as member,
                io.TextIOWrapper(member, encoding="utf-8", newline="") as handle,
            ):
                handle.write(BOM)
                writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
                writer.writerow(plan.headers)
                for rows in iter_chunks(consultation, plan):
                    for row in rows:
                        row[DATE_COLUMN] = _date(row[DATE_COLUMN])
                    writer.writerows(rows)
                    done += len(rows)
                    if progress:
                        progress(done, total)
    return done


def _date(value: object) -> object:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value
