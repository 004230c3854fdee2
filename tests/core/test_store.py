import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.errors import AlreadyExists, InvalidData, ProjectNotFound
from qualcode.models import Document
from qualcode.store import atomic
from qualcode.store.project import Project, read_document


def test_init_creates_layout_and_gitignore(tmp_path):
    project = Project.init(tmp_path / "p", name="Tesis")
    for folder in (
        "codebooks",
        "fieldnotes/interviews",
        "fieldnotes/meetings",
        "fieldnotes/surveys",
        "codings",
        "memos",
        ".qualcode",
    ):
        assert (project.root / folder).is_dir(), folder
    assert ".qualcode/" in (project.root / ".gitignore").read_text().split()
    assert Project.open(project.root).settings["name"] == "Tesis"


def test_init_refuses_existing_project_and_nested(tmp_path):
    Project.init(tmp_path / "p")
    with pytest.raises(AlreadyExists):
        Project.init(tmp_path / "p")
    with pytest.raises(AlreadyExists):
        Project.init(tmp_path / "p" / "sub")


def test_find_walks_up(tmp_path):
    project = Project.init(tmp_path / "p")
    assert Project.find(project.root / "fieldnotes" / "interviews").root == project.root
    with pytest.raises(ProjectNotFound):
        Project.find(tmp_path)


def doc_file(project: Project, name: str, text: str) -> Path:
    path = project.root / "fieldnotes" / "interviews" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_front_matter_names_file_and_line(project):
    doc_file(project, "a.md", "---\nid: a\nkind: interview\ntitle: [unclosed\n---\nbody\n")
    with pytest.raises(InvalidData) as info:
        project.documents()
    assert info.value.path.name == "a.md"
    assert info.value.line in (4, 5)


def test_bad_kind_and_date_name_their_line(project):
    doc_file(project, "a.md", "---\nid: a\nkind: interview\ndate: 6/10/10\n---\nbody\n")
    with pytest.raises(InvalidData) as info:
        project.documents()
    assert info.value.line == 4 and "ISO" in info.value.message
    doc_file(project, "a.md", "---\nid: a\nkind: chat\n---\nbody\n")
    with pytest.raises(InvalidData) as info:
        project.documents()
    assert info.value.line == 3


def test_missing_front_matter(project):
    doc_file(project, "a.md", "just text\n")
    with pytest.raises(InvalidData, match="no front matter"):
        project.documents()


def test_duplicate_ids_name_both_files(project):
    doc_file(project, "a.md", "---\nid: same\nkind: interview\n---\nx\n")
    doc_file(project, "b.md", "---\nid: same\nkind: interview\n---\ny\n")
    with pytest.raises(InvalidData, match="a.md") as info:
        project.documents()
    assert info.value.path.name == "b.md"


def test_document_reference_by_unique_prefix(project):
    for doc_id in ("2010-10-06-pancho", "2010-10-06-clara"):
        project.save_document(Document(id=doc_id, kind="interview", title=doc_id, body="x\n"))
    assert project.document("2010-10-06-p").id == "2010-10-06-pancho"
    with pytest.raises(Exception, match="several"):
        project.document("2010-10-06")


def test_failed_transaction_leaves_previous_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")
    with pytest.raises(RuntimeError), atomic.FileTransaction() as tx:
        tx.write_text(a, "new a")
        tx.write_text(b, "new b")
        raise RuntimeError("crash before commit")
    assert a.read_text() == "old a" and b.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_atomic_write_keeps_mode(tmp_path):
    key = tmp_path / "key.yaml"
    atomic.write_text(key, "secret", mode=0o600)
    atomic.write_text(key, "secret 2")
    assert os.stat(key).st_mode & 0o777 == 0o600


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.just("\n"),
    max_size=200,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=text_strategy,
    title=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    participants=st.lists(st.text(alphabet="abcdefghijñóÁ ", min_size=1, max_size=10), max_size=3),
    attrs=st.dictionaries(
        st.sampled_from(["role", "gender", "comuna"]), st.text(alphabet="abcáé -", max_size=10)
    ),
)
def test_save_then_load_round_trips(tmp_path_factory, body, title, participants, attrs):
    project = Project.init(tmp_path_factory.mktemp("rt") / "p")
    doc = Document(
        id="2010-10-06-x",
        kind="meeting",
        title=title,
        body=body,
        date="2010-10-06",
        participants=tuple(participants),
        attributes=attrs,
    )
    project.save_document(doc)
    loaded = read_document(project.document_path(doc.id, doc.kind))
    assert loaded.body == body
    assert loaded.title == title
    assert loaded.participants == tuple(participants)
    assert dict(loaded.attributes) == attrs


@pytest.mark.parametrize("value", ["2010-02-30", "2010-99-01", "2010-10-06T25:00:00"])
def test_impossible_date_is_an_error_not_a_crash(project, value):
    doc_file(project, "a.md", f"---\nid: a\nkind: interview\ndate: {value}\n---\nbody\n")
    with pytest.raises(InvalidData) as info:
        project.documents()
    assert info.value.line == 4 and value in info.value.message


def test_open_missing_folder_says_it_does_not_exist(tmp_path):
    with pytest.raises(ProjectNotFound, match="does not exist"):
        Project.open(tmp_path / "nowhere")


def test_exact_document_is_read_even_when_another_is_malformed(project):
    project.save_document(Document(id="good", kind="interview", title="g", body="x\n"))
    doc_file(project, "bad.md", "---\nid: bad\nkind: [\n---\n")
    assert project.document("good").body == "x\n"
