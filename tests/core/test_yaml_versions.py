"""YAML 1.1 against 1.2: what one writer writes, every reader reads back the same.

The codebook was written with ruamel.yaml (YAML 1.2, where ``no`` is a word)
and read with PyYAML (YAML 1.1, where it is ``False``), so ``qualcode
codebook add no`` failed with "invalid code name 'False'". qualcode now reads
YAML 1.2 everywhere and quotes every string that a YAML 1.1 or 1.2 reader
would take for something else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from qualcode.codebook.tree import load_codebook
from qualcode.errors import InvalidData
from qualcode.models import Segment
from qualcode.store import atomic, yamlio
from qualcode.store.codings import load_segments, save_segments
from qualcode.store.project import Project

AMBIGUOUS = ("yes", "no", "on", "off", "1e3", "0123", "null")
"""Words that YAML 1.1 or 1.2 reads, unquoted, as a boolean, a number or null."""


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_a_written_string_reads_back_in_yaml_1_1_and_1_2(word: str) -> None:
    text = yamlio.dump({"value": word, "list": [word]})
    assert yamlio.load(text) == {"value": word, "list": [word]}
    assert yaml.safe_load(text) == {"value": word, "list": [word]}  # a YAML 1.1 reader
    from ruamel.yaml import YAML

    assert YAML(typ="safe").load(text) == {"value": word, "list": [word]}  # a YAML 1.2 reader


def test_the_loader_reads_yaml_1_2_scalars() -> None:
    loaded = yamlio.load(
        "a: no\nb: on\nc: 1e3\nd: 0123\ne: null\nf: true\ng: 0o17\nh: 2010-10-06\n"
    )
    assert loaded["a"] == "no" and loaded["b"] == "on"
    assert loaded["c"] == 1000.0 and loaded["d"] == 123 and loaded["g"] == 15
    assert loaded["e"] is None and loaded["f"] is True
    assert str(loaded["h"]) == "2010-10-06"


def test_numbers_and_booleans_are_still_written_plain() -> None:
    assert (
        yamlio.dump({"n": 5, "f": 1.5, "b": True, "x": None}) == "n: 5\nf: 1.5\nb: true\nx: null\n"
    )


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_codebook_add_takes_each_word_as_a_name_label_and_keyword(
    run: Callable[..., object], project: Project, word: str
) -> None:
    run(
        "codebook", "add", word, "-p", project.root,
        "--label", word, "--keyword", word, "--description", word,
    )  # fmt: skip
    shown = json.loads(run("codebook", "show", "-p", project.root, "-f", "json").stdout)  # type: ignore[attr-defined]
    assert [(c["path"], c["label"], c["description"], c["keywords"]) for c in shown] == [
        (word, word, word, [word])
    ]
    # the file reads the same in YAML 1.1 and in ruamel's YAML 1.2
    (book_file,) = project.codebooks_dir.glob("*.yaml")
    text = book_file.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["codes"][0]["name"] == word
    run("codebook", "add", f"{word}/child" if word[0].isalpha() else "child", "-p", project.root)
    assert word in load_codebook(project.codebooks_dir).codes


def test_a_hand_written_codebook_reads_text_as_written(project: Project) -> None:
    atomic.write_text(
        project.codebooks_dir / "book.yaml",
        "codes:\n  - name: no\n    label: 1e3\n    description: on\n    keywords: [yes, off, 0123]\n",
    )
    code = load_codebook(project.codebooks_dir).codes["no"]
    assert (code.label, code.description, code.keywords) == ("1e3", "on", ("yes", "off", "0123"))


@pytest.mark.parametrize("word", ["null", "0123", "1e3", "true"])
def test_an_unquoted_name_that_is_no_string_says_to_quote_it(project: Project, word: str) -> None:
    atomic.write_text(project.codebooks_dir / "book.yaml", f"codes:\n  - name: {word}\n")
    with pytest.raises(InvalidData) as caught:
        load_codebook(project.codebooks_dir)
    assert caught.value.line == 2 and caught.value.hint == f"quote it: name: '{word}'"


def test_front_matter_attributes_and_titles(
    run: Callable[..., object], project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "nota.txt"
    source.write_text("Una nota de campo.\n", encoding="utf-8")
    args = [f"--attr=w{i}={word}" for i, word in enumerate(AMBIGUOUS)]
    run("import", source, "-p", project.root, "--kind", "fieldnote", "--title", "no", *args)
    (doc,) = project.documents()
    assert doc.title == "no"
    assert [doc.attributes[f"w{i}"] for i in range(len(AMBIGUOUS))] == list(AMBIGUOUS)
    listed = json.loads(run("notes", "list", "-p", project.root, "-f", "json").stdout)  # type: ignore[attr-defined]
    assert listed[0]["attributes"]["w1"] == "no"
    # --where matches the words as words
    tallied = run("tally", "-p", project.root, "--where", "w1=no", "-f", "json")
    assert "no document has" not in tallied.stderr  # type: ignore[attr-defined]
    # a hand-written front matter is read as YAML 1.2
    path = doc.path
    assert path is not None
    text = path.read_text(encoding="utf-8").replace("w2: 'on'", "w2: on")
    path.write_text(text, encoding="utf-8")
    assert project.documents()[0].attributes["w2"] == "on"


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_settings_coders_and_codings(project: Project, word: str) -> None:
    project.settings["default_coder"] = word
    project.settings["language"] = word
    project.save_settings()
    again = Project.open(project.root)
    assert again.settings["default_coder"] == word and again.settings["language"] == word
    # hand-written, unquoted: YAML 1.2 reads yes/no/on/off as words
    text = project.settings_path.read_text(encoding="utf-8").replace(f"'{word}'", word)
    project.settings_path.write_text(text, encoding="utf-8")
    if word in ("yes", "no", "on", "off"):
        assert Project.open(project.root).settings["default_coder"] == word
    # codings: a coder, a code and a memo that are the word
    segment = Segment("doc", 0, 4, word, word, word, memo=word)
    save_segments(project, word, "doc", [segment])
    assert load_segments(project, coder=word) == [segment]
