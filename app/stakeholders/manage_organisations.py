"""An officer keeps the list of stakeholder organisations and their contacts: adding, editing and removing them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.errors import DomainError
from app.common.forms import form_page
from app.models import Role
from app.stakeholders import invitations, services
from app.stakeholders.forms import ConfirmForm, ContactDetailsForm, OrganisationDetailsForm


@roles_required(Role.OFFICER)
def list_organisations() -> ResponseReturnValue:
    return render_template(
        "stakeholders/list_organisations.html",
        rows=services.list_organisations(),
        surveys=invitations.list_stakeholder_surveys(),
        sector_label=services.sector_label,
    )


@roles_required(Role.OFFICER)
def create_organisation() -> ResponseReturnValue:
    form = OrganisationDetailsForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(current_actor(), form.name.data or "", form.sector.data or "")
        except DomainError as error:
            form.name.errors = [str(error)]
        else:
            flash(f"{organisation.name} added. Now add a contact.", "success")
            return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/create_organisation.html", form)


@roles_required(Role.OFFICER)
def show_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    return render_template(
        "stakeholders/show_organisation.html",
        organisation=organisation,
        contacts=services.list_contacts(organisation),
        surveys=invitations.organisation_surveys(organisation),
        sector=services.sector_label(organisation.sector),
    )


@roles_required(Role.OFFICER)
def update_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    form = OrganisationDetailsForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(current_actor(), organisation, form.name.data or "", form.sector.data or "")
        except DomainError as error:
            form.name.errors = [str(error)]
        else:
            flash("Organisation details saved.", "success")
            return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/update_organisation.html", form, organisation=organisation)


@roles_required(Role.OFFICER)
def remove_organisation(organisation_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    form, problem = ConfirmForm(), None
    if form.validate_on_submit():
        name = organisation.name
        try:
            services.remove_organisation(current_actor(), organisation)
        except DomainError as error:
            problem = str(error)
        else:
            flash(f"{name} removed.", "success")
            return redirect(url_for(".list_organisations"))
    return form_page(
        "stakeholders/remove_organisation.html",
        form,
        [{"text": problem, "href": "#remove"}] if problem else None,
        organisation=organisation,
    )


@roles_required(Role.OFFICER)
def add_contact(organisation_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    form = ContactDetailsForm()
    if form.validate_on_submit():
        services.add_contact(
            current_actor(), organisation, form.name.data or "", form.email.data or "", form.role.data or ""
        )
        flash("Contact added.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/add_contact.html", form, organisation=organisation)


@roles_required(Role.OFFICER)
def update_contact(organisation_id: int, contact_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    contact = services.get_contact(organisation, contact_id)
    form = ContactDetailsForm(obj=contact)
    if form.validate_on_submit():
        services.update_contact(
            current_actor(), contact, form.name.data or "", form.email.data or "", form.role.data or ""
        )
        flash("Contact details saved.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return form_page("stakeholders/update_contact.html", form, organisation=organisation, contact=contact)


@roles_required(Role.OFFICER)
def remove_contact(organisation_id: int, contact_id: int) -> ResponseReturnValue:
    organisation = services.get_organisation(organisation_id)
    contact = services.get_contact(organisation, contact_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.remove_contact(current_actor(), contact)
        flash("Contact removed.", "success")
        return redirect(url_for(".show_organisation", organisation_id=organisation.id))
    return render_template("stakeholders/remove_contact.html", form=form, organisation=organisation, contact=contact)
