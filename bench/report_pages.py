"""How many pages the demo's themed summary report prints to (issue 16: at most 25), and how long it takes to write.

Seeds the demo into a fresh SQLite database, writes the Word report as the export job does, converts it to PDF with
LibreOffice (``apt-get install libreoffice-writer-nogui``) and counts the pages with ``pdfinfo`` (poppler-utils).

    .venv/bin/python -m bench.report_pages
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sv-report-pages-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'demo.db'}"
    from flask_migrate import upgrade
    from sqlalchemy import select

    from app import create_app
    from app.demo import DEMO_SLUG, seed
    from app.extensions import db
    from app.models import Consultation
    from app.reports.dashboard import catch_up_tallies
    from app.reports.report_docx import write_docx

    app = create_app()
    with app.app_context():
        upgrade()
        seed()
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
        catch_up_tallies(consultation)
        started = time.perf_counter()
        write_docx(consultation, folder / "report.docx")
        print(f"report written in {time.perf_counter() - started:.1f} s")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdfinfo") is None:
        sys.exit("LibreOffice and pdfinfo are needed to count pages")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "report.docx")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    info = subprocess.run(["pdfinfo", str(folder / "report.pdf")], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    print(f"demo report: {pages} pages (target 25 or fewer) - {folder / 'report.pdf'}")


if __name__ == "__main__":
    main()
