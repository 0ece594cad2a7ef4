"""The themed summary report an officer hands to the Risk Board: its sections, readable tables, quotes never
repeated, no empty section and no chart of fewer than ten answers (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Emu
from flask import Flask
from flask.testing import FlaskClient
from matplotlib.ft2font import FT2Font
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, AnswerTheme, Consultation, PinnedQuote, ReportSummary, Role, SurveyQuestion
from app.reports import representativeness, traceability
from app.reports.report_docx import write_docx
from app.reports.report_quotes import candidates, pin_quote
from app.reports.report_text import CONTENTS
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import consultation_with_responses, respond
from tests.pages import get

LIBERATION_BOLD = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")
"""Metric-compatible with Arial, the font the report's tables use."""
CELL_MARGINS_CM = 0.38


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


def _docx(consultation: Consultation, folder: Path) -> DocumentType:
    """The report as the export job writes it (the job and its download are tested in test_exports)."""
    path = folder / "report.docx"
    write_docx(consultation, path)
    return Document(str(path))


def _blocks(document: DocumentType) -> list[tuple[str, str]]:
    """(kind, text) in body order: ("h1", heading), ("p", text) or ("table", "")."""
    blocks = []
    for paragraph_or_table in document.iter_inner_content():
        if hasattr(paragraph_or_table, "rows"):
            blocks.append(("table", ""))
        elif paragraph_or_table.style.name == "Heading 1":
            blocks.append(("h1", paragraph_or_table.text))
        elif paragraph_or_table.text.strip() or paragraph_or_table._p.xpath(".//pic:pic"):
            blocks.append(("p", paragraph_or_table.text))
    return blocks


def _sections(document: DocumentType) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for kind, text in _blocks(document):
        if kind == "h1":
            current = sections.setdefault(text, [])
        elif current is not None:
            current.append((kind, text))
    return sections


def _word_width_cm(word: str, points: float) -> float:
    font = FT2Font(str(LIBERATION_BOLD))
    font.set_size(points, 72)
    font.set_text(word, 0.0)
    return font.get_width_height()[0] / 64 / 72 * 2.54


def test_docx_report_has_every_section_readable_tables_and_officer_text(client: FlaskClient, export_dir: Path) -> None:
    consultation, survey = consultation_with_responses()
    places = (
        "the shops",
        "the station",
        "the park",
        "the school gates",
        "the canal",
        "the pub",
        "the library",
        "the leisure centre",
    )
    for place in places:
        respond(survey, comment=f"Drug dealing by {place} all day, we need more raids and arrests please")
    officer = make_user(Role.OFFICER)
    sign_in(client, officer)
    summary = "Residents told us drugs matter most.\n\nThey also asked for better lighting."
    db.session.add(ReportSummary(consultation_id=consultation.id, text=summary))
    priority = traceability.save_priority(officer, consultation, None, label="Tackling drug dealing", rating_key="")
    action = traceability.save_action(
        officer,
        consultation,
        None,
        priority_id=priority.id,
        you_said="Drug dealing on estates worries you.",
        we_did="A drugs partnership action plan, reported to Risk Board each quarter.",
    )
    traceability.link_theme(officer, consultation, "drugs", priority_id=priority.id, action_id=action.id)
    pinned = candidates(consultation, "drugs")[-1]
    pin_quote(officer, consultation, "drugs", pinned.answer_id)
    db.session.commit()

    document = _docx(consultation, export_dir)
    sections = _sections(document)
    assert list(sections) == ["Contents", *CONTENTS]
    assert ("table", "") in sections["Differences between groups"]
    for heading, blocks in sections.items():
        assert blocks, f"{heading} is empty"
    summary_texts = [text for _, text in sections["Executive summary"]]
    assert summary_texts == ["Residents told us drugs matter most.", "They also asked for better lighting."]
    priorities = [text for _, text in sections["Strategy priorities"]]
    assert "Tackling drug dealing" in priorities and "Drug dealing on estates worries you." in priorities
    assert any(text.startswith("Themes that bear on it: Drugs (") for text in priorities)
    assert "A drugs partnership action plan, reported to Risk Board each quarter." in priorities
    asked = priorities.index("What people asked for")
    assert "we need more raids and arrests please" in priorities[asked + 1]
    drugs_quotes = [text for _, text in sections["What people said: themes"] if "raids" in text]
    assert priorities[asked + 1] not in drugs_quotes
    assert "What people asked for" not in priorities[asked + 2 :]

    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(set(quotes))
    drugs = [text for _, text in sections["What people said: themes"]]
    start = drugs.index("Drugs")
    assert any(pinned.text in text for text in drugs[start : start + 8])
    assert "What is your age?" not in [p.text for p in document.paragraphs]

    for table in document.tables:
        widths = [
            Emu(int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) * 635).cm
            for col in table._tbl.tblGrid.findall(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"
            )
        ]
        assert sum(widths) <= 17.01
        for row in table.rows:
            for width, cell in zip(widths, row.cells, strict=True):
                points = cell.paragraphs[0].runs[0].font.size.pt
                longest = max(_word_width_cm(word, points) for word in cell.text.split() or [""])
                assert width >= longest + CELL_MARGINS_CM, (cell.text, width)


