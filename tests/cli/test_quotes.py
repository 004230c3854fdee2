"""``qualcode quotes``: formats, boolean options, filters, citations."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from qualcode.store import yamlio
from qualcode.store.project import Project
from tests.retrieval import build, index_file


@pytest.fixture
def coded(project: Project) -> Project:
    build(project)
    return project


def test_json_has_the_documented_fields(run: Callable[..., object], coded: Project) -> None:
    result = run("quotes", "state", "-p", coded.root, "-f", "json")
    records = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert len(records) == 2
    assert list(records[0]) == [
        "document",
        "code",
        "coder",
        "start",
        "end",
        "lines",
        "text",
        "citation",
        "codes",
        "coders",
    ]
    assert records[0]["codes"] == ["paternalism/state"]
    assert records[0]["citation"] == "(Pancho 10/6/10, interview)"
    assert records[0]["text"] == "The State will not give us anything"


def test_markdown_is_ready_to_paste(run: Callable[..., object], coded: Project) -> None:
    result = run(
        "quotes", "trust", "--not", "distrust", "--kind", "interview", "-p", coded.root, "-f", "md"
    )
    # trust and neighbours on one span: one passage, quoted once.
    assert result.stdout == (  # type: ignore[attr-defined]
        "> I know the señoras from my comuna (Clara 9/15/10, interview)\n"
    )
    assert "1 passage (2 segments; --each" in result.stderr  # type: ignore[attr-defined]
    each = run(
        "quotes", "trust", "--not", "distrust", "--kind", "interview", "--each", "-p", coded.root
    )
    assert "2 quotes from 1 document." in each.stderr  # type: ignore[attr-defined]


def test_one_row_per_passage_and_limit_footer(run: Callable[..., object], coded: Project) -> None:
    rows = json.loads(run("quotes", "trust", "-f", "json", "-p", coded.root).stdout)  # type: ignore[attr-defined]
    keys = [(r["document"], r["start"], r["end"]) for r in rows]
    assert len(keys) == len(set(keys))
    pancho = [r for r in rows if r["document"] == "2010-10-06-pancho"]
    assert pancho[0]["codes"] == ["trust/distrust", "trust/friendship"]
    assert pancho[0]["coders"] == ["ana", "ben"]
    limited = run("quotes", "trust", "--limit", "2", "-p", coded.root)
    assert f"2 of {len(rows)} passages" in limited.stderr  # type: ignore[attr-defined]
    assert "2010-10-06-pancho" in limited.stdout or "2010-09" in limited.stdout  # type: ignore[attr-defined]


def test_and_where_and_coder(run: Callable[..., object], coded: Project) -> None:
    result = run(
        "quotes",
        "distrust",
        "--and",
        "friendship",
        "--coder",
        "ana",
        "--where",
        "generation=older",
        "-p",
        coded.root,
        "-f",
        "csv",
    )
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 2 and lines[1].startswith("2010-10-06-pancho,trust/distrust,ana,")


def test_custom_citation_from_settings(run: Callable[..., object], coded: Project) -> None:
    settings = yamlio.load_file(coded.settings_path)
    settings["citation"] = "({participant}, {title}, {date})"
    coded.settings_path.write_text(yamlio.dump(settings), encoding="utf-8")
    result = run("quotes", "state", "-p", coded.root, "-f", "csv", "--limit", "1")
    assert result.stdout.splitlines()[1].endswith(  # type: ignore[attr-defined]
        '"(Pancho, Interview with Pancho, 2010-10-06)",paternalism/state,ana'
    )


def test_bad_citation_template_is_one_line(run: Callable[..., object], coded: Project) -> None:
    settings = yamlio.load_file(coded.settings_path)
    settings["citation"] = "({nickname})"
    coded.settings_path.write_text(yamlio.dump(settings), encoding="utf-8")
    result = run("quotes", "state", "-p", coded.root, expect=1)
    assert "qualcode.yaml: the citation template names an unknown field {nickname}" in result.stderr  # type: ignore[attr-defined]


def test_same_bytes_without_the_index(run: Callable[..., object], coded: Project) -> None:
    first = run("quotes", "trust", "-p", coded.root, "-f", "json").stdout  # type: ignore[attr-defined]
    index_file(coded).unlink()
    assert run("quotes", "trust", "-p", coded.root, "-f", "json").stdout == first  # type: ignore[attr-defined]


def test_table_format(run: Callable[..., object], coded: Project) -> None:
    result = run("quotes", "paternalism", "-p", coded.root)
    # The quoted passage is Joaquín's turn: cited as his, not the first participant's.
    assert "(Joaquín 9/9/10, meeting)" in result.stdout  # type: ignore[attr-defined]
    assert "(Mario" not in result.stdout  # type: ignore[attr-defined]
    assert "4 passages from 3 documents." in result.stderr  # type: ignore[attr-defined]
