"""Leaks a fresh user found (fix-3): each test failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from qualcode.pseudonymise.engine import Pseudonymiser
from qualcode.pseudonymise.key import load_key

KEY = Path(__file__).resolve().parents[1] / "fixtures" / "pseudonymisation" / "cases-key.yaml"


def with_key(project):
    shutil.copy(KEY, project.root / ".qualcode" / "people.yaml")
    return project


def test_file_name_title_and_id_are_pseudonymised_in_any_case(run, project, tmp_path):
    with_key(project)
    raw = tmp_path / "raw"
    raw.mkdir()
    source = raw / "reunion_rosa_paz.vtt"
    source.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHola a todos.\n", encoding="utf-8")
    run("import", source, "--kind", "meeting", "--date", "2011-03-13", "-p", project.root)
    (path,) = (project.root / "fieldnotes" / "meetings").glob("*.md")
    assert path.name == "2011-03-13-reunion-valeria-ortiz.md"
    text = path.read_text(encoding="utf-8")
    assert "rosa" not in text.lower()
    assert "title: reunion valeria ortiz" in text


def test_single_common_word_in_a_slug_is_replaced():
    engine = Pseudonymiser(load_key(KEY))
    assert engine.slug("2011-03-13-visita-rosa") == "2011-03-13-visita-valeria"
    assert engine("una blusa rosa") == "una blusa rosa"


def test_lowercase_full_name_of_common_words_is_replaced():
    engine = Pseudonymiser(load_key(KEY))
    assert engine("hablé con rosa paz ayer") == "hablé con valeria ortiz ayer"
    assert engine("Queremos paz y rosa.") == "Queremos paz y rosa."
