from pathlib import Path

import pytest

from qualcode.codebook.tree import (
    check_codebook,
    code_records,
    code_tree,
    codebook_markdown,
    load_codebook,
    parse_codebook_text,
    render_codebook_yaml,
    rolled_up_counts,
)
from qualcode.demo import example_root
from qualcode.errors import InvalidData, NotFound
from qualcode.store.codings import load_segments
from tests.core.codebook_fixtures import CODEBOOK, build


@pytest.fixture
def book(project):
    build(project)
    return load_codebook(project.codebooks_dir)


def test_tree_order_bare_and_flow_children(book):
    assert list(book.codes) == [
        "trust",
        "trust/distrust",
        "trust/betrayal",
        "c-factor",
        "c-factor/confianza",
        "c-factor/cooperacion",
        "c-factor/comunidad",
        "paternalism",
        "paternalism/state",
        "paternalism/pastoral",
    ]
    assert book.codes["trust/betrayal"].label == "Traición"
    assert book.codes["c-factor/confianza"].label == "confianza"
    assert book.codes["trust"].line == 3
    assert book.codes["paternalism/state"].depth == 2


def test_same_path_in_two_files_names_both(project):
    (project.codebooks_dir / "a.yaml").write_text("codes:\n  - name: trust\n", encoding="utf-8")
    (project.codebooks_dir / "b.yaml").write_text("codes:\n- x\n- trust\n", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_codebook(project.codebooks_dir)
    assert err.value.path.name == "b.yaml" and err.value.line == 3
    assert "a.yaml:2" in err.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("codes:\n  - name: Trust\n", 2, "invalid code name"),
        ("codes:\n  - name: a\n    colour: red\n", 3, "unknown code field"),
        ("codes:\n  - name: a\n    color: red\n", 3, "#RRGGBB"),
        ("codes:\n  - label: A\n", 2, "no name"),
        ("codes:\n  - name: a\n    codable: maybe\n", 3, "true or false"),
        ("codes: [a, b\n", 2, "invalid YAML"),
    ],
)
def test_validation_errors_name_file_and_line(text, line, words):
    with pytest.raises(InvalidData) as err:
        parse_codebook_text(text, Path("codebooks/x.yaml"))
    assert err.value.line == line
    assert words in err.value.message


@pytest.mark.parametrize(
    ("ref", "path"),
    [
        ("c-factor/cooperacion", "c-factor/cooperacion"),  # exact path
        ("confianza", "c-factor/confianza"),  # unique leaf
        ("Cooperación", "c-factor/cooperacion"),  # label
        ("COOPERACION", "c-factor/cooperacion"),  # label, accent- and case-insensitive
        ("Coop", "c-factor/cooperacion"),  # alias
        ("traicion", "trust/betrayal"),  # label without the accent
        ("patern", "paternalism"),  # fuzzy
        ("distrst", "trust/distrust"),  # fuzzy typo
    ],
)
def test_resolve(book, ref, path):
    assert book.resolve(ref) == path


def test_resolve_unknown_lists_three_closest(book):
    with pytest.raises(NotFound) as err:
        book.resolve("zzzz-nothing")
    assert "closest:" in err.value.message
    assert err.value.message.count(",") == 2


def test_resolve_ambiguous_leaf(project):
    (project.codebooks_dir / "a.yaml").write_text(
        "codes:\n- name: paternalism\n  children: [state]\n- name: autonomy\n  children: [state]\n",
        encoding="utf-8",
    )
    book = load_codebook(project.codebooks_dir)
    with pytest.raises(NotFound) as err:
        book.resolve("state")
    assert "ambiguous" in err.value.message
    assert "paternalism/state" in err.value.message and "autonomy/state" in err.value.message


def test_resolve_without_fuzzy_refuses_a_typo(book):
    with pytest.raises(NotFound) as err:
        book.resolve("patern", fuzzy=False)
    assert "paternalism" in err.value.message


def test_rolled_up_counts_are_distinct_not_summed(project, book):
    counts = rolled_up_counts(book, load_segments(project))
    # ana coded the same span with trust and trust/distrust: one segment for trust
    # ben coded it with trust/distrust: a second segment (another coder)
    assert counts["trust"].segments == 2
    assert counts["trust/distrust"].segments == 2
    assert counts["trust"].documents == 1
    assert (
        counts["c-factor"].segments == 2
    )  # confianza (ana) + cooperacion (ben), not 1+1 summed blindly
    assert counts["paternalism"].segments == 1 and counts["paternalism"].documents == 1
    assert counts["c-factor/comunidad"].segments == 0


