"""Show-if conditions, chosen in two steps that work without JavaScript: first an earlier question, then its
answers."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask.typing import ResponseReturnValue

from app.builder import services
from app.builder.editing import is_choice
from app.builder.forms import ConditionSourceForm, ConditionValuesForm
from app.builder.support import KINDS, builder_form_page, question_of, saved, try_edit
from app.common.access import current_actor, roles_required
from app.models import Role

ALWAYS = "_always"


@roles_required(Role.OFFICER)
def choose_condition(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    if kind not in KINDS:
        abort(404)
    target, sources = services.condition_context(survey, kind, target_id)
    form = ConditionSourceForm(data={"source": (target.get("show_if") or {}).get("question", ALWAYS)})
    form.source.choices = [(q.id, q.label) for q in sources] + [(ALWAYS, "Always show it")]
    if form.validate_on_submit():
        if form.source.data != ALWAYS:
            return redirect(
                url_for(
                    ".edit_condition", survey_id=survey.id, kind=kind, target_id=target_id, source_id=form.source.data
                )
            )
        result = try_edit(lambda: services.set_condition(survey, kind, target_id, None, [], current_actor()), form)
        if result is not None:
            return saved(survey.id, result, "Condition removed", f"{kind}-{target_id}")
    return builder_form_page(
        "builder/choose_condition.html", form, survey=survey, kind=kind, target=target, sources=sources, always=ALWAYS
    )


@roles_required(Role.OFFICER)
def edit_condition(survey_id: int, kind: str, target_id: str, source_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    if kind not in KINDS:
        abort(404)
    target, _sources = services.condition_context(survey, kind, target_id)
    source = question_of(services.editing_definition(survey), source_id)
    current = target.get("show_if") or {}
    chosen = [current["equals"]] if "equals" in current else list(current.get("any_of", []))
    form = ConditionValuesForm(data={"values": chosen if current.get("question") == source_id else []})
    form.values.choices = [(option.value, option.label) for option in source.choices]
    if form.validate_on_submit():
        result = try_edit(
            lambda: services.set_condition(survey, kind, target_id, source_id, form.values.data or [], current_actor()),
            form,
        )
        if result is not None:
            return saved(survey.id, result, "Condition saved", f"{kind}-{target_id}")
    return builder_form_page(
        "builder/edit_condition.html",
        form,
        survey=survey,
        kind=kind,
        target=target,
        source=source,
        choice=is_choice(source),
    )
