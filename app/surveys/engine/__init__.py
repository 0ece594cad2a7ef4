"""SaferVoice survey engine: definitions, page reading, routing and display.

A pure library in the manner of ONS eq-questionnaire-runner: standard library and PyYAML only, nothing from Flask,
SQLAlchemy or the rest of the app, so every rule here is tested without a request or a database.
"""

from .answers import PageResult, error_anchor, field_names, form_values, page_values, read_page
from .definition import (
    OTHER_LABEL,
    OTHER_VALUE,
    PREFER_NOT_TO_SAY,
    SCHEMA_VERSION,
    Audience,
    DefinitionError,
    GridRow,
    Option,
    Page,
    PostcodeStore,
    Problem,
    Question,
    QuestionType,
    ShowIf,
    SurveyDefinition,
    UnknownPageError,
)
from .display import NOT_ANSWERED, SummaryRow, format_answer, summary_rows
from .errors import ErrorCode, ValidationError
from .faces import FACE_OPTIONS
from .items import AnswerItem, Answers
from .parsing import parse_definition, slugify
from .postcode import normalise_postcode, postcode_example
from .readers import Form, FormValues, clean_text, ordinal
from .routing import (
    condition_met,
    first_page,
    is_complete,
    is_page_visible,
    missing_required,
    next_page_id,
    previous_page_id,
    progress,
    prune_hidden,
    resume_page_id,
    visible_pages,
    visible_questions,
)
from .serialise import definition_to_dict, dump_definition, load_definition
from .wards import MK_WARDS, NOT_IN_MK, WARD_OPTIONS

__all__ = [
    "FACE_OPTIONS",
    "MK_WARDS",
    "NOT_ANSWERED",
    "NOT_IN_MK",
    "OTHER_LABEL",
    "OTHER_VALUE",
    "PREFER_NOT_TO_SAY",
    "SCHEMA_VERSION",
    "WARD_OPTIONS",
    "AnswerItem",
    "Answers",
    "Audience",
    "DefinitionError",
    "ErrorCode",
    "Form",
    "FormValues",
    "GridRow",
    "Option",
    "Page",
    "PageResult",
    "PostcodeStore",
    "Problem",
    "Question",
    "QuestionType",
    "ShowIf",
    "SummaryRow",
    "SurveyDefinition",
    "UnknownPageError",
    "ValidationError",
    "clean_text",
    "condition_met",
    "definition_to_dict",
    "dump_definition",
    "error_anchor",
    "field_names",
    "first_page",
    "form_values",
    "format_answer",
    "is_complete",
    "is_page_visible",
    "load_definition",
    "missing_required",
    "next_page_id",
    "normalise_postcode",
    "ordinal",
    "page_values",
    "postcode_example",
    "parse_definition",
    "previous_page_id",
    "progress",
    "prune_hidden",
    "read_page",
    "resume_page_id",
    "slugify",
    "summary_rows",
    "visible_pages",
    "visible_questions",
]
