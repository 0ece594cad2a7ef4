"""Who we have and have not heard from: respondents' share of each category against the population's share.

The officer uploads a population profile CSV (``dimension,category,population``). A dimension is compared with the
question whose key matches it (``ward``, ``age_band``, ``sex``), and a category with the answer option whose label
or value matches it, ignoring case and punctuation ("25-34" matches the value ``25_34``; "Bletchley East" the
ward). Respondent counts go through ``app.reports.suppression`` like every other table of people, so a category is
hidden here exactly when the dashboard, the report and the exports hide it. Whether a category is under- or
over-represented is still judged on its true count, and each row says why in words (``reason``), so an officer
never has to work out a label from the shares.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from sqlalchemy import delete, select

from app.common.audit import record_event
from app.common.errors import DomainError, listed_problems
from app.extensions import db
from app.models import Consultation, PopulationFigure, PopulationProfile, User
from app.models.types import utcnow
from app.reports import aggregates, suppression
from app.surveys.definitions_service import definition_of
from app.surveys.engine import Question

HEADER = ["dimension", "category", "population"]
UNDER_REPRESENTED = 0.8
OVER_REPRESENTED = 1.25
MAX_ROWS = 2000
DIMENSION_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


class ProfileError(DomainError):
    """A profile that cannot be stored; ``problems`` lists the first bad rows by line number, then how many more."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "The file could not be read")


@dataclass(frozen=True)
class ParsedFigure:
    dimension: str
    category: str
    population: int


@dataclass(frozen=True)
class CategoryComparison:
    category: str
    population: int
    population_share: float
    respondents: int | None
    respondent_share: float | None
    matched: bool
    under_represented: bool
    over_represented: bool = False

    @property
    def suppressed(self) -> bool:
        return self.respondents is None

    @property
    def status(self) -> str:
        if not self.matched:
            return "No matching answer option"
        if self.under_represented:
            return "Under-represented"
        return "Over-represented" if self.over_represented else "Represented"

    @property
    def reason(self) -> str:
        """Why the row has its label, in words an officer can repeat to the board."""
        population = f"{100 * self.population_share:.1f}% of the population"
        if not self.matched:
            return "No answer option of the survey question matches this category, so no one can be counted in it"
        if self.respondent_share is None:
            heard = f"Respondents {suppression.HIDDEN} (fewer than {suppression.SMALL}, or needed to hide such a count)"
            return f"{heard}, against {population}"
        heard = f"{100 * self.respondent_share:.1f}% of respondents against {population}"
        if self.under_represented:
            return f"{heard}: less than {UNDER_REPRESENTED:.0%} of its population share"
        if self.over_represented:
            return f"{heard}: more than {OVER_REPRESENTED:.0%} of its population share"
        return f"{heard}: within {UNDER_REPRESENTED:.0%} to {OVER_REPRESENTED:.0%} of its population share"

    @property
    def ratio(self) -> float | None:
        return (
            self.respondent_share / self.population_share
            if self.respondent_share is not None and self.population_share
            else None
        )


@dataclass(frozen=True)
class DimensionComparison:
    dimension: str
    question_label: str | None
    respondents: int
    categories: tuple[CategoryComparison, ...]

    @property
    def under_represented(self) -> tuple[str, ...]:
        return tuple(c.category for c in self.categories if c.under_represented)

    @property
    def needs_attention(self) -> tuple[CategoryComparison, ...]:
        """Every row an officer should act on: under-represented, or not matched to any answer option."""
        return tuple(c for c in self.categories if c.under_represented or not c.matched)


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


