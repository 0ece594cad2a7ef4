"""Which pages and questions a respondent sees, given their answers so far.

Show-if conditions only look backwards, so one pass in survey order settles everything.
"""

from __future__ import annotations

from .definition import Page, Question, QuestionType, ShowIf, SurveyDefinition
from .items import AnswerItem, Answers


def condition_met(condition: ShowIf | None, answers: Answers) -> bool:
    if condition is None:
        return True
    items = answers.get(condition.question, ())
    if condition.answered is not None:
        return bool(items) is condition.answered
    chosen = {item.value for item in items if item.item is None}
    if condition.equals is not None:
        return condition.equals in chosen
    return bool(chosen.intersection(condition.any_of or ()))


def visible_questions(definition: SurveyDefinition, page: Page | str, answers: Answers) -> tuple[Question, ...]:
    """The page's questions whose conditions hold; an earlier question on the same page counts with its answer.

    A question that depends on another on the same page stays hidden until that answer is saved, so authors
    should put follow-up questions on a later page (the page is skipped when all its questions are hidden).
    """
    page = definition.page(page) if isinstance(page, str) else page
    if not condition_met(page.show_if, answers):
        return ()
    seen = dict(answers)
    shown: list[Question] = []
    for question in page.questions:
        if condition_met(question.show_if, seen):
            shown.append(question)
        else:
            seen.pop(question.id, None)
    return tuple(shown)


def is_page_visible(definition: SurveyDefinition, page: Page | str, answers: Answers) -> bool:
    """A page is shown when its own condition holds and at least one of its questions is shown."""
    return bool(visible_questions(definition, page, answers))


def visible_pages(definition: SurveyDefinition, answers: Answers) -> tuple[Page, ...]:
    pruned = prune_hidden(definition, answers)
    return tuple(page for page in definition.pages if is_page_visible(definition, page, pruned))


def first_page(definition: SurveyDefinition) -> Page:
    """The page to start on; show-if conditions only look backwards, so the first page is always shown."""
    return definition.pages[0]


def next_page_id(definition: SurveyDefinition, page_id: str, answers: Answers) -> str | None:
    """The next page the respondent should see after `page_id`; None means go to check your answers."""
    index = _index(definition, page_id)
    pruned = prune_hidden(definition, answers)
    for page in definition.pages[index + 1 :]:
        if is_page_visible(definition, page, pruned):
            return page.id
    return None


def previous_page_id(definition: SurveyDefinition, page_id: str, answers: Answers) -> str | None:
    """The page a Back link should go to; None on the first page."""
    index = _index(definition, page_id)
    pruned = prune_hidden(definition, answers)
    for page in reversed(definition.pages[:index]):
        if is_page_visible(definition, page, pruned):
            return page.id
    return None


def progress(definition: SurveyDefinition, page_id: str, answers: Answers) -> tuple[int, int]:
    """(page number, page count) for "Page 2 of 6".

    A page that hangs on a question the respondent has not reached yet is counted as if it will be shown, so the
    count is the most they may still see: it falls when an answer skips pages and never grows as they go on (a
    total that climbs from 13 to 16 reads as a survey that keeps getting longer)."""
    index = _index(definition, page_id)
    reached = {question.id for page in definition.pages[:index] for question in page.questions}
    pruned = prune_hidden(definition, answers)
    pages = [
        page.id
        for position, page in enumerate(definition.pages)
        if position == index or _may_be_shown(page, pruned, reached)
    ]
    return pages.index(page_id) + 1, len(pages)


def _may_be_shown(page: Page, answers: Answers, reached: set[str]) -> bool:
    def possible(condition: ShowIf | None) -> bool:
        undecided = condition is not None and condition.question not in answers and condition.question not in reached
        return undecided or condition_met(condition, answers)

    return possible(page.show_if) and any(possible(question.show_if) for question in page.questions)


def resume_page_id(definition: SurveyDefinition, answers: Answers) -> str | None:
    """Where a respondent coming back should carry on: the page after the last page they answered (the first page
    if they answered none); None when they answered the last page, so they go to check their answers."""
    pruned = prune_hidden(definition, answers)
    pages = visible_pages(definition, pruned)
    answered = [
        position for position, page in enumerate(pages) if any(pruned.get(question.id) for question in page.questions)
    ]
    following = answered[-1] + 1 if answered else 0
    return pages[following].id if following < len(pages) else None


def prune_hidden(definition: SurveyDefinition, answers: Answers) -> dict[str, tuple[AnswerItem, ...]]:
    """Answers with every hidden or unknown question removed, so a changed answer never leaves stale ones behind."""
    kept: dict[str, tuple[AnswerItem, ...]] = {}
    for page in definition.pages:
        if not condition_met(page.show_if, kept):
            continue
        for question in page.questions:
            if question.id in answers and condition_met(question.show_if, kept):
                kept[question.id] = tuple(answers[question.id])
    return kept


def missing_required(definition: SurveyDefinition, answers: Answers) -> list[str]:
    """Ids of required questions the respondent can see but has not fully answered, in survey order."""
    pruned = prune_hidden(definition, answers)
    return [
        question.id
        for page in visible_pages(definition, pruned)
        for question in visible_questions(definition, page, pruned)
        if question.required and not is_complete(question, pruned.get(question.id, ()))
    ]


def is_complete(question: Question, items: tuple[AnswerItem, ...]) -> bool:
    if question.type is QuestionType.INFORMATION:
        return True
    if question.rows:
        answered_rows = {item.item for item in items}
        return all(row.value in answered_rows for row in question.rows)
    return any(item.item is None for item in items)


def _index(definition: SurveyDefinition, page_id: str) -> int:
    definition.page(page_id)
    return next(i for i, page in enumerate(definition.pages) if page.id == page_id)
