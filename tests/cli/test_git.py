"""Team coding through real git: branches code the same document, merge, nothing is lost.

These tests run the ``git`` program in a temporary repository; git runs
``qualcode merge-driver`` itself, as it would for a team.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qualcode.models import Document
from qualcode.store import atomic
from qualcode.store.codings import load_segments
from qualcode.store.project import Project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CODEBOOK = """\
codes:
  - name: trust
    label: Trust
    description: Relying on others.
    children:
      - name: distrust
        label: Distrust
        description: Suspicion.
  - name: paternalism
    label: Paternalism
    description: Being carried by others.
"""
BODY = (
    "Entrevistadora: ¿Qué cambió después de la feria?\n\n"
    "Clara: Con la feria ganamos confianza entre nosotras.\n\n"
    "Clara: Pero algunas esconden sus ventas. “Se vendió todo”, dicen.\n\n"
    "Clara: La municipalidad nos presta la plaza, pero quiere decidir todo.\n\n"
    "Clara: La parroquia nos cargó durante años.\n"
)
DOC = "2010-10-06-clara"


@pytest.fixture
def repo(run, tmp_path, monkeypatch):
    """A project in a fresh git repository, set up with ``qualcode init --git``, one commit."""
    monkeypatch.setenv("HOME", str(tmp_path))  # no personal git configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ana")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ana@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Ana")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ana@example.org")
    root = tmp_path / "tesis"
    result = run("init", root, "--git")
    assert "initialised a git repository" in result.stderr
    project = Project.open(root)
    atomic.write_text(project.codebooks_dir / "codes.yaml", CODEBOOK)
    project.save_document(
        Document(id=DOC, kind="interview", title="Clara", body=BODY, participants=("Clara",))
    )
    git(root, "checkout", "-q", "-b", "main")
    run("coders", "add", "ana", "--default", "-p", root)
    run("coders", "add", "tomas", "-p", root)
    run("code", DOC, "paternalism", "--para", "5", "--coder", "ana", "-p", root)
    commit(root, "corpus and a first coding")
    return project


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def test_init_git_installs_the_driver(repo):
    attributes = (repo.root / ".gitattributes").read_text(encoding="utf-8")
    assert "codings/*/*.yaml merge=qualcode" in attributes
    assert "fieldnotes/surveys/*/codings/*.csv merge=qualcode" in attributes
    driver = git(repo.root, "config", "merge.qualcode.driver").stdout
    assert driver.strip().endswith("-m qualcode merge-driver %O %A %B %P")
    check = git(repo.root, "check-attr", "merge", f"codings/ana/{DOC}.yaml").stdout
    assert check.strip().endswith("merge: qualcode")
    assert ".qualcode/" in (repo.root / ".gitignore").read_text(encoding="utf-8")


def test_setup_twice_changes_nothing(run, repo):
    before = (repo.root / ".gitattributes").read_text(encoding="utf-8")
    result = run("git", "setup", "-p", repo.root)
    assert "already set up" in result.stderr
    assert (repo.root / ".gitattributes").read_text(encoding="utf-8") == before


def test_setup_outside_a_repository_is_an_error(run, project, monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("git", "setup", "-p", project.root, expect=1)
    assert "is not in a git repository" in result.stderr
    assert "git setup --init" in result.stderr


def _two_branches_code_the_same_file(run, repo) -> None:
    root = repo.root
    git(root, "checkout", "-q", "-b", "laptop")
    run("code", DOC, "trust", "--para", "2", "--coder", "ana", "-p", root)
    run("code", DOC, "trust/distrust", "--para", "3", "--coder", "ana", "-p", root)
    commit(root, "ana codes on her laptop")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "office")
    run("code", DOC, "paternalism", "--para", "4", "--coder", "ana", "-p", root, "-m", "la muni")
    run("code", DOC, "trust", "--quote", "ganamos confianza", "--coder", "ana", "-p", root)
    commit(root, "ana codes at the office")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "tomas")
    run("code", DOC, "trust", "--para", "2,3", "--coder", "tomas", "-p", root)
    commit(root, "tomas codes")
    git(root, "checkout", "-q", "laptop")


def test_two_branches_code_the_same_document_and_merge_without_loss(run, repo):
    root = repo.root
    _two_branches_code_the_same_file(run, repo)
    merged = git(root, "merge", "--no-edit", "office")
    assert "merged segment by segment" in merged.stderr + merged.stdout
    git(root, "merge", "--no-edit", "tomas")
    segments = {(s.code, s.text, s.memo) for s in load_segments(Project.open(root), coder="ana")}
    assert segments == {
        ("paternalism", "Clara: La parroquia nos cargó durante años.", None),
        ("trust", "Clara: Con la feria ganamos confianza entre nosotras.", None),
        (
            "trust/distrust",
            "Clara: Pero algunas esconden sus ventas. “Se vendió todo”, dicen.",
            None,
        ),
        (
            "paternalism",
            "Clara: La municipalidad nos presta la plaza, pero quiere decidir todo.",
            "la muni",
        ),
        ("trust", "ganamos confianza", None),
    }
    assert len(load_segments(Project.open(root), coder="tomas")) == 2
    assert git(root, "status", "--porcelain").stdout == ""
    run("check", "-p", root)  # exit 0: every segment matches its text
    run("agreement", "-p", root, "-c", "ana,tomas", "--code", "trust")


def test_without_the_driver_git_conflicts_on_the_same_merge(run, repo):
    root = repo.root
    _two_branches_code_the_same_file(run, repo)
    git(root, "config", "--unset", "merge.qualcode.driver")
    git(root, "config", "--unset", "merge.qualcode.name")
    done = git(root, "merge", "--no-edit", "office", check=False)
    assert done.returncode != 0 and "CONFLICT" in done.stdout
    result = run("check", "-p", root, expect=1)
    assert "merge-conflict" in result.stdout and f"codings/ana/{DOC}.yaml" in result.stdout


def test_a_memo_edited_on_both_branches_is_a_conflict_check_reports(run, repo):
    root = repo.root
    path = root / "codings" / "ana" / f"{DOC}.yaml"
    git(root, "checkout", "-q", "-b", "one")
    atomic.write_text(
        path, path.read_text(encoding="utf-8").replace("  text:", "  memo: la iglesia\n  text:")
    )
    commit(root, "memo one")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "two")
    atomic.write_text(
        path, path.read_text(encoding="utf-8").replace("  text:", "  memo: el Estado\n  text:")
    )
    commit(root, "memo two")
    done = git(root, "merge", "--no-edit", "one", check=False)
    assert done.returncode != 0
    (seg,) = load_segments(Project.open(root), coder="ana")  # still a valid codings file
    assert "el Estado" in seg.memo and "la iglesia" in seg.memo
    result = run("check", "-p", root, "-f", "csv", expect=1)
    assert "merge-conflict" in result.stdout and "memo was edited on both" in result.stdout


def test_check_after_a_merge_reports_segments_that_no_longer_match(run, repo):
    root = repo.root
    # One branch edits the transcript; another codes it as it was.
    git(root, "checkout", "-q", "-b", "edit")
    doc = Project.open(root).document(DOC)
    body = doc.body.replace(
        "Clara: Pero algunas esconden sus ventas.", "Clara: Pero muchas ocultan lo que venden."
    )
    body = "Nota: transcripción revisada.\n\n" + body
    Project.open(root).save_document(Document(**{**doc.__dict__, "body": body}), replace=True)
    commit(root, "revised transcript")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "coding")
    run("code", DOC, "trust", "--para", "2", "--coder", "tomas", "-p", root)
    run("code", DOC, "trust/distrust", "--para", "3", "--coder", "tomas", "-p", root)
    commit(root, "tomas codes the old version")
    git(root, "merge", "--no-edit", "edit")
    result = run("check", "-p", root, "-f", "json", expect=1)
    found = {(p["check"], p["message"].split(" ")[0]) for p in json.loads(result.stdout)}
    assert ("moved-segment", "trust") in found  # paragraph 2 moved down: fixable
    assert ("stale-segment", "trust/distrust") in found  # paragraph 3 was reworded
    run("check", "--fix", "-p", root, expect=1)  # moves what moved; the stale one is left to judge