def parse_profile(content: bytes) -> list[ParsedFigure]:
    """Read and check the whole file; any bad row rejects it, so a half-right profile is never stored."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError(["The file must be a CSV saved as UTF-8"]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip().lower() for cell in rows[0]] != HEADER:
        raise ProfileError(["The first row must be the headings: dimension,category,population"])
    figures, problems, seen = [], [], set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        figure, problem = _parse_row(line, row)
        if figure is not None and (figure.dimension, normalise(figure.category)) in seen:
            figure, problem = None, f"Row {line}: {figure.dimension} '{figure.category}' appears more than once"
        if figure is None:
            problems.append(problem)
            continue
        seen.add((figure.dimension, normalise(figure.category)))
        figures.append(figure)
    if not figures and not problems:
        problems.append("The file has no rows of figures under the headings")
    if len(figures) > MAX_ROWS:
        problems.append(f"The file has more than {MAX_ROWS} rows")
    if problems:
        raise ProfileError(listed_problems(problems))
    return figures


def _parse_row(line: int, row: list[str]) -> tuple[ParsedFigure | None, str]:
    if len(row) != 3:
        return None, f"Row {line}: enter 3 values (dimension, category, population), not {len(row)}"
    dimension, category, population = (cell.strip() for cell in row)
    dimension = dimension.lower()
    if not DIMENSION_PATTERN.match(dimension):
        return None, (
            f"Row {line}: the dimension must be a question key such as age_band, sex or ward "
            "(lower-case letters, digits and underscores)"
        )
    if not category or len(category) > 200:
        return None, f"Row {line}: enter a category of up to 200 characters"
    number = population.replace(",", "")
    if not number.isdigit():
        return None, f"Row {line}: the population must be a whole number of 0 or more, not '{population[:40]}'"
    return ParsedFigure(dimension, category, int(number)), ""


def save_profile(
    consultation: Consultation, figures: list[ParsedFigure], actor: User, *, filename: str, source: str
) -> PopulationProfile:
    db.session.execute(delete(PopulationProfile).where(PopulationProfile.consultation_id == consultation.id))
    db.session.flush()
    profile = PopulationProfile(
        consultation_id=consultation.id,
        source=source.strip()[:300],
        filename=filename[:200],
        uploaded_by_id=actor.id,
        uploaded_at_utc=utcnow(),
    )
    profile.figures = [
        PopulationFigure(dimension=f.dimension, category=f.category, population=f.population, position=i)
        for i, f in enumerate(figures)
    ]
    db.session.add(profile)
    db.session.flush()
    record_event("population_profile_uploaded", actor, profile, consultation_id=consultation.id, rows=len(figures))
    return profile


def find_profile(consultation: Consultation) -> PopulationProfile | None:
    return db.session.scalar(select(PopulationProfile).where(PopulationProfile.consultation_id == consultation.id))


def _question_for(consultation: Consultation, dimension: str) -> Question | None:
    for survey in aggregates.surveys_of(consultation):
        for question in definition_of(survey.current_version).questions:
            if question.id.lower() == dimension and question.choices:
                return question
    return None


def compare(consultation: Consultation, profile: PopulationProfile | None = None) -> list[DimensionComparison]:
    profile = profile or find_profile(consultation)
    if profile is None:
        return []
    by_dimension: dict[str, list[PopulationFigure]] = {}
    for figure in profile.figures:
        by_dimension.setdefault(figure.dimension, []).append(figure)
    return [_compare_dimension(consultation, dimension, figures) for dimension, figures in by_dimension.items()]


def _compare_dimension(
    consultation: Consultation, dimension: str, figures: list[PopulationFigure]
) -> DimensionComparison:
    question = _question_for(consultation, dimension)
    answers = aggregates.counts_by_key(consultation.id, dimension) if question else {}
    options = {normalise(o.value): o.value for o in question.choices} if question else {}
    options.update({normalise(o.label): o.value for o in question.choices} if question else {})
    matched = {figure.id: options.get(normalise(figure.category)) for figure in figures}
    respondents = sum(answers.values())
    population = sum(figure.population for figure in figures)
    shown = suppression.shown_mapping({value: answers.get(value, 0) for value in {*answers, *options.values()}})
    categories = tuple(
        _category(figure, matched[figure.id], answers, shown, respondents, population) for figure in figures
    )
    return DimensionComparison(dimension, question.label if question else None, respondents, categories)


def _category(
    figure: PopulationFigure,
    value: str | None,
    answers: dict[str, int],
    shown: dict[str, int | None],
    respondents: int,
    population: int,
) -> CategoryComparison:
    population_share = figure.population / population if population else 0.0
    if value is None:
        return CategoryComparison(figure.category, figure.population, population_share, None, None, False, False)
    count = answers.get(value, 0)
    share = count / respondents if respondents else 0.0
    ratio = share / population_share if population_share > 0 else None
    under = ratio is not None and ratio < UNDER_REPRESENTED
    over = ratio is not None and ratio > OVER_REPRESENTED
    return CategoryComparison(
        figure.category,
        figure.population,
        population_share,
        shown[value],
        share if shown[value] is not None else None,
        True,
        under,
        over,
    )
