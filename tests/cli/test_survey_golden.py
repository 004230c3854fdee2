"""Golden tallies of the 11 real survey exports in ../shared/real-inputs/survey/ (issue 16).

Each export is imported through the CLI (the key is empty, so only e-mails,
phones and RUTs would be masked) and tallied with ``-f csv``; the output is
compared byte for byte with ``tests/golden/survey-tally-<file stem>.csv``.
The Taguette highlights export is not a survey: it is refused by default
and tallied here as a plain table (``--source plain``). The counts in these
files were checked against the exports with pandas (see the note of issue 16).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.store.project import Project
from tests.cli.test_tally import check_golden
from tests.conftest import REAL_INPUTS, real_input

SURVEYS = [
    "googleforms_autistica_citizen_science.csv",
    "googleforms_serdif_pssuq_phase2_dup_headers.csv",
    "kobotoolbox_kobocruncher_sample_export.xlsx",
    "qualcoder_example_survey456_crlf.csv",
    "qualtrics_coded_comments_Q5.xlsx",
    "qualtrics_legacy_coded_comments.csv",
    "qualtrics_legacy_v2_bom.csv",
    "qualtrics_v3_sample_de.csv",
    "surveymonkey_starwars_fivethirtyeight_raw_CR_nonutf8.csv",
    "surveymonkey_thanksgiving2015_fivethirtyeight_first150.csv",
    "taguette_serdif_pssuq_comment_tags.csv",
]


def test_the_list_is_every_real_survey() -> None:
    folder = REAL_INPUTS / "survey"
    if not folder.is_dir():
        pytest.skip("real inputs not available")
    assert sorted(p.name for p in folder.iterdir()) == SURVEYS


@pytest.mark.parametrize("name", SURVEYS)
def test_real_survey_tally_golden(
    run: Callable[..., object], project: Project, request: pytest.FixtureRequest, name: str
) -> None:
    path = real_input("survey", name)
    extra = ["--source", "plain"] if name.startswith("taguette") else []
    run("survey", "import", path, "--name", "s", "-p", project.root, *extra)
    result = run("survey", "tally", "s", "-f", "csv", "-p", project.root)
    check_golden(request, f"survey-tally-{Path(name).stem}.csv", result.stdout)
