"""The example project ships codings by three coders: ana and tomas (by hand) and auto (keywords)."""

from collections import Counter, defaultdict

import pytest

from qualcode.analysis.check import run_checks
from qualcode.codebook.tree import load_codebook
from qualcode.coding.autocode import matcher_for, suggest
from qualcode.demo import create_demo_project
from qualcode.store.codings import coders, load_segments


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return create_demo_project(tmp_path_factory.mktemp("demo") / "santiago")


def test_ana_and_auto_cover_every_document_and_tomas_six(example):
    assert coders(example) == ["ana", "auto", "tomas"]
    assert example.settings["coders"] == ["ana", "auto", "tomas"]
    ids = {d.id for d in example.documents()}
    assert len(ids) == 14
    for coder in ("ana", "auto"):
        assert {s.document for s in load_segments(example, coder=coder)} == ids
    tomas = {s.document for s in load_segments(example, coder="tomas")}
    assert len(tomas) == 6 and tomas < ids
    assert sum(d.startswith("2010-09-24") or d.startswith("2010-10-12") for d in tomas) == 2


def test_tomas_partly_agrees_with_ana(example):
    from qualcode.analysis.agreement import project_agreement

    result, _ = project_agreement(example, coders=["ana", "tomas"], use_index=False)
    kappas = {r.code: r.kappa.value for r in result.rows if r.kappa and r.kappa.value is not None}
    assert len(kappas) >= 20
    assert sum(k == 1 for k in kappas.values()) >= 3  # some codes they apply alike
    assert sum(k < 0.6 for k in kappas.values()) >= 3  # some they do not
    assert len(result.disagreements) >= 15  # enough to fill a meeting


def test_the_build_script_reproduces_the_example_byte_for_byte(tmp_path):
    import importlib.util
    import shutil
    from pathlib import Path

    from qualcode.demo import example_root
    from qualcode.store.project import Project

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "build_example_codings", root / "scripts" / "build_example_codings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scratch = tmp_path / "example"
    scratch.mkdir()
    for name in ("codebooks", "fieldnotes"):
        shutil.copytree(example_root() / name, scratch / name)
    project = Project.init(scratch, name="example")
    module.build(project)
    for coder in module.CODERS:
        built = {p.name: p.read_bytes() for p in (project.codings_dir / coder).glob("*.yaml")}
        shipped = {
            p.name: p.read_bytes() for p in (example_root() / "codings" / coder).glob("*.yaml")
        }
        assert built == shipped, coder


def test_codings_are_clean(example):
    assert run_checks(example) == []


def test_ana_codes_like_a_researcher(example):
    segments = load_segments(example, coder="ana")
    book = load_codebook(example.codebooks_dir)
    counts = Counter(s.code for s in segments)
    assert set(counts) == set(book.codes)  # every code used at least once
    assert 5 <= counts["associativity/group-activities"] <= 8
    # whole turns or sentences: every segment starts at a word and ends at a sentence or turn end
    docs = {d.id: d for d in example.documents()}
    for seg in segments:
        body = docs[seg.document].body
        assert body[seg.start : seg.end] == seg.text
        assert seg.start == 0 or body[seg.start - 1] in " \n"
    # some spans carry two children of one parent
    by_span = defaultdict(set)
    for seg in segments:
        by_span[(seg.document, seg.start, seg.end)].add(seg.code)
    siblings = [
        codes
        for codes in by_span.values()
        if any(len({c for c in codes if c.startswith(root + "/")}) >= 2 for root in book.codes)
    ]
    assert len(siblings) >= 4


def test_auto_codings_are_what_autocode_suggests(example):
    book = load_codebook(example.codebooks_dir)
    expected = suggest(example.documents(), matcher=matcher_for(book), unit="sentence")
    stored = load_segments(example, coder="auto")
    assert [(s.document, s.start, s.end, s.code) for s in stored] == sorted(
        (s.document, s.start, s.end, s.code) for s in expected
    )
