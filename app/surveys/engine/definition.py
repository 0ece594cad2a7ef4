"""Survey definitions as frozen dataclasses.

Definitions are plain values so the web app, the importer and the tests can share them without a database.
Parsing and validation live in `parsing.py`; import and export in `serialise.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

SCHEMA_VERSION = 1
OTHER_VALUE = "other"
OTHER_LABEL = "Other — please specify"
PREFER_NOT_TO_SAY = "prefer_not_to_say"


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    GRID = "grid"
    RANKING = "ranking"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    WARD = "ward"
    POSTCODE = "postcode"
    CONSENT = "consent"
    INFORMATION = "information"
    FACE_SCALE = "face_scale"


class Audience(StrEnum):
    PUBLIC = "public"
    STAKEHOLDER = "stakeholder"
    SCHOOLS = "schools"


class PostcodeStore(StrEnum):
    OUTWARD = "outward"
    SECTOR = "sector"
    FULL = "full"


DEFAULT_MAX_LENGTH = {QuestionType.SHORT_TEXT: 200, QuestionType.LONG_TEXT: 2000}
DEFAULT_PICK = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition, with where it is."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DefinitionError(ValueError):
    """A definition that cannot be used; `problems` lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UnknownPageError(LookupError):
    pass


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    emoji: str | None = None


@dataclass(frozen=True)
class GridRow:
    value: str
    label: str


@dataclass(frozen=True)
class ShowIf:
    """Show a page or question only when an earlier answer matches; exactly one of the three tests is set."""

    question: str
    equals: str | None = None
    any_of: tuple[str, ...] | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: str = ""
    hint: str | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    rows: tuple[GridRow, ...] = ()
    other: bool = False
    other_label: str | None = None
    exclusive: tuple[str, ...] = ()
    max_choices: int | None = None
    pick: int | None = None
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    not_in_future: bool = False
    store: PostcodeStore | None = None
    body: str | None = None
    show_if: ShowIf | None = None
    equality: bool = False
    required_message: str | None = None

    @property
    def choices(self) -> tuple[Option, ...]:
        """Options as a respondent sees them, with "Other" last when the question has it."""
        if self.other:
            return (*self.options, Option(OTHER_VALUE, self.other_label or OTHER_LABEL))
        return self.options

    @property
    def choice_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.choices)

    @property
    def has_rows(self) -> bool:
        return bool(self.rows)

    @property
    def effective_max_length(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type)

    @property
    def effective_pick(self) -> int:
        return self.pick or DEFAULT_PICK

    @property
    def effective_store(self) -> PostcodeStore:
        return self.store or PostcodeStore.SECTOR

    def option_label(self, value: str) -> str:
        for option in self.choices:
            if option.value == value:
                return option.label
        return value

    def row_label(self, value: str) -> str:
        for row in self.rows:
            if row.value == value:
                return row.label
        return value


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    show_if: ShowIf | None = None


@dataclass(frozen=True)
class SurveyDefinition:
    slug: str
    title: str
    audience: Audience
    pages: tuple[Page, ...]
    description: str | None = None
    schema_version: int = SCHEMA_VERSION
    _questions: dict[str, Question] = field(init=False, repr=False, compare=False, hash=False)
    _page_of: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        questions = {q.id: q for page in self.pages for q in page.questions}
        page_of = {q.id: page.id for page in self.pages for q in page.questions}
        object.__setattr__(self, "_questions", questions)
        object.__setattr__(self, "_page_of", page_of)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self._questions.values())

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise UnknownPageError(page_id)

    def page_id_of(self, question_id: str) -> str:
        return self._page_of[question_id]
