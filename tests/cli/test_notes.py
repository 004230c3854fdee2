import json

import pytest

from qualcode.store.documents import new_document


@pytest.fixture
def corpus(project):
    new_document(
        project,
        kind="interview",
        title="Pancho",
        date="2010-10-06",
        body="Línea uno\n\nLínea tres\n",
        participants=["Pancho"],
        attributes={"generation": "older", "gender": "man"},
    )
    new_document(
        project,
        kind="interview",
        title="Joaquin",
        date="2010-10-06",
        body="x\n",
        participants=["Joaquin"],
        attributes={"generation": "younger", "gender": "man"},
    )
    new_document(
        project,
        kind="meeting",
        title="Network meeting",
        date="2010-09-09",
        body="y\n",
        participants=["Pancho", "Clara"],
        attributes={"generation": "mixed"},
    )
    return project


def test_list_json_has_fields(run, corpus):
    records = json.loads(run("notes", "list", "--format", "json", "-p", corpus.root).stdout)
    assert [r["id"] for r in records] == [
        "2010-09-09-network-meeting",
        "2010-10-06-joaquin",
        "2010-10-06-pancho",
    ]
    first = records[0]
    assert set(first) >= {"id", "kind", "date", "title", "participants", "attributes", "path"}
    assert first["participants"] == ["Pancho", "Clara"]
    assert first["path"] == "fieldnotes/meetings/2010-09-09-network-meeting.md"


def test_list_filters(run, corpus):
    def ids(*args):
        return [
            r["id"]
            for r in json.loads(run("notes", "list", "-f", "json", "-p", corpus.root, *args).stdout)
        ]

    assert ids("--kind", "meeting") == ["2010-09-09-network-meeting"]
    assert ids("--where", "generation=older") == ["2010-10-06-pancho"]
    assert ids("--where", "participant=Pancho") == [
        "2010-09-09-network-meeting",
        "2010-10-06-pancho",
    ]
    assert ids("--where", "gender=man", "--where", "generation!=older") == ["2010-10-06-joaquin"]
    assert ids("--kind", "interviews", "--where", "generation=older,younger") == [
        "2010-10-06-joaquin",
        "2010-10-06-pancho",
    ]


@pytest.mark.parametrize("fmt", ["csv", "md", "table"])
def test_list_other_formats(run, corpus, fmt):
    out = run("notes", "list", "-f", fmt, "-p", corpus.root).stdout
    assert "2010-10-06-pancho" in out
    if fmt == "csv":
        assert out.splitlines()[0] == "id,kind,date,title,participants,attributes,path"


def test_show_numbers_lines(run, corpus):
    out = run("notes", "show", "2010-10-06-pancho", "-p", corpus.root).stdout
    assert out == "1  Línea uno\n2\n3  Línea tres\n"
    rows = json.loads(run("notes", "show", "pancho", "-f", "json", "-p", corpus.root).stdout)
    assert rows[2] == {"line": 3, "text": "Línea tres"}


def test_show_unknown_document(run, corpus):
    result = run("notes", "show", "nobody", "-p", corpus.root, expect=1)
    assert "no document 'nobody'" in result.stderr


def test_new_from_body_file_and_stdin(run, corpus, tmp_path):
    body = tmp_path / "body.md"
    body.write_text("Observé la feria.\r\n", encoding="utf-8")
    run(
        "notes",
        "new",
        "--kind",
        "fieldnote",
        "--title",
        "Feria, día dos",
        "--date",
        "2010-10-16",
        "--body-file",
        body,
        "-p",
        corpus.root,
    )
    doc = corpus.document("2010-10-16-feria-dia-dos")
    assert doc.body == "Observé la feria.\n" and doc.kind == "fieldnote"
    run(
        "notes",
        "new",
        "-k",
        "fieldnote",
        "-t",
        "Feria, día dos",
        "-d",
        "2010-10-16",
        "--body-file",
        "-",
        "-p",
        corpus.root,
        input="Otra nota\n",
    )
    assert corpus.document("2010-10-16-feria-dia-dos-2").body == "Otra nota\n"


def test_new_with_editor(run, corpus, tmp_path, monkeypatch):
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "Nota escrita en el editor.\\n" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setenv("VISUAL", str(script))
    run("notes", "new", "--kind", "fieldnote", "--title", "Editor", "-p", corpus.root)
    assert corpus.document("editor").body == "Nota escrita en el editor.\n"


def test_new_empty_editor_saves_nothing(run, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setenv("VISUAL", "true")
    result = run(
        "notes", "new", "--kind", "fieldnote", "--title", "Vacía", "-p", corpus.root, expect=1
    )
    assert "empty" in result.stderr
    assert len(corpus.documents()) == 3


def test_malformed_document_breaks_listing_with_one_line(run, corpus):
    bad = corpus.root / "fieldnotes" / "meetings" / "broken.md"
    bad.write_text("---\nid: broken\nkind: meeting\ntitle: 'unclosed\n---\nx\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in corpus.root.rglob("*") if p.is_file()}
    result = run("notes", "list", "-p", corpus.root, expect=1)
    assert "broken.md:" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in corpus.root.rglob("*") if p.is_file()} == before


def test_square_brackets_in_cells_are_shown_not_read_as_markup(run, project):
    """Regression: Rich dropped '[laughs]' from table cells."""
    new_document(project, kind="interview", title="t", body="x\n", participants=["[bold]Clara"])
    assert "[bold]Clara" in run("notes", "list", "-p", project.root).stdout
