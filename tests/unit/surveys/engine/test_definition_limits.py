"""A small definition file must not become a huge definition: aliases, parsed size and counts are limited."""

from __future__ import annotations

import json
import time

import pytest

from app.surveys.engine import DefinitionError, load_definition
from app.surveys.engine.parsing import MAX_OPTIONS, MAX_PAGES, MAX_QUESTIONS
from app.surveys.engine.serialise import MAX_ALIASES

HEAD = "schema_version: 1\nslug: s\ntitle: T\naudience: public\n"


def _problems(text: str, fmt: str = "yaml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_definition(text, fmt)
    return [str(problem) for problem in caught.value.problems]


def _laughs(levels: int, width: int) -> str:
    """Each level is a list of ``width`` aliases of the level below: ``width ** levels`` values from a small file."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return HEAD + "x:\n" + "\n".join("  " + line for line in lines) + "\npages: []\n"


def test_yaml_with_more_aliases_than_allowed_is_refused_before_it_is_built() -> None:
    text = _laughs(levels=9, width=12)
    started = time.perf_counter()
    problems = _problems(text)
    assert time.perf_counter() - started < 2
    assert problems == [f"The YAML uses more than {MAX_ALIASES} aliases (*name): write the repeated parts out instead"]


def test_yaml_whose_few_aliases_expand_too_far_is_refused_quickly() -> None:
    text = _laughs(levels=9, width=10)
    assert text.count("*") <= MAX_ALIASES and len(text) < 1000
    started = time.perf_counter()
    problems = _problems(text)
    assert time.perf_counter() - started < 2
    assert len(problems) == 1 and problems[0].startswith("The definition is too large")


def test_a_few_aliases_reusing_an_option_scale_still_work() -> None:
    text = (
        HEAD
        + """pages:
  - id: p
    title: P
    questions:
      - {id: a, type: single_choice, label: A, options: &scale [Agree, Disagree, Don't know]}
      - {id: b, type: single_choice, label: B, options: *scale}
"""
    )
    questions = load_definition(text, "yaml").pages[0].questions
    assert [option.value for option in questions[1].options] == ["agree", "disagree", "dont_know"]


def _survey(pages: int, questions: int, options: int) -> str:
    return json.dumps(
        {
            "schema_version": 1,
            "slug": "s",
            "title": "T",
            "audience": "public",
            "pages": [
                {
                    "id": f"p{p}",
                    "title": "P",
                    "questions": [
                        {
                            "id": f"q{p}_{q}",
                            "type": "single_choice",
                            "label": "Q",
                            "options": [f"Option {o}" for o in range(options)],
                        }
                        for q in range(questions)
                    ],
                }
                for p in range(pages)
            ],
        }
    )


def test_counts_of_pages_questions_and_options_are_limited() -> None:
    assert load_definition(_survey(10, 10, 10), "json").pages[9].questions[9].options[9].value == "option_9"
    assert _problems(_survey(MAX_PAGES + 1, 1, 2), "json") == [
        f"pages: a survey may have up to {MAX_PAGES} pages, not {MAX_PAGES + 1}"
    ]
    too_many = _problems(_survey(MAX_QUESTIONS // 20 + 1, 20, 2), "json")
    assert f"a survey may have up to {MAX_QUESTIONS} questions in all" in too_many[0] and len(too_many) == 1
    options = _problems(_survey(1, 1, MAX_OPTIONS + 1), "json")
    assert options == [
        f'pages[0].questions[0] (q0_0): "options" may have up to {MAX_OPTIONS} items, not {MAX_OPTIONS + 1}'
    ]
