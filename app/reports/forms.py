"""Forms of the officer reports: uploading a population profile, and the buttons that start exports."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class ProfileUploadForm(FlaskForm):
    source = StringField(
        "Where the figures come from",
        validators=[
            DataRequired("Enter where the figures come from, for example ONS Census 2021 table TS007A"),
            Length(max=300, message="The source must be 300 characters or fewer"),
        ],
    )
    file = FileField("Upload a CSV file", validators=[FileRequired("Select a CSV file to upload")])


class ExportForm(FlaskForm):
    """Only the CSRF token: the export kind is in the URL."""
