"""Checks that need the whole survey: unique ids and show-if conditions that point backwards at real answers."""

from __future__ import annotations

from .definition import Problem, Question, QuestionType, ShowIf, SurveyDefinition

CHOICE_TYPES = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.WARD, QuestionType.CONSENT}
)


def is_choice_question(question: Question) -> bool:
    """True when the question stores one or more option values as its answer (so `equals` can test it)."""
    return question.type in CHOICE_TYPES or (question.type is QuestionType.FACE_SCALE and not question.rows)


def check_references(definition: SurveyDefinition) -> list[Problem]:
    problems: list[Problem] = []
    seen_pages: set[str] = set()
    earlier: dict[str, Question] = {}
    for page_index, page in enumerate(definition.pages):
        page_path = f"pages[{page_index}] ({page.id})"
        if page.id in seen_pages:
            problems.append(Problem(page_path, f'duplicate page id "{page.id}"'))
        seen_pages.add(page.id)
        if page.show_if is not None:
            problems.extend(_check_show_if(page.show_if, f"{page_path}.show_if", earlier, definition))
        for index, question in enumerate(page.questions):
            path = f"pages[{page_index}].questions[{index}] ({question.id})"
            if question.id in earlier:
                problems.append(Problem(path, f'duplicate question id "{question.id}"'))
            if question.show_if is not None:
                problems.extend(_check_show_if(question.show_if, f"{path}.show_if", earlier, definition))
            earlier.setdefault(question.id, question)
    return problems


def _check_show_if(
    condition: ShowIf, path: str, earlier: dict[str, Question], definition: SurveyDefinition
) -> list[Problem]:
    target = earlier.get(condition.question)
    if target is None:
        if definition.has_question(condition.question):
            return [Problem(path, f'refers to "{condition.question}", which does not come before it in the survey')]
        return [Problem(path, f'refers to unknown question "{condition.question}"')]
    tested = [condition.equals] if condition.equals is not None else list(condition.any_of or ())
    if not tested:
        return []
    if not is_choice_question(target):
        return [Problem(path, f'"{target.id}" is a {target.type} question; use "answered" to test it')]
    return [
        Problem(path, f'"{value}" is not an option of "{target.id}"')
        for value in tested
        if value not in target.choice_values
    ]
