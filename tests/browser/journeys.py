"""Steps a respondent takes on survey pages, shared by the browser tests that walk a survey."""

from __future__ import annotations

from playwright.sync_api import Page


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def answer_first_choices(page: Page) -> None:
    """The first option of each radio group and list of checkboxes on the page, as a quick respondent would."""
    seen: set[str] = set()
    for choice in page.locator("input.govuk-radios__input, input.govuk-checkboxes__input").all():
        name = choice.get_attribute("name") or ""
        if name not in seen and choice.is_visible():
            seen.add(name)
            choice.check()
