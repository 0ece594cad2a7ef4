"""Turn a mapping (from JSON or YAML) into a SurveyDefinition, collecting every problem before giving up.

Authors fix definitions in one go when they see all the problems at once, each with a path like
`pages[1].questions[2] (safe_after_dark)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from .definition import (
    OTHER_VALUE,
    SCHEMA_VERSION,
    Audience,
    DefinitionError,
    GridRow,
    Option,
    Page,
    PostcodeStore,
    Problem,
    Question,
    QuestionType,
    ShowIf,
    SurveyDefinition,
)
from .faces import FACE_OPTIONS
from .validation import check_references
from .wards import WARD_OPTIONS

T = QuestionType
E = TypeVar("E", bound=StrEnum)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION_ID_RE = re.compile(r"^[a-z0-9_]+$")
VALUE_RE = re.compile(r"^[a-z0-9_-]+$")

TOP_KEYS = frozenset({"schema_version", "slug", "title", "audience", "description", "pages"})
PAGE_KEYS = frozenset({"id", "title", "description", "show_if", "questions"})
SHOW_IF_KEYS = frozenset({"question", "equals", "any_of", "answered"})
COMMON_KEYS = frozenset({"id", "type", "label", "hint", "required", "show_if", "required_message"})
TYPE_KEYS: dict[QuestionType, frozenset[str]] = {
    T.SINGLE_CHOICE: frozenset({"options", "other", "other_label", "equality"}),
    T.MULTIPLE_CHOICE: frozenset({"options", "other", "other_label", "exclusive", "max_choices", "equality"}),
    T.GRID: frozenset({"rows", "options"}),
    T.RANKING: frozenset({"options", "pick"}),
    T.SHORT_TEXT: frozenset({"max_length"}),
    T.LONG_TEXT: frozenset({"max_length"}),
    T.NUMBER: frozenset({"min", "max"}),
    T.DATE: frozenset({"not_in_future"}),
    T.WARD: frozenset({"equality"}),
    T.POSTCODE: frozenset({"store"}),
    T.CONSENT: frozenset(),
    T.INFORMATION: frozenset({"body"}),
    T.FACE_SCALE: frozenset({"rows"}),
}
MAX_PAGES = 100
MAX_QUESTIONS = 500
"""Questions in the whole survey; a long consultation survey has about 60."""
MAX_OPTIONS = 300
"""Options (or grid rows) in one question."""
NEEDS_OPTIONS = frozenset({T.SINGLE_CHOICE, T.MULTIPLE_CHOICE, T.GRID, T.RANKING})
GENERATED_OPTIONS = {T.WARD: WARD_OPTIONS, T.FACE_SCALE: FACE_OPTIONS, T.CONSENT: (Option("yes", "Yes"),)}


def slugify(label: str) -> str:
    """The value used for an option given as a plain string: "Don't know" -> "dont_know"."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"['’]", "", label.lower())).strip("_")


def parse_definition(data: Mapping[str, Any]) -> SurveyDefinition:
    """Validate `data` and build the definition; raise DefinitionError listing every problem found."""
    parser = _Parser()
    definition = parser.survey(data)
    if definition is not None:
        parser.problems.extend(check_references(definition))
    if parser.problems or definition is None:
        raise DefinitionError(parser.problems or [Problem("", "The definition is empty")])
    return definition


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.questions = 0

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def survey(self, data: Any) -> SurveyDefinition | None:
        if not isinstance(data, Mapping):
            self.add("", "The definition must be a mapping of keys to values")
            return None
        self.unknown_keys(data, TOP_KEYS, "")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            self.add("schema_version", f"must be {SCHEMA_VERSION} (found {version!r})")
        slug = self.text(data, "slug", "", required=True)
        if slug and not SLUG_RE.match(slug):
            self.add("slug", "must use only lower-case letters, digits and single hyphens")
        audience = self.enum(data, "audience", "", Audience, required=True)
        pages = self.pages(data.get("pages"))
        return SurveyDefinition(
            slug=slug or "",
            title=self.text(data, "title", "", required=True) or "",
            audience=audience or Audience.PUBLIC,
            pages=pages,
            description=self.text(data, "description", ""),
        )

    def pages(self, raw: Any) -> tuple[Page, ...]:
        if not isinstance(raw, list) or not raw:
            self.add("pages", "must be a list with at least one page")
            return ()
        if len(raw) > MAX_PAGES:
            self.add("pages", f"a survey may have up to {MAX_PAGES} pages, not {len(raw)}")
            return ()
        return tuple(page for i, item in enumerate(raw) if (page := self.page(item, f"pages[{i}]")) is not None)

    def page(self, raw: Any, path: str) -> Page | None:
        if not isinstance(raw, Mapping):
            self.add(path, "must be a mapping")
            return None
        page_id = self.text(raw, "id", path, required=True) or ""
        path = f"{path} ({page_id})" if page_id else path
        if page_id and not SLUG_RE.match(page_id):
            self.add(path, '"id" must use only lower-case letters, digits and single hyphens')
        self.unknown_keys(raw, PAGE_KEYS, path)
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            self.add(path, '"questions" must be a list with at least one question')
            questions = []
        self.questions += len(questions)
        if self.questions > MAX_QUESTIONS:
            if self.questions - len(questions) <= MAX_QUESTIONS:
                self.add(path, f"a survey may have up to {MAX_QUESTIONS} questions in all")
            questions = []
        parsed = (self.question(item, f"{path.split(' ')[0]}.questions[{i}]") for i, item in enumerate(questions))
        return Page(
            id=page_id,
            title=self.text(raw, "title", path, required=True) or "",
            questions=tuple(q for q in parsed if q is not None),
            description=self.text(raw, "description", path),
            show_if=self.show_if(raw.get("show_if"), path),
        )

    def question(self, raw: Any, path: str) -> Question | None:
        if not isinstance(raw, Mapping):
            self.add(path, "must be a mapping")
            return None
        question_id = self.text(raw, "id", path, required=True) or ""
        path = f"{path} ({question_id})" if question_id else path
        if question_id and not QUESTION_ID_RE.match(question_id):
            self.add(path, '"id" must use only lower-case letters, digits and underscores')
        qtype = self.enum(raw, "type", path, QuestionType, required=True)
        if qtype is None:
            return None
        self.type_keys(raw, qtype, path)
        raw = {key: value for key, value in raw.items() if key in COMMON_KEYS | TYPE_KEYS[qtype]}
        question = Question(
            id=question_id,
            type=qtype,
            label=self.text(raw, "label", path, required=qtype is not T.INFORMATION) or "",
            hint=self.text(raw, "hint", path),
            required=self.boolean(raw, "required", path, default=qtype is T.CONSENT),
            options=GENERATED_OPTIONS.get(qtype) or self.options(raw.get("options"), path, "options"),
            rows=self.rows(raw.get("rows"), path),
            other=self.boolean(raw, "other", path),
            other_label=self.text(raw, "other_label", path),
            exclusive=self.values(raw.get("exclusive"), path, "exclusive"),
            max_choices=self.integer(raw, "max_choices", path, minimum=1),
            pick=self.integer(raw, "pick", path, minimum=1),
            max_length=self.integer(raw, "max_length", path, minimum=1),
            min=self.integer(raw, "min", path),
            max=self.integer(raw, "max", path),
            not_in_future=self.boolean(raw, "not_in_future", path),
            store=self.enum(raw, "store", path, PostcodeStore),
            body=self.text(raw, "body", path, required=qtype is T.INFORMATION),
            show_if=self.show_if(raw.get("show_if"), path),
            equality=self.boolean(raw, "equality", path),
            required_message=self.text(raw, "required_message", path),
        )
        self.check_question(question, raw, path)
        return question

    def type_keys(self, raw: Mapping[str, Any], qtype: QuestionType, path: str) -> None:
        allowed = COMMON_KEYS | TYPE_KEYS[qtype]
        for key in raw:
            if key in allowed:
                continue
            if any(key in keys for keys in TYPE_KEYS.values()):
                self.add(path, f'"{key}" is not allowed for a {qtype} question')
            else:
                self.add(path, f'unknown key "{key}"')

    def check_question(self, q: Question, raw: Mapping[str, Any], path: str) -> None:
        if q.type in NEEDS_OPTIONS and "options" not in raw:
            self.add(path, f'"options" is required for a {q.type} question')
        if q.type is T.GRID and "rows" not in raw:
            self.add(path, '"rows" is required for a grid question')
        self.check_choices(q, path)
        if q.min is not None and q.max is not None and q.min > q.max:
            self.add(path, '"min" must not be more than "max"')
        if q.type is T.CONSENT and not q.required:
            self.add(path, "a consent question is always required")
        if q.equality:
            self.check_equality(q, path)

    def check_choices(self, q: Question, path: str) -> None:
        if q.other_label and not q.other:
            self.add(path, '"other_label" needs "other: true"')
        if q.other and OTHER_VALUE in {option.value for option in q.options}:
            self.add(path, f'option value "{OTHER_VALUE}" is reserved for the "other" answer')
        for value in q.exclusive:
            if value not in q.choice_values:
                self.add(path, f'"exclusive" names "{value}", which is not one of the options')
        if q.max_choices is not None and q.max_choices > len(q.choices):
            self.add(path, f'"max_choices" is {q.max_choices} but there are only {len(q.choices)} options')
        if q.type is T.RANKING and q.effective_pick > len(q.options):
            self.add(path, f'"pick" is {q.effective_pick} but there are only {len(q.options)} options')

    def check_equality(self, q: Question, path: str) -> None:
        if q.required:
            self.add(path, "an equality monitoring question must not be required")
        if "prefer_not_to_say" not in q.choice_values:
            self.add(path, 'an equality monitoring question must have a "prefer_not_to_say" option')

    def options(self, raw: Any, path: str, key: str) -> tuple[Option, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            self.add(path, f'"{key}" must be a non-empty list')
            return ()
        if len(raw) > MAX_OPTIONS:
            self.add(path, f'"{key}" may have up to {MAX_OPTIONS} items, not {len(raw)}')
            return ()
        options = tuple(opt for i, item in enumerate(raw) if (opt := self.option(item, f"{path}.{key}[{i}]")))
        self.duplicates([option.value for option in options], path, key)
        return options

    def option(self, raw: Any, path: str) -> Option | None:
        if isinstance(raw, str) and raw.strip():
            value = slugify(raw)
            if not value:
                self.add(path, f'cannot make a value from "{raw}"; give {{value, label}}')
            return Option(value, raw.strip())
        if not isinstance(raw, Mapping):
            self.add(path, "must be text or a mapping with value and label")
            return None
        self.unknown_keys(raw, frozenset({"value", "label", "emoji"}), path)
        label = self.text(raw, "label", path, required=True) or ""
        value = self.text(raw, "value", path) or slugify(label)
        if value and not VALUE_RE.match(value):
            self.add(path, '"value" must use only lower-case letters, digits, hyphens and underscores')
        return Option(value, label, self.text(raw, "emoji", path))

    def rows(self, raw: Any, path: str) -> tuple[GridRow, ...]:
        options = self.options(raw, path, "rows")
        return tuple(GridRow(option.value, option.label) for option in options)

    def values(self, raw: Any, path: str, key: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.add(path, f'"{key}" must be a list of option values')
            return ()
        return tuple(raw)

    def show_if(self, raw: Any, path: str) -> ShowIf | None:
        if raw is None:
            return None
        path = f"{path}.show_if"
        if not isinstance(raw, Mapping):
            self.add(path, "must be a mapping like {question: q, equals: value}")
            return None
        self.unknown_keys(raw, SHOW_IF_KEYS, path)
        tests = [key for key in ("equals", "any_of", "answered") if key in raw]
        if len(tests) != 1:
            self.add(path, 'needs exactly one of "equals", "any_of" or "answered"')
        any_of = self.values(raw.get("any_of"), path, "any_of") if "any_of" in raw else None
        return ShowIf(
            question=self.text(raw, "question", path, required=True) or "",
            equals=self.text(raw, "equals", path),
            any_of=any_of,
            answered=self.boolean(raw, "answered", path) if "answered" in raw else None,
        )

    def duplicates(self, values: list[str], path: str, key: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.add(path, f'duplicate value "{value}" in "{key}"')
            seen.add(value)

    def unknown_keys(self, raw: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in raw:
            if key not in allowed:
                self.add(path, f'unknown key "{key}"')

    def text(self, raw: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, f'"{key}" is required')
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(path, f'"{key}" must be non-empty text')
            return None
        return value.strip()

    def boolean(self, raw: Mapping[str, Any], key: str, path: str, *, default: bool = False) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.add(path, f'"{key}" must be true or false')
            return default
        return value

    def integer(self, raw: Mapping[str, Any], key: str, path: str, *, minimum: int | None = None) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or (minimum is not None and value < minimum):
            self.add(path, f'"{key}" must be a whole number' + (f" of {minimum} or more" if minimum else ""))
            return None
        return value

    def enum(self, raw: Mapping[str, Any], key: str, path: str, kind: type[E], *, required: bool = False) -> E | None:
        value = raw.get(key)
        if value is None:
            if required:
                self.add(path, f'"{key}" is required')
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.add(path, f'"{key}" must be one of {allowed} (found {value!r})')
            return None
