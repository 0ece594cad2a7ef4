"""Import and export definitions as JSON or YAML, so surveys can be reviewed, versioned and reused."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .definition import (
    DefinitionError,
    Option,
    Page,
    Problem,
    Question,
    QuestionType,
    ShowIf,
    SurveyDefinition,
)
from .parsing import GENERATED_OPTIONS, parse_definition

FORMATS = {"json": "json", "yaml": "yaml", "yml": "yaml"}


MAX_ALIASES = 100
"""Aliases (`*name`) one YAML definition may use: enough to reuse an option scale, too few to multiply a small file."""
MAX_VALUES = 50_000
"""Keys, values and list items in a parsed definition, each alias counted as often as it is used (a 200-question
survey has about 10,000)."""
MAX_TEXT = 1_000_000
"""Characters of text in a parsed definition, aliases expanded."""


class _TooManyAliasesError(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans, which would turn options like `No` into False.

    Aliases are counted as the document is composed, so a file that nests aliases of aliases (a few kilobytes that
    expand to gigabytes) is refused before anything is built from it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooManyAliasesError
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_RE, list("tTfF"))


def load_definition(text: str, fmt: str | None = None) -> SurveyDefinition:
    """Parse a JSON or YAML definition. `fmt` may be "json", "yaml", "yml" or a file name; None sniffs the text."""
    kind = _format(text, fmt)
    data = _load_json(text) if kind == "json" else _load_yaml(text)
    _check_size(data)
    return parse_definition(data)


def dump_definition(definition: SurveyDefinition, fmt: str = "yaml") -> str:
    data = definition_to_dict(definition)
    if _format("", fmt) == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def _format(text: str, fmt: str | None) -> str:
    if fmt:
        key = fmt.rsplit(".", 1)[-1].lower()
        if key not in FORMATS:
            raise DefinitionError([Problem("", f'Unknown format "{fmt}": use JSON or YAML')])
        return FORMATS[key]
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"JSON syntax error on line {error.lineno}, column {error.colno}: {error.msg}"
        raise DefinitionError([Problem("", message)]) from error


def _load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # nosec B506 - _Loader is a SafeLoader subclass
    except yaml.YAMLError as error:
        raise DefinitionError([Problem("", _yaml_message(error))]) from error
    except _TooManyAliasesError:
        message = f"The YAML uses more than {MAX_ALIASES} aliases (*name): write the repeated parts out instead"
        raise DefinitionError([Problem("", message)]) from None


def _check_size(data: Any) -> None:
    """Refuse parsed data with more than ``MAX_VALUES`` values or ``MAX_TEXT`` characters. A container's items are
    counted before they are queued and the walk stops as soon as either limit is passed, so its cost is bounded even
    when aliases make the data look far bigger than the file."""
    values, characters, waiting = 1, 0, [data]
    while waiting:
        value = waiting.pop()
        children: list[Any] = []
        if isinstance(value, str):
            characters += len(value)
        elif isinstance(value, dict):
            children = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            children = value
        values += len(children)
        if values > MAX_VALUES or characters > MAX_TEXT:
            raise DefinitionError(
                [
                    Problem(
                        "",
                        f"The definition is too large: it may have up to {MAX_VALUES:,} "
                        f"values and {MAX_TEXT:,} characters of text",
                    )
                ]
            )
        waiting.extend(children)


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return f"YAML syntax error: {problem}"
    return f"YAML syntax error on line {mark.line + 1}, column {mark.column + 1}: {problem}"


def definition_to_dict(definition: SurveyDefinition) -> dict[str, Any]:
    """The definition as plain data that `parse_definition` reads back to an equal definition."""
    data: dict[str, Any] = {
        "schema_version": definition.schema_version,
        "slug": definition.slug,
        "title": definition.title,
        "audience": str(definition.audience),
    }
    _put(data, "description", definition.description)
    data["pages"] = [_page_to_dict(page) for page in definition.pages]
    return data


def _page_to_dict(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = {"id": page.id, "title": page.title}
    _put(data, "description", page.description)
    _put(data, "show_if", _show_if_to_dict(page.show_if))
    data["questions"] = [_question_to_dict(question) for question in page.questions]
    return data


def _question_to_dict(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": q.id, "type": str(q.type)}
    _put(data, "label", q.label or None)
    _put(data, "hint", q.hint)
    _put(data, "body", q.body)
    if q.required and q.type is not QuestionType.CONSENT:
        data["required"] = True
    if q.type not in GENERATED_OPTIONS:
        _put(data, "options", [_option_to_dict(option) for option in q.options] or None)
    _put(data, "rows", [{"value": row.value, "label": row.label} for row in q.rows] or None)
    for key in ("other", "not_in_future", "equality"):
        _put(data, key, getattr(q, key) or None)
    _put(data, "other_label", q.other_label)
    _put(data, "exclusive", list(q.exclusive) or None)
    for key in ("max_choices", "pick", "min", "max"):
        _put(data, key, getattr(q, key))
    _put(data, "max_length", q.max_length)
    _put(data, "store", str(q.store) if q.store else None)
    _put(data, "show_if", _show_if_to_dict(q.show_if))
    _put(data, "required_message", q.required_message)
    return data


def _option_to_dict(option: Option) -> dict[str, str]:
    data = {"value": option.value, "label": option.label}
    _put(data, "emoji", option.emoji)
    return data


def _show_if_to_dict(condition: ShowIf | None) -> dict[str, Any] | None:
    if condition is None:
        return None
    data: dict[str, Any] = {"question": condition.question}
    _put(data, "equals", condition.equals)
    _put(data, "any_of", list(condition.any_of) if condition.any_of is not None else None)
    _put(data, "answered", condition.answered)
    return data


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value