def test_parent_count_not_sum_of_children(project, book):
    from qualcode.models import Segment

    segs = [
        Segment("d", 0, 5, "c-factor/confianza", "ana", "abcde"),
        Segment("d", 0, 5, "c-factor/comunidad", "ana", "abcde"),
    ]
    counts = rolled_up_counts(book, segs)
    assert counts["c-factor/confianza"].segments == 1
    assert counts["c-factor/comunidad"].segments == 1
    assert counts["c-factor"].segments == 1


def test_check_finds_undefined_and_unused(project, book):
    from qualcode.models import Segment
    from qualcode.store.codings import save_segments

    save_segments(project, "ben", "meeting", [Segment("meeting", 1, 4, "stres", "ben", "abc")])
    findings = check_codebook(book, load_segments(project))
    undefined = [(f.code, f.segments, f.coders) for f in findings if f.problem == "undefined"]
    unused = [f.code for f in findings if f.problem == "unused"]
    assert undefined == [("stres", 1, ("ben",))]
    assert unused == ["trust/betrayal", "c-factor/comunidad", "paternalism/pastoral"]


def test_records_for_json(book):
    records = code_records(book, depth=1)
    assert [r["path"] for r in records] == ["trust", "c-factor", "paternalism"]
    assert set(records[0]) == {
        "path",
        "name",
        "label",
        "description",
        "include",
        "exclude",
        "keywords",
        "parent",
        "depth",
    }
    child = code_records(book)[1]
    assert child["parent"] == "trust" and child["depth"] == 2 and child["keywords"] == ["sospecha"]


def test_markdown_appendix_structure(book):
    md = codebook_markdown(book)
    assert md.startswith("# Codebook\n")
    assert "## 1 Trust (`trust`)" in md
    assert "### 1.2 Traición (`trust/betrayal`)" in md
    assert "| **Definition** | Relying on other people. |" in md


def test_yaml_render_round_trips_the_example_codebook():
    book = load_codebook(example_root() / "codebooks")
    text = render_codebook_yaml(code_tree(book))
    again = parse_codebook_text(text, Path("x.yaml"))
    fields = ("path", "label", "description", "include", "exclude", "examples", "keywords", "color")
    assert [tuple(getattr(c, f) for f in fields) for c in again.values()] == [
        tuple(getattr(c, f) for f in fields) for c in book
    ]
    assert len(again) == 25


def test_fixture_codebook_parses_standalone():
    assert len(parse_codebook_text(CODEBOOK, Path("s.yaml"))) == 10


def test_qc_flat_codebook_gives_a_clear_error(project):
    from tests.conftest import real_input

    source = real_input("codebook", "qc_codebook_flat_es.yaml")
    (project.codebooks_dir / "qc.yaml").write_bytes(source.read_bytes())
    with pytest.raises(InvalidData) as err:
        load_codebook(project.codebooks_dir)
    assert err.value.line == 2
    assert "contexto_laboral - jovenes_profesionales - negocios" in err.value.message
    assert "label" in err.value.hint


def test_qc_shorthand_is_read():
    book = parse_codebook_text(
        "- wellbeing:\n  - sleep\n  - stress:\n    - work-stress\n- work:\n", Path("c.yaml")
    )
    assert list(book) == [
        "wellbeing",
        "wellbeing/sleep",
        "wellbeing/stress",
        "wellbeing/stress/work-stress",
        "work",
    ]


def test_docs_codebook_example_is_valid():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "project-files.md").read_text("utf-8")
    section = docs.split("## Codebooks", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    book = parse_codebook_text(example, Path("docs.yaml"))
    assert list(book) == [
        "c-factor",
        "c-factor/confianza",
        "c-factor/cooperacion",
        "c-factor/comunidad",
    ]
    assert book["c-factor"].codable is False and book["c-factor"].aliases == ("cfactor",)


def test_fuzzy_resolution_warns_and_parent_paths_must_exist(tmp_path):
    """Regression: 'paternalism/nosuch' silently became 'paternalism'."""
    import warnings

    from qualcode.codebook.tree import load_codebook
    from qualcode.demo import example_root
    from qualcode.errors import NotFound, QualcodeWarning

    book = load_codebook(example_root() / "codebooks")
    with pytest.warns(QualcodeWarning, match="'trsut' read as 'trust'"):
        assert book.resolve("trsut") == "trust"
    with pytest.raises(NotFound):
        book.resolve("paternalism/nosuch")
    with pytest.warns(QualcodeWarning):
        assert book.resolve("paternalism/pastorl") == "paternalism/pastoral"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert book.resolve("Cooperación") == "c-factor/cooperacion"  # a label: no warning
