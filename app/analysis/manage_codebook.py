"""An officer keeps the consultation's codebook: the themes, their phrases, retiring and merging themes. Changes apply
to answers at the next recompute."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.analysis import codebooks
from app.analysis.forms import EmptyForm, MergeForm, ThemeForm, phrase_lines
from app.common.access import current_actor, roles_required
from app.common.errors import DomainError
from app.common.forms import error_list
from app.consultations.services import get_consultation
from app.models import Role


@roles_required(Role.OFFICER)
def show_codebook(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    themes = codebooks.list_themes(consultation)
    return render_template("analysis/show_codebook.html", consultation=consultation, themes=themes)


@roles_required(Role.OFFICER)
def add_theme(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            codebooks.add_theme(
                consultation,
                form.label.data,
                phrase_lines(form.phrases.data),
                current_actor(),
                description=form.description.data or "",
                examples=phrase_lines(form.examples.data),
            )
        except DomainError as error:
            form.label.errors.append(str(error))
        else:
            flash("Theme added. Recompute to apply it to every answer.", "success")
            return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    return render_template(
        "analysis/edit_theme.html", consultation=consultation, form=form, theme=None, errors=error_list(form)
    )


@roles_required(Role.OFFICER)
def edit_theme(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    theme = codebooks.get_theme(consultation, key)
    form = ThemeForm(
        data=None
        if request.method == "POST"
        else {
            "label": theme.label,
            "description": theme.description,
            "phrases": "\n".join(theme.phrases),
            "examples": "\n".join(theme.examples or []),
        }
    )
    if form.validate_on_submit():
        try:
            codebooks.update_theme(
                consultation,
                key,
                form.label.data,
                phrase_lines(form.phrases.data),
                current_actor(),
                description=form.description.data or "",
                examples=phrase_lines(form.examples.data),
            )
        except DomainError as error:
            form.phrases.errors.append(str(error))
        else:
            flash("Theme saved. Recompute to apply it to every answer.", "success")
            return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    merge = MergeForm(prefix="merge")
    merge.target.choices = _merge_choices(consultation, key)
    return render_template(
        "analysis/edit_theme.html",
        consultation=consultation,
        form=form,
        theme=theme,
        merge=merge,
        retire=EmptyForm(prefix="retire"),
        errors=error_list(form),
    )


@roles_required(Role.OFFICER)
def retire_theme(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    theme = codebooks.get_theme(consultation, key)
    if EmptyForm(prefix="retire").validate_on_submit():
        codebooks.retire_theme(consultation, key, current_actor(), retired=not theme.retired)
        flash(f"{theme.label} {'retired' if theme.retired else 'restored'}", "success")
    return redirect(url_for(".show_codebook", consultation_id=consultation_id))


@roles_required(Role.OFFICER)
def merge_themes(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    codebooks.get_theme(consultation, key)
    form = MergeForm(prefix="merge")
    form.target.choices = _merge_choices(consultation, key)
    if form.validate_on_submit():
        target = codebooks.merge_themes(consultation, key, form.target.data, current_actor())
        flash(f"Merged into {target.label}", "success")
        return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    flash(error_list(form)[0]["text"] if error_list(form) else "Select the theme to merge into", "error")
    return redirect(url_for(".edit_theme", consultation_id=consultation_id, key=key))


def _merge_choices(consultation, key: str) -> list[tuple[str, str]]:
    return [("", "Select a theme")] + [
        (t.key, t.label) for t in codebooks.list_themes(consultation) if t.key != key and not t.retired
    ]
