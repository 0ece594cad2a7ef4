"""The report workspace: the printable themed summary and the pages where an officer writes its executive summary,
lists the strategy's priorities and "You said, we did" actions, links each theme to them and pins quotes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.analysis.codebooks import labels
from app.common.access import current_actor, roles_required
from app.common.errors import NotFoundError
from app.common.forms import form_page
from app.consultations.services import get_consultation
from app.models import Consultation, Role
from app.models.types import utcnow
from app.reports import report_quotes, traceability
from app.reports.dashboard import catch_up_tallies
from app.reports.report_data import build_report, find_summary
from app.reports.report_forms import NONE, ActionForm, PinForm, PriorityForm, SummaryForm, ThemeLinkForm
from app.reports.report_text import hidden_wards, methodology, representativeness_note, sections_of, who_responded_rows
from app.reports.traceability import TraceabilityError


@roles_required(Role.OFFICER)
def show_report(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    catch_up_tallies(consultation)
    report = build_report(consultation)
    return render_template(
        "reports/show_report.html",
        consultation=consultation,
        report=report,
        contents=sections_of(report),
        who_responded=who_responded_rows(report),
        hidden_wards=hidden_wards(report),
        representativeness_note=representativeness_note(report),
        methodology=methodology(report),
    )


@roles_required(Role.OFFICER)
def update_summary(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    saved = find_summary(consultation)
    form = SummaryForm()
    report = build_report(consultation)
    if not form.is_submitted():
        form.text.data = saved.text if saved else "\n\n".join(report.findings)
    if form.validate_on_submit():
        traceability.save_summary(current_actor(), consultation, form.text.data or "", utcnow())
        flash("Executive summary saved", "success")
        return redirect(url_for(".show_report", consultation_id=consultation_id) + "#executive-summary")
    return form_page(
        "reports/update_summary.html", form, consultation=consultation, findings=report.findings, saved=saved
    )


@roles_required(Role.OFFICER)
def list_priorities(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    priorities = traceability.list_priorities(consultation)
    return render_template(
        "reports/list_priorities.html",
        consultation=consultation,
        priorities=priorities,
        labels={p.id: p.label for p in priorities},
        actions=traceability.list_actions(consultation),
        rows={row.key: row.label for row in traceability.rating_rows(consultation)},
        form=PinForm(),
    )


@roles_required(Role.OFFICER)
def update_priority(consultation_id: int, priority_id: int | None = None) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    priority = traceability.get_priority(consultation, priority_id) if priority_id else None
    form = PriorityForm(obj=priority)
    form.rating_key.choices = [(NONE, "Not rated in the surveys")] + [
        (row.key, row.label) for row in traceability.rating_rows(consultation)
    ]
    errors = []
    if form.validate_on_submit():
        try:
            traceability.save_priority(
                current_actor(),
                consultation,
                priority,
                label=form.label.data or "",
                rating_key=form.rating_key.data or "",
            )
        except TraceabilityError as error:
            errors = [{"text": str(error), "href": f"#{form.rating_key.id}"}]
        else:
            flash("Priority saved", "success")
            return redirect(url_for(".list_priorities", consultation_id=consultation_id))
    return form_page("reports/update_priority.html", form, errors, consultation=consultation, priority=priority)


@roles_required(Role.OFFICER)
def delete_priority(consultation_id: int, priority_id: int) -> ResponseReturnValue:
    consultation = _posted(consultation_id)
    traceability.remove_priority(current_actor(), traceability.get_priority(consultation, priority_id))
    flash("Priority removed; its themes and actions are kept, unlinked", "success")
    return redirect(url_for(".list_priorities", consultation_id=consultation_id))


@roles_required(Role.OFFICER)
def update_action(consultation_id: int, action_id: int | None = None) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    action = traceability.get_action(consultation, action_id) if action_id else None
    form = ActionForm(obj=action)
    if action is not None and not form.is_submitted():
        form.priority_id.data = str(action.priority_id or "")
    form.priority_id.choices = _priority_choices(consultation)
    if form.validate_on_submit():
        try:
            traceability.save_action(
                current_actor(),
                consultation,
                action,
                priority_id=form.priority,
                you_said=form.you_said.data or "",
                we_did=form.we_did.data or "",
            )
        except (NotFoundError, ValueError):
            abort(400)
        flash("“You said, we did” action saved", "success")
        return redirect(url_for(".list_priorities", consultation_id=consultation_id) + "#actions")
    return form_page("reports/update_action.html", form, consultation=consultation, action=action)


@roles_required(Role.OFFICER)
def delete_action(consultation_id: int, action_id: int) -> ResponseReturnValue:
    consultation = _posted(consultation_id)
    traceability.remove_action(current_actor(), traceability.get_action(consultation, action_id))
    flash("Action removed", "success")
    return redirect(url_for(".list_priorities", consultation_id=consultation_id) + "#actions")


@roles_required(Role.OFFICER)
def list_report_themes(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    return render_template(
        "reports/list_report_themes.html", consultation=consultation, themes=build_report(consultation).themes
    )


@roles_required(Role.OFFICER)
def update_report_theme(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    label = labels(consultation).get(key) or abort(404)
    link = traceability.theme_links(consultation).get(key)
    form = ThemeLinkForm()
    if link is not None and not form.is_submitted():
        form.priority_id.data, form.action_id.data = str(link.priority_id or ""), str(link.action_id or "")
    form.priority_id.choices = _priority_choices(consultation)
    form.action_id.choices = [(NONE, "None")] + [
        (str(a.id), a.we_did[:80]) for a in traceability.list_actions(consultation)
    ]
    if form.validate_on_submit():
        try:
            traceability.link_theme(
                current_actor(), consultation, key, priority_id=form.priority, action_id=form.action
            )
        except (NotFoundError, ValueError):
            abort(400)
        flash(f"{label}: links saved", "success")
        return redirect(url_for(".update_report_theme", consultation_id=consultation_id, key=key))
    return form_page(
        "reports/update_report_theme.html",
        form,
        consultation=consultation,
        key=key,
        label=label,
        quotes=report_quotes.candidates(consultation, key),
        pin_form=PinForm(),
    )


@roles_required(Role.OFFICER)
def pin_quote(consultation_id: int, key: str, answer_id: int) -> ResponseReturnValue:
    consultation = _posted(consultation_id)
    try:
        report_quotes.pin_quote(current_actor(), consultation, key, answer_id)
    except TraceabilityError as error:
        flash(str(error), "error")
    else:
        flash("Quote pinned: the report quotes it under this theme", "success")
    return redirect(url_for(".update_report_theme", consultation_id=consultation_id, key=key) + "#quotes")


@roles_required(Role.OFFICER)
def unpin_quote(consultation_id: int, key: str, answer_id: int) -> ResponseReturnValue:
    consultation = _posted(consultation_id)
    report_quotes.unpin_quote(current_actor(), consultation, key, answer_id)
    flash("Quote unpinned", "success")
    return redirect(url_for(".update_report_theme", consultation_id=consultation_id, key=key) + "#quotes")


def _posted(consultation_id: int) -> Consultation:
    """The consultation of a button's POST, once its CSRF token is checked (the buttons carry nothing else)."""
    consultation = get_consultation(consultation_id)
    if not PinForm().validate_on_submit():
        abort(400)
    return consultation


def _priority_choices(consultation: Consultation) -> list[tuple[str, str]]:
    return [(NONE, "None")] + [(str(p.id), p.label) for p in traceability.list_priorities(consultation)]


def results_trail(consultation: Consultation) -> list[traceability.TrailStep]:
    """The public results page's priority -> what people said -> what changes (surveys/show_consultation.html)."""
    return traceability.results_trail(consultation)
