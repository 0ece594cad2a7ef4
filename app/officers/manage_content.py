"""What officers add to a consultation: PDF documents, the timeline of milestones and the published results."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.forms import form_page
from app.consultations.services import get_consultation
from app.models import Role
from app.models.types import utcnow
from app.officers import consultations, documents, milestones
from app.officers.documents import DocumentError
from app.officers.forms import DocumentForm, MilestoneForm, ResultsForm
from app.surveys.views_support import document_response


def _to_overview(consultation_id: int, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("officers.show_consultation", consultation_id=consultation_id) + anchor)


@roles_required(Role.OFFICER)
def upload_document(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            documents.add_document(
                current_actor(),
                consultation,
                title=form.title.data or "",
                filename=upload.filename or "",
                content=upload.read(),
            )
        except DocumentError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            flash(f"Document \u2018{form.title.data}\u2019 uploaded", "success")
            return _to_overview(consultation_id, "#documents")
    return form_page(
        "officers/upload_document.html", form, consultation=consultation, size_limit=documents.size_limit_text()
    )


@roles_required(Role.OFFICER)
def download_document(consultation_id: int, document_id: int) -> ResponseReturnValue:
    return document_response(documents.get_document(get_consultation(consultation_id), document_id))


@roles_required(Role.OFFICER)
def delete_document(consultation_id: int, document_id: int) -> ResponseReturnValue:
    document = documents.get_document(get_consultation(consultation_id), document_id)
    title = document.title
    documents.delete_document(current_actor(), document)
    flash(f"Document \u2018{title}\u2019 deleted", "success")
    return _to_overview(consultation_id, "#documents")


@roles_required(Role.OFFICER)
def create_milestone(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = MilestoneForm()
    if form.validate_on_submit() and form.due_on:
        milestones.add_milestone(
            current_actor(),
            consultation,
            due_on=form.due_on,
            label=form.label.data or "",
            description=form.description.data or "",
        )
        flash("Milestone added", "success")
        return _to_overview(consultation_id, "#timeline")
    return form_page("officers/edit_milestone.html", form, consultation=consultation, milestone=None)


@roles_required(Role.OFFICER)
def update_milestone(consultation_id: int, milestone_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    milestone = milestones.get_milestone(consultation, milestone_id)
    form = MilestoneForm(obj=milestone)
    if not form.is_submitted():
        form.fill_date(milestone.due_on)
    if form.validate_on_submit() and form.due_on:
        milestones.update_milestone(
            current_actor(),
            milestone,
            due_on=form.due_on,
            label=form.label.data or "",
            description=form.description.data or "",
        )
        flash("Milestone saved", "success")
        return _to_overview(consultation_id, "#timeline")
    return form_page("officers/edit_milestone.html", form, consultation=consultation, milestone=milestone)


@roles_required(Role.OFFICER)
def delete_milestone(consultation_id: int, milestone_id: int) -> ResponseReturnValue:
    milestone = milestones.get_milestone(get_consultation(consultation_id), milestone_id)
    milestones.remove_milestone(current_actor(), milestone)
    flash("Milestone removed", "success")
    return _to_overview(consultation_id, "#timeline")


@roles_required(Role.OFFICER)
def update_results(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = ResultsForm(obj=consultation.results)
    if form.validate_on_submit():
        consultations.save_results(
            current_actor(),
            consultation,
            utcnow(),
            we_asked=form.we_asked.data or "",
            you_said=form.you_said.data or "",
            we_did=form.we_did.data or "",
        )
        flash("\u201cWe asked, you said, we did\u201d saved", "success")
        return _to_overview(consultation_id, "#results")
    return form_page(
        "officers/update_results.html", form, consultation=consultation, phase=consultation.phase(utcnow())
    )