def test_docx_report_draws_no_chart_of_fewer_than_ten_answers(client: FlaskClient, export_dir: Path) -> None:
    small = make_consultation("small-2026")
    survey = add_survey(small, "reports_survey.yaml")
    for _ in range(4):
        respond(survey)
    sign_in(client, make_user(Role.OFFICER))
    document = _docx(small, export_dir)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions and all("; 4 answered." in caption for caption in captions)
    assert len(document.inline_shapes) == 0
    assert document.tables


def test_pinned_quote_is_not_repeated_under_another_theme(client: FlaskClient) -> None:
    consultation, survey = consultation_with_responses()
    respond(survey, comment="Drug dealing every night in the underpass where the street lights are broken")
    officer = make_user(Role.OFFICER)
    shared = db.session.execute(
        select(AnswerTheme.answer_id, AnswerTheme.theme_key)
        .where(AnswerTheme.consultation_id == consultation.id)
        .order_by(AnswerTheme.answer_id, AnswerTheme.theme_key)
    ).all()
    by_answer: dict[int, list[str]] = {}
    for answer_id, key in shared:
        by_answer.setdefault(answer_id, []).append(key)
    answer_id, keys = next((a, k) for a, k in by_answer.items() if len(k) > 1)
    pin_quote(officer, consultation, keys[0], answer_id)
    with pytest.raises(traceability.TraceabilityError, match="already quoted under another theme"):
        pin_quote(officer, consultation, keys[1], answer_id)
    db.session.commit()
    sign_in(client, officer)
    page = get(client, f"/officers/reports/{consultation.id}/report")
    text = db.session.scalar(select(Answer.value).where(Answer.id == answer_id))
    quoted = [q.get_text() for q in page.soup.select("blockquote")]
    assert len(quoted) == len(set(quoted))
    assert db.session.scalar(select(PinnedQuote.theme_key).where(PinnedQuote.answer_id == answer_id)) == keys[0]
    assert text


def test_printable_report_page_has_the_same_sections(client: FlaskClient) -> None:
    consultation, _ = consultation_with_responses()
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/reports/{consultation.id}/report")
    assert page.status == 200
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2")]
    assert headings[:2] == ["Contents", "Executive summary"]
    assert "Methodology and limits" in headings and "Appendix: question by question" in headings
    assert page.soup.select_one("#theme-drugs blockquote") is not None
    assert page.soup.select_one("#chart-annual-safe_day") is not None
    assert db.session.scalar(select(SurveyQuestion.id).where(SurveyQuestion.key == "age_band")) is not None
    assert page.soup.select_one("#chart-annual-age_band") is None


def test_docx_report_compares_respondents_with_the_uploaded_profile(client: FlaskClient, export_dir: Path) -> None:
    consultation, _ = consultation_with_responses()
    officer = make_user(Role.OFFICER)
    figures = representativeness.parse_profile(b"dimension,category,population\nsex,Female,507\nsex,Male,493\n")
    representativeness.save_profile(consultation, figures, officer, filename="profile.csv", source="ONS Census 2021")
    db.session.commit()
    document = _docx(consultation, export_dir)
    who = [text for _, text in _sections(document)["Who responded"]]
    assert any(text.startswith("Compared with the population profile from ONS Census 2021.") for text in who)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Category")
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows[1:]}
    # 6 men are too few to show, and 24 women would give them away (30 answered): both hidden, as on the dashboard
    assert rows["Female"] == ["50.7%", "not shown", "–", "Over-represented"]
    assert rows["Male"] == ["49.3%", "not shown", "–", "Under-represented"]


def test_docx_report_of_a_survey_nobody_answered_has_no_empty_section_or_zero_table(
    client: FlaskClient, export_dir: Path
) -> None:
    empty = make_consultation("empty-2026")
    add_survey(empty, "reports_survey.yaml")
    document = _docx(empty, export_dir)
    sections = _sections(document)
    assert list(sections) == ["Contents", "Executive summary", "Who responded", "Methodology and limits"]
    for heading, blocks in sections.items():
        assert blocks, f"{heading} is empty"
    assert not document.tables and not document.inline_shapes
