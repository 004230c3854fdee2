"""Surveys: import exports of survey tools, code open answers, tally as "n of N (p%)".

* :mod:`qualcode.survey.readers` reads CSV (any delimiter and encoding) and XLSX;
* :mod:`qualcode.survey.sources` recognises Qualtrics, SurveyMonkey, Google
  Forms and KoboToolbox layouts and builds a :class:`Survey`;
* :mod:`qualcode.survey.store` keeps surveys under ``fieldnotes/surveys/NAME/``;
* :mod:`qualcode.survey.tally`, :mod:`~qualcode.survey.autocode` and
  :mod:`~qualcode.survey.cluster` count, auto-code and group answers.
"""

from __future__ import annotations

from qualcode.survey.model import QUESTION_TYPES, Question, Survey, SurveyCodings
from qualcode.survey.store import (
    import_survey,
    list_surveys,
    load_codings,
    load_survey,
    save_codings,
    save_survey,
)
from qualcode.survey.tally import tally_survey

__all__ = [
    "QUESTION_TYPES",
    "Question",
    "Survey",
    "SurveyCodings",
    "import_survey",
    "list_surveys",
    "load_codings",
    "load_survey",
    "save_codings",
    "save_survey",
    "tally_survey",
]
