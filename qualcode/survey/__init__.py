"""Surveys: import exports of survey tools, code open answers, tally as "n of N (p%)".

* :mod:`~qualcode.survey.readers` reads CSV (any delimiter and encoding) and XLSX;
* :mod:`~qualcode.survey.layouts` recognises Qualtrics, SurveyMonkey, Google
  Forms and KoboToolbox layouts; :mod:`~qualcode.survey.foreign` recognises
  other tools' exports that are not surveys; :mod:`~qualcode.survey.sources`
  builds a :class:`Survey` (:mod:`~qualcode.survey.model`), typing the
  questions with :mod:`~qualcode.survey.question_types`;
  :mod:`~qualcode.survey.retype` changes a stored question's type;
* :mod:`~qualcode.survey.store` keeps surveys under ``fieldnotes/surveys/NAME/``;
* :mod:`~qualcode.survey.tally`, :mod:`~qualcode.survey.autocode` and
  :mod:`~qualcode.survey.cluster` count, auto-code and group answers.

May import: ``coding``, ``codebook``, ``pseudonymise``, ``store`` and the top-level
``errors``, ``models``, ``table``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode._lazy import lazy_exports

if TYPE_CHECKING:
    from qualcode.survey.model import QUESTION_TYPES, Question, Survey, SurveyCodings
    from qualcode.survey.store import (
        import_survey,
        list_surveys,
        load_codings,
        load_survey,
        save_codings,
        save_survey,
        update_codings,
    )
    from qualcode.survey.tally import tally_survey

_EXPORTS = {
    "QUESTION_TYPES": "qualcode.survey.model",
    "Question": "qualcode.survey.model",
    "Survey": "qualcode.survey.model",
    "SurveyCodings": "qualcode.survey.model",
    "import_survey": "qualcode.survey.store",
    "list_surveys": "qualcode.survey.store",
    "load_codings": "qualcode.survey.store",
    "load_survey": "qualcode.survey.store",
    "save_codings": "qualcode.survey.store",
    "save_survey": "qualcode.survey.store",
    "update_codings": "qualcode.survey.store",
    "tally_survey": "qualcode.survey.tally",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

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
    "update_codings",
]
