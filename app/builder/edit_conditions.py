"""Show-if conditions, chosen in two steps that work without JavaScript: first an earlier question, then its
answers."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask.typing import ResponseReturnValue

from app.builder import services
from app.builder.editing import is_choice
from app.builder.forms import ConditionSourceForm, ConditionValuesForm
from app.builder.routes import KINDS, _form_page, _saved, _try, bp
from app.builder.support import acting_user, or_404
from app.common.access import roles_required
from app.models import Role

ALWAYS = "_always"


@bp.route("/<int:survey_id>/<kind>/<target_id>/condition", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def choose_condition(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    if kind not in KINDS:
        abort(404)
    target, sources = or_404(services.condition_context, survey, kind, target_id)
    form = ConditionSourceForm(data={"source": (target.get("show_if") or {}).get("question", ALWAYS)})
    form.source.choices = [(q.id, q.label) for q in sources] + [(ALWAYS, "Always show it")]
    if form.validate_on_submit():
        if form.source.data != ALWAYS:
            return redirect(url_for(".edit_condition", survey_id=survey.id, kind=kind, target_id=target_id,
                                    source_id=form.source.data))
        result = _try(lambda: services.set_condition(survey, kind, target_id, None, [], acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Condition removed", f"{kind}-{target_id}")
    return _form_page("builder/choose_condition.html", form, survey=survey, kind=kind, target=target,
                      sources=sources, always=ALWAYS)


@bp.route("/<int:survey_id>/<kind>/<target_id>/condition/<source_id>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_condition(survey_id: int, kind: str, target_id: str, source_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    if kind not in KINDS:
        abort(404)
    target, _sources = or_404(services.condition_context, survey, kind, target_id)
    source = or_404(services.editing_definition(survey).question, source_id)
    current = target.get("show_if") or {}
    chosen = [current["equals"]] if "equals" in current else list(current.get("any_of", []))
    form = ConditionValuesForm(data={"values": chosen if current.get("question") == source_id else []})
    form.values.choices = [(option.value, option.label) for option in source.choices]
    if form.validate_on_submit():
        result = _try(lambda: services.set_condition(survey, kind, target_id, source_id, form.values.data or [],
                                                     acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Condition saved", f"{kind}-{target_id}")
    return _form_page("builder/edit_condition.html", form, survey=survey, kind=kind, target=target,
                      source=source, choice=is_choice(source))
