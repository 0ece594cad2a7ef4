from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length


class FlagReviewForm(FlaskForm):
    decision = RadioField("What should happen to this answer?", choices=[
        ("close", "Close the flag and keep the answer out of reports"),
        ("clear", "Clear the flag and release the answer to reports (it is not a safeguarding concern)"),
    ], validators=[DataRequired("Choose what should happen to this answer")])
    action_taken = TextAreaField("Action taken", validators=[
        DataRequired("Record the action taken, for example who you spoke to and when"), Length(max=4000)])
