"""Machine coding stays out of the headline numbers.

``tally``, ``quotes``, ``cooccur`` and the demo added the keyword coder
``auto`` to the human coder by default (trust 39 = 17 by ana + 22 by auto).
Every report now counts human coders only; ``--coder auto`` shows the
machine coder alone and ``--include-auto`` adds it; ``machine_coders`` in
``qualcode.yaml`` marks more coders as machines.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from qualcode.models import Segment
from qualcode.store.codings import load_segments, machine_coders, save_segments
from qualcode.store.project import Project
from tests.retrieval import build


@pytest.fixture
def coded(project: Project) -> Project:
    docs = build(project)
    pancho = docs["pancho"]
    text = "FOSIS came and then left"
    start = pancho.body.index(text)
    for coder in ("auto", "kw2"):
        save_segments(
            project,
            coder,
            pancho.id,
            [Segment(pancho.id, start, start + len(text), "trust", coder, text)],
        )
    return project


def _segments(run: Callable[..., object], project: Project, *args: str) -> dict[str, int]:
    out = run("tally", "-p", project.root, "-f", "json", *args).stdout  # type: ignore[attr-defined]
    return {r["code"]: r["segments"] for r in json.loads(out)}


def test_tally_counts_human_coders_unless_asked(run: Callable[..., object], coded: Project) -> None:
    # kw2 is not (yet) a machine coder: it counts like a person
    assert _segments(run, coded)["trust"] == 7
    coded.settings["machine_coders"] = ["kw2"]
    coded.save_settings()
    result = run("tally", "-p", coded.root)
    assert "2 segments by the machine coders auto, kw2 left out" in result.stderr  # type: ignore[attr-defined]
    assert _segments(run, coded)["trust"] == 6
    assert _segments(run, coded, "--include-auto")["trust"] == 8
    assert _segments(run, coded, "--coder", "auto")["trust"] == 1
    assert _segments(run, coded, "--coder", "ben")["trust"] == 2


def test_every_report_leaves_machine_coding_out(run: Callable[..., object], coded: Project) -> None:
    root = coded.root
    coded.settings["machine_coders"] = ["kw2"]
    coded.save_settings()
    quotes = json.loads(run("quotes", "trust", "-p", root, "-f", "json").stdout)  # type: ignore[attr-defined]
    assert not any("FOSIS came" in q["text"] for q in quotes)
    quotes = json.loads(run("quotes", "trust", "-p", root, "-f", "json", "--include-auto").stdout)  # type: ignore[attr-defined]
    assert any("FOSIS came" in q["text"] for q in quotes)
    for args in (["cooccur"], ["matrix", "--cols", "kind"]):
        plain = run(*args, "-p", root, "-f", "csv").stdout  # type: ignore[attr-defined]
        more = run(*args, "-p", root, "-f", "csv", "--include-auto").stdout  # type: ignore[attr-defined]
        assert plain != more, args
    shown = json.loads(run("codebook", "show", "--counts", "-p", root, "-f", "json").stdout)  # type: ignore[attr-defined]
    assert {r["path"]: r["segments"] for r in shown}["trust"] == 6  # ana and ben, as tally
    grep = run("grep", "FOSIS", "-p", root, "-f", "json").stdout  # type: ignore[attr-defined]
    assert json.loads(grep)[0]["codes"] == ["paternalism/state"]
    grep = run("grep", "FOSIS", "-p", root, "-f", "json", "--include-auto").stdout  # type: ignore[attr-defined]
    assert json.loads(grep)[0]["codes"] == ["paternalism/state", "trust"]
    margin = run("notes", "show", "2010-10-06-pancho", "--codes", "-p", root).stdout  # type: ignore[attr-defined]
    assert "auto:" not in margin


def test_machine_coders_setting(project: Project) -> None:
    assert machine_coders(project.settings) == {"auto"}
    project.settings["machine_coders"] = "kw2"
    assert machine_coders(project.settings) == {"auto", "kw2"}
    from qualcode.errors import InvalidData

    project.settings["machine_coders"] = {"a": 1}
    with pytest.raises(InvalidData):
        machine_coders(project.settings)


def test_the_example_headline_counts_only_human_coding(run: Callable[..., object]) -> None:
    from qualcode.demo import example_root

    root = example_root()
    human = _segments(run, Project.open(root), "--no-index")
    everything = _segments(run, Project.open(root), "--no-index", "--include-auto")
    auto = _segments(run, Project.open(root), "--no-index", "--coder", "auto")
    assert human["trust"] + auto["trust"] == everything["trust"]
    assert auto["trust"] > 0 and human["trust"] < everything["trust"]
    assert {s.coder for s in load_segments(Project.open(root))} >= {"ana", "auto"}


def test_words_and_report_leave_machine_coding_out(
    run: Callable[..., object], coded: Project, tmp_path
) -> None:
    root = coded.root
    coded.settings["machine_coders"] = ["kw2"]
    coded.save_settings()

    def fosis(*args: str) -> int:
        out = run("words", "--code", "trust", "--top", "0", "-p", root, "-f", "json", *args)
        return {r["word"]: r["count"] for r in json.loads(out.stdout)}.get("fosis", 0)  # type: ignore[attr-defined]

    assert fosis() < fosis("--include-auto")
    assert fosis("--coder", "auto") == 1
    human = run("report", "-p", root, "-o", tmp_path / "human.html")
    assert "machine coders auto, kw2 left out" in human.stderr  # type: ignore[attr-defined]
    run("report", "-p", root, "-o", tmp_path / "all.html", "--include-auto")
    seen = [
        (tmp_path / f).read_text(encoding="utf-8").count("FOSIS came")
        for f in ("human.html", "all.html")
    ]
    assert seen[0] < seen[1]  # the machine's trust quote only with --include-auto
