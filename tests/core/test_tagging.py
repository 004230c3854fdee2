import pytest

from qualcode.codebook.tree import load_codebook
from qualcode.coding.tagging import Resolution, TagSession, resolve_entry, state_path
from qualcode.errors import InvalidArgument
from qualcode.store.codings import load_segments
from tests.core.coding_fixtures import import_crlf, write_codebook


@pytest.fixture
def doc(project, tmp_path):
    write_codebook(project)
    return import_crlf(project, tmp_path)


def test_resolve_entry_fuzzy_and_choices(project):
    write_codebook(project)
    book = load_codebook(project.codebooks_dir)
    assert resolve_entry(book, "trst").path == "trust"
    assert resolve_entry(book, "patern").path == "paternalism"
    ambiguous = resolve_entry(book, "pa")
    assert ambiguous.path is None
    assert ambiguous.choices == ("paternalism", "paternalism/pastoral", "participation")
    nothing = resolve_entry(book, "zzzzzzzz")
    assert nothing.path is None and nothing.choices == ()


def test_ambiguous_entry_in_example_codebook():
    from qualcode.demo import example_root

    book = load_codebook(example_root() / "codebooks")
    res = resolve_entry(book, "com")
    assert res.path is None
    assert {"c-factor/comunidad", "c-factor/compartir"} <= set(res.choices)


def test_interrupted_session_resumes_at_first_unvisited(project, doc):
    session = TagSession.start(project, doc, "ana")
    assert session.paragraph.number == 1
    session.next()  # paragraph 1 visited without codes
    session.apply([session.book.resolve("pastoral")])
    assert session.paragraph.number == 2
    # interrupted here: a new session starts at paragraph 3
    again = TagSession.start(project, doc, "ana")
    assert again.paragraph.number == 3
    assert again.visited == {1, 2}
    assert [s.code for s in load_segments(project, coder="ana")] == ["paternalism/pastoral"]
    # another coder has their own place
    assert TagSession.start(project, doc, "beto").paragraph.number == 1
    assert state_path(project, "ana", doc.id).is_file()


def test_from_overrides_resume_and_bounds(project, doc):
    assert TagSession.start(project, doc, "ana", start_at=4).paragraph.number == 4
    with pytest.raises(InvalidArgument, match="out of range"):
        TagSession.start(project, doc, "ana", start_at=5)


def test_all_visited_is_done(project, doc):
    session = TagSession.start(project, doc, "ana")
    for _ in range(4):
        session.next()
    assert session.done
    assert TagSession.start(project, doc, "ana").done


def test_undo_removes_only_this_sessions_last_coding(project, doc):
    session = TagSession.start(project, doc, "ana", start_at=2)
    session.apply(["trust"])
    session.apply(["paternalism/state"], lines="4")
    undone = session.undo()
    assert undone.code == "paternalism/state"
    assert [s.code for s in load_segments(project, coder="ana")] == ["trust"]
    assert session.undo().code == "trust"
    assert session.undo() is None
    assert load_segments(project, coder="ana") == []


def test_lines_must_be_in_paragraph(project, doc):
    session = TagSession.start(project, doc, "ana", start_at=2)
    (seg,) = session.apply(["paternalism/state"], lines="4")
    assert seg.text == "Después vino el Estado con sus programas."
    with pytest.raises(InvalidArgument, match=r"line 8 is not in this paragraph \(lines 3-4\)"):
        session.apply(["trust"], lines="8")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2", r"line 2 is not in this paragraph \(lines 3-4\)"),  # blank, but outside first
        ("3-5", "line 5 is not in this paragraph"),
        ("3-", "malformed line selector"),
        ("x", "malformed line selector"),
    ],
)
def test_line_selection_checks_spec_and_range_first(project, doc, spec, message):
    session = TagSession.start(project, doc, "ana", start_at=2)
    with pytest.raises(InvalidArgument, match=message):
        session.line_selection(spec)
    assert [s.text[:7] for s in session.line_selection("3,4")] == ["Peña: “", "Después"]


def test_single_candidate_resolves(project):
    write_codebook(project)
    with (project.codebooks_dir / "book.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - name: community\n    label: Community\n")
    book = load_codebook(project.codebooks_dir)
    assert resolve_entry(book, "comunidad") == Resolution("comunidad", "community")


def test_memo_goes_on_paragraph_codings(project, doc):
    session = TagSession.start(project, doc, "ana", start_at=4)
    with pytest.raises(InvalidArgument, match="code this paragraph first"):
        session.add_memo("miedo")
    session.apply(["distrust"])
    session.add_memo("miedo heredado de la dictadura")
    (seg,) = load_segments(project, coder="ana")
    assert seg.memo == "miedo heredado de la dictadura"


def test_back_stays_on_first(project, doc):
    session = TagSession.start(project, doc, "ana")
    session.back()
    assert session.index == 0
    session.next()
    session.back()
    assert session.paragraph.number == 1


def test_damaged_state_file_only_loses_the_resume_point(project, doc):
    session = TagSession.start(project, doc, "ana")
    session.next()
    path = state_path(project, "ana", doc.id)
    path.write_text("visited: [1, 2\n", encoding="utf-8")
    assert TagSession.start(project, doc, "ana").paragraph.number == 1
    path.write_text("- just a list\n", encoding="utf-8")
    assert TagSession.start(project, doc, "ana").paragraph.number == 1


def test_two_sessions_of_one_coder_keep_each_others_visited_paragraphs(project, doc):
    first = TagSession.start(project, doc, "ana")
    second = TagSession.start(project, doc, "ana", start_at=3)
    first.next()  # paragraph 1
    second.next()  # paragraph 3: read and merged under the lock, not overwritten
    assert TagSession.start(project, doc, "ana").visited == {1, 3}
