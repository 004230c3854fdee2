import re

import pytest

from qualcode.codebook import edit as codebook_edit
from qualcode.codebook.edit import add_code, merge_codes, move_code, remove_code, rename_code
from qualcode.codebook.tree import load_codebook
from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData, NotFound
from qualcode.models import Segment
from qualcode.store.codings import load_segments, save_segments
from tests.core.codebook_fixtures import CODEBOOK, build


@pytest.fixture
def proj(project):
    build(project)
    return project


def cb(project):
    return (project.codebooks_dir / "santiago.yaml").read_text(encoding="utf-8")


def codes_by_coder(project):
    return sorted((s.coder, s.document, s.start, s.code) for s in load_segments(project))


def snapshot(project):
    return {
        p.relative_to(project.root): p.read_bytes() for p in sorted(project.root.rglob("*.yaml"))
    }


def test_rename_parent_moves_descendants_in_every_coders_files(proj):
    result = rename_code(proj, "trust", "confidence")
    text = cb(proj)
    # only the name line changed: comments, blank lines, flow style and order kept
    assert text == CODEBOOK.replace("  - name: trust\n", "  - name: confidence\n")
    assert codes_by_coder(proj) == [
        ("ana", "meeting", 5, "paternalism/state"),
        ("ana", "pancho", 0, "confidence"),
        ("ana", "pancho", 0, "confidence/distrust"),
        ("ana", "pancho", 39, "c-factor/confianza"),
        ("ben", "pancho", 0, "confidence/distrust"),
        ("ben", "pancho", 39, "c-factor/cooperacion"),
    ]
    assert result.segments == 3
    assert sorted(result.changed) == [
        "codebooks/santiago.yaml",
        "codings/ana/pancho.yaml",
        "codings/ben/pancho.yaml",
    ]
    assert "confidence/distrust" in load_codebook(proj.codebooks_dir)


def test_rename_twice_is_a_clear_noop(proj):
    rename_code(proj, "trust/distrust", "mistrust")
    before = snapshot(proj)
    again = rename_code(proj, "trust/distrust", "mistrust")
    assert again.noop and "nothing to do" in again.summary and "already renamed" in again.summary
    assert snapshot(proj) == before


def test_rename_bare_string_and_flow_children(proj):
    rename_code(proj, "c-factor/confianza", "confianza-mutua")
    rename_code(proj, "betrayal", "traicion")
    text = cb(proj)
    assert "      - confianza-mutua\n" in text
    assert "      - {name: traicion, label: Traición}\n" in text
    assert ("ana", "pancho", 39, "c-factor/confianza-mutua") in codes_by_coder(proj)


def test_rename_onto_existing_sibling_merges_r5(project):
    (project.codebooks_dir / "w.yaml").write_text(
        "codes:\n  - name: wellbeing\n    children:\n      - sleep\n      - stres\n      - stress\n  - work\n",
        encoding="utf-8",
    )
    segs = [Segment("d", i * 10, i * 10 + 5, "wellbeing/stres", "ana", "x") for i in range(3)]
    segs.append(Segment("d", 40, 45, "wellbeing/stress", "ana", "x"))
    segs += [Segment("d", 50 + i, 52 + i, "work", "ana", "x") for i in range(2)]
    save_segments(project, "ana", "d", segs)
    result = rename_code(project, "stres", "stress")
    assert "merged" in result.summary
    book = load_codebook(project.codebooks_dir)
    assert list(book.codes) == ["wellbeing", "wellbeing/sleep", "wellbeing/stress", "work"]
    from qualcode.codebook.tree import rolled_up_counts

    counts = rolled_up_counts(book, load_segments(project))
    assert counts["wellbeing/stress"].segments == 4
    assert counts["wellbeing"].segments == 4
    assert counts["work"].segments == 2
    again = rename_code(project, "stres", "stress")
    assert again.noop and "nothing to do" in again.summary


def test_rename_rejects_bad_names_and_typos(proj):
    with pytest.raises(InvalidArgument):
        rename_code(proj, "trust", "Confianza Mutua")
    with pytest.raises(InvalidArgument):
        rename_code(proj, "trust", "a/b")
    before = snapshot(proj)
    with pytest.raises(NotFound) as err:
        rename_code(proj, "trst", "x")  # no fuzzy matching in edits
    assert "trust" in err.value.message
    assert snapshot(proj) == before


def test_move_under_new_parent_and_to_root(proj):
    result = move_code(proj, "c-factor/cooperacion", "trust")
    book = load_codebook(proj.codebooks_dir)
    assert "trust/cooperacion" in book and "c-factor/cooperacion" not in book
    assert book.codes["trust/cooperacion"].aliases == ("coop",)
    assert ("ben", "pancho", 39, "trust/cooperacion") in codes_by_coder(proj)
    assert result.segments == 1
    move_code(proj, "paternalism/state", None)
    book = load_codebook(proj.codebooks_dir)
    assert book.codes["state"].parent is None
    assert ("ana", "meeting", 5, "state") in codes_by_coder(proj)
    assert "# Obstacles to growth" in cb(proj)
    assert move_code(proj, "state", "/").noop


def test_move_refusals(proj):
    with pytest.raises(InvalidArgument):
        move_code(proj, "trust", "trust/distrust")
    add_code(proj, "paternalism/distrust")
    with pytest.raises(AlreadyExists) as err:
        move_code(proj, "trust/distrust", "paternalism")
    assert "merge" in err.value.hint


def test_move_last_child_drops_empty_children(proj):
    move_code(proj, "paternalism/state", "trust")
    move_code(proj, "paternalism/pastoral", "trust")
    book = load_codebook(proj.codebooks_dir)
    assert book.codes["paternalism"].children == ()
    assert "children: []" not in cb(proj)


def test_merge_collapses_duplicates_and_removes_source(proj):
    result = merge_codes(proj, "trust/distrust", "trust")
    assert codes_by_coder(proj) == [
        ("ana", "meeting", 5, "paternalism/state"),
        ("ana", "pancho", 0, "trust"),  # the two codings of ana's span became one
        ("ana", "pancho", 39, "c-factor/confianza"),
        ("ben", "pancho", 0, "trust"),
        ("ben", "pancho", 39, "c-factor/cooperacion"),
    ]
    kept = [s for s in load_segments(proj, coder="ana") if s.code == "trust"]
    assert kept[0].memo == "strong statement"
    assert result.collapsed == 1 and result.segments == 2
    book = load_codebook(proj.codebooks_dir)
    assert "trust/distrust" not in book
    assert book.codes["trust"].keywords == ("trust", "confianza", "sospecha")
    before = snapshot(proj)
    with pytest.raises(NotFound) as err:  # nothing shows it was merged: an error, not a no-op
        merge_codes(proj, "trust/distrust", "trust")
    assert "already merged into trust" in err.value.hint
    assert snapshot(proj) == before


def test_merge_subtree_into_other_branch(proj):
    merge_codes(proj, "c-factor", "trust")
    book = load_codebook(proj.codebooks_dir)
    assert not any(p.startswith("c-factor") for p in book.codes)
    assert ("ana", "pancho", 39, "trust") in codes_by_coder(proj)
    assert ("ben", "pancho", 39, "trust") in codes_by_coder(proj)


def test_merge_into_own_descendant_refused(proj):
    with pytest.raises(InvalidArgument):
        merge_codes(proj, "trust", "trust/distrust")


def test_merge_orphan_codings(proj):
    save_segments(proj, "ben", "meeting", [Segment("meeting", 1, 4, "trsut", "ben", "abc")])
    result = merge_codes(proj, "trsut", "trust")
    assert "undefined" in result.summary
    assert ("ben", "meeting", 1, "trust") in codes_by_coder(proj)


def test_remove_refused_while_used(proj):
    before = snapshot(proj)
    with pytest.raises(InvalidData) as err:
        remove_code(proj, "paternalism")
    assert "1 segment by ana" in err.value.message
    assert "--reassign" in err.value.hint
    assert snapshot(proj) == before


def test_remove_with_reassign(proj):
    remove_code(proj, "paternalism/state", reassign="paternalism")
    assert "paternalism/state" not in load_codebook(proj.codebooks_dir)
    assert ("ana", "meeting", 5, "paternalism") in codes_by_coder(proj)


def test_remove_with_force_deletes_codings_and_empty_files(proj):
    result = remove_code(proj, "paternalism", force=True)
    book = load_codebook(proj.codebooks_dir)
    assert not any(p.startswith("paternalism") for p in book.codes)
    assert not (proj.codings_dir / "ana" / "meeting.yaml").exists()
    assert "codings/ana/meeting.yaml" in result.changed
    assert len(load_segments(proj)) == 5


def test_remove_unused_code_keeps_comments(proj):
    remove_code(proj, "trust/betrayal")
    text = cb(proj)
    assert "betrayal" not in text and "# the core theme" in text


def test_add_codes(proj):
    add_code(proj, "c-factor/compartir", label="Compartir", keywords=["compartir", "sharing"])
    add_code(proj, "paternalism/municipal")  # siblings are bare names: stays bare
    add_code(proj, "generational-split/older", parents=True, description="Faith-based outlook.")
    book = load_codebook(proj.codebooks_dir)
    assert book.codes["c-factor/compartir"].keywords == ("compartir", "sharing")
    assert "generational-split" in book
    text = cb(proj)
    assert "keywords: [compartir, sharing]" in text
    assert "      - municipal\n" in text
    with pytest.raises(AlreadyExists):
        add_code(proj, "trust")
    with pytest.raises(NotFound) as err:
        add_code(proj, "autonomy/from-state")
    assert "--parents" in err.value.hint
    with pytest.raises(InvalidArgument):
        add_code(proj, "Autonomía")


def test_add_in_empty_project_creates_a_codebook_file(project):
    add_code(project, "trust", label="Trust")
    add_code(project, "trust/distrust")
    book = load_codebook(project.codebooks_dir)
    assert list(book.codes) == ["trust", "trust/distrust"]
    assert (project.codebooks_dir / "codebook.yaml").exists()


def test_add_into_named_file(proj):
    add_code(proj, "autonomy", file="extra")
    assert load_codebook(proj.codebooks_dir).codes["autonomy"].file.name == "extra.yaml"


def test_dry_run_writes_nothing(proj):
    before = snapshot(proj)
    result = rename_code(proj, "trust", "confidence", dry_run=True)
    assert result.summary.startswith("dry run:") and result.segments == 3
    assert snapshot(proj) == before


def test_failure_midway_changes_no_file(proj, monkeypatch):
    before = snapshot(proj)
    calls = []
    real = codebook_edit.render_coding_file

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(codebook_edit, "render_coding_file", flaky)
    with pytest.raises(OSError):
        rename_code(proj, "trust", "confidence")
    assert snapshot(proj) == before
    assert not list(proj.root.rglob("*.tmp"))


def test_rename_bare_code_onto_top_level_code_of_another_file_merges(proj):
    (proj.codebooks_dir / "zz.yaml").write_text("codes:\n  - confidence\n", encoding="utf-8")
    remove_code(proj, "trust/distrust", reassign="trust")
    add_code(proj, "confianza-mutua")
    save_segments(proj, "ben", "x", [Segment("x", 0, 3, "confianza-mutua", "ben", "abc")])
    result = rename_code(proj, "confianza-mutua", "confidence")
    assert "merged confianza-mutua into the existing confidence" in result.summary
    book = load_codebook(proj.codebooks_dir)
    assert "confianza-mutua" not in book and book.codes["confidence"].file.name == "zz.yaml"
    assert ("ben", "x", 0, "confidence") in codes_by_coder(proj)


def test_rename_onto_existing_code_never_drops_a_child_code(proj):
    """Bug: renaming trust onto paternalism deleted trust/distrust and recoded its codings."""
    before = snapshot(proj)
    with pytest.raises(AlreadyExists) as err:
        rename_code(proj, "trust", "paternalism")
    assert err.value.message == (
        "code 'paternalism' already exists; use 'qualcode codebook merge trust paternalism'"
    )
    assert "trust/distrust" in err.value.hint and "label" in err.value.hint
    assert snapshot(proj) == before
    # a childless code with a label and definition is refused too: nothing is dropped silently
    with pytest.raises(AlreadyExists):
        rename_code(proj, "trust/distrust", "betrayal")
    assert snapshot(proj) == before


def test_merge_lists_what_was_folded_in(proj):
    result = merge_codes(proj, "trust", "paternalism")
    assert "folded in 2 descendant(s): trust/distrust, trust/betrayal" in result.summary
    assert "trust's label, description dropped" in result.summary
    assert ("ben", "pancho", 0, "paternalism") in codes_by_coder(proj)


def test_unknown_or_self_sources_are_errors(proj):
    before = snapshot(proj)
    with pytest.raises(NotFound) as err:
        merge_codes(proj, "zz", "trust")
    assert "closest:" in err.value.message
    with pytest.raises(NotFound):
        rename_code(proj, "zz", "trust")  # not a near miss of 'trust': not a repeated rename
    with pytest.raises(InvalidArgument):
        merge_codes(proj, "trust", "trust")
    with pytest.raises(InvalidArgument) as err:
        remove_code(proj, "paternalism", reassign="paternalism")
    assert "itself" in err.value.message
    assert snapshot(proj) == before


def test_validation_failure_writes_nothing(proj, monkeypatch):
    before = snapshot(proj)

    def broken(self, texts):
        raise InvalidData("code 'x' is defined twice")

    monkeypatch.setattr(codebook_edit._Session, "_validate", broken)
    with pytest.raises(InvalidData):
        rename_code(proj, "trust", "confidence")
    assert snapshot(proj) == before


QC_CODEBOOK = "- wellbeing:\n  - sleep\n  - stres\n  - stress\n- work\n"


def test_r5_qc_style_codebook_rename_into_existing_code(project):
    from qualcode.codebook.tree import rolled_up_counts

    (project.codebooks_dir / "codebook.yaml").write_text(QC_CODEBOOK, encoding="utf-8")
    segs = [Segment("d", i * 10, i * 10 + 5, "wellbeing/stres", "ana", "x") for i in range(3)]
    segs.append(Segment("d", 40, 45, "wellbeing/stress", "ana", "x"))
    segs += [Segment("d", 50 + i, 52 + i, "work", "ana", "x") for i in range(2)]
    save_segments(project, "ana", "d", segs)
    rename_code(project, "stres", "stress")
    text = (project.codebooks_dir / "codebook.yaml").read_text(encoding="utf-8")
    assert text == "- wellbeing:\n  - sleep\n  - stress\n- work\n"
    book = load_codebook(project.codebooks_dir)
    counts = rolled_up_counts(book, load_segments(project))
    assert (counts["wellbeing/stress"].segments, counts["work"].segments) == (4, 2)
    assert counts["wellbeing"].segments == 4
    assert "wellbeing/stres" not in counts
    assert rename_code(project, "stres", "stress").noop


def test_qc_style_edits_keep_the_shorthand(project):
    (project.codebooks_dir / "codebook.yaml").write_text(QC_CODEBOOK, encoding="utf-8")
    add_code(project, "wellbeing/rest")
    rename_code(project, "wellbeing", "bienestar")
    add_code(project, "work/hours")
    text = (project.codebooks_dir / "codebook.yaml").read_text(encoding="utf-8")
    assert text == "- bienestar:\n  - sleep\n  - stres\n  - stress\n  - rest\n- work:\n  - hours\n"
    book = load_codebook(project.codebooks_dir)
    assert "work/hours" in book and "bienestar/rest" in book
    move_code(project, "work/hours", "bienestar")
    merge_codes(project, "bienestar/stres", "bienestar/stress")
    assert list(load_codebook(project.codebooks_dir).codes) == [
        "bienestar",
        "bienestar/sleep",
        "bienestar/stress",
        "bienestar/rest",
        "bienestar/hours",
        "work",
    ]
    text = (project.codebooks_dir / "codebook.yaml").read_text(encoding="utf-8")
    assert text.endswith("  - hours\n- work\n")


def test_unusual_layout_is_reported(project):
    (project.codebooks_dir / "odd.yaml").write_text(
        "codes:\n  -   name: trust\n      label:    Trust\n  - name: autonomy\n", encoding="utf-8"
    )
    result = rename_code(project, "autonomy", "autonomia")
    assert result.warnings and "odd.yaml" in result.warnings[0]
    assert list(load_codebook(project.codebooks_dir).codes) == ["trust", "autonomia"]
    clean = rename_code(project, "autonomia", "autonomy")
    assert clean.warnings == []


def test_merge_with_a_typo_in_the_source_is_an_error_not_a_noop(proj):
    with pytest.raises(NotFound) as err:
        merge_codes(proj, "patern", "trust")
    assert "paternalism" in err.value.message


def test_remove_keeps_the_comment_above_the_next_code(proj):
    """Bug: removing c-factor deleted '# Obstacles to growth' above paternalism."""
    remove_code(proj, "c-factor", force=True)
    assert cb(proj) == CODEBOOK.replace(CODEBOOK[CODEBOOK.index("  - name: c-factor") :], "") + (
        "  # Obstacles to growth\n" + CODEBOOK[CODEBOOK.index("  - name: paternalism") :]
    )


@pytest.mark.parametrize(
    ("edit", "gone"),
    [
        (lambda p: remove_code(p, "trust", force=True), "  - name: trust\n"),
        (lambda p: remove_code(p, "c-factor/comunidad"), "      - comunidad\n"),
        (lambda p: merge_codes(p, "c-factor", "trust"), "  - name: c-factor\n"),
        (lambda p: move_code(p, "c-factor", "trust"), None),
        (lambda p: move_code(p, "c-factor", "paternalism"), None),
    ],
)
def test_edits_keep_comments_that_belong_to_the_next_code(proj, edit, gone):
    edit(proj)
    text = cb(proj)
    assert "\n\n  # Obstacles to growth\n  - name: paternalism\n" in text
    trust_kept = gone != "  - name: trust\n"
    assert text.count("# Obstacles") == 1 and text.count("# the core theme") == trust_kept
    assert "\n\n\n" not in text and "codes:\n\n" not in text
    if gone:
        assert gone not in text


def test_remove_keeps_comment_above_next_code_in_the_example_codebook(tmp_path):
    from qualcode.demo import create_demo_project

    demo = create_demo_project(tmp_path / "demo")
    path = demo.codebooks_dir / "santiago-network.yaml"
    text = path.read_text(encoding="utf-8")
    marked = text.replace(
        "  - name: paternalism\n", "  # paternalismo: ver cap. 4\n  - name: paternalism\n", 1
    )
    path.write_text(marked, encoding="utf-8")
    remove_code(demo, "c-factor", force=True)
    after = path.read_text(encoding="utf-8")
    assert "  # paternalismo: ver cap. 4\n  - name: paternalism\n" in after
    assert "c-factor" not in load_codebook(demo.codebooks_dir)


def test_remove_reassign_of_an_undefined_code(proj):
    save_segments(proj, "ben", "meeting", [Segment("meeting", 1, 4, "trsut", "ben", "abc")])
    with pytest.raises(InvalidArgument):
        remove_code(proj, "trsut", reassign="trsut")
    remove_code(proj, "trsut", reassign="trust")
    assert ("ben", "meeting", 1, "trust") in codes_by_coder(proj)


def test_move_under_a_flow_style_code_keeps_block_text(project):
    """A block subtree moved under ``- {name: betrayal}`` used to be dumped in flow
    style: a folded description came back with a BEL character in it."""
    (project.codebooks_dir / "a.yaml").write_text(
        "codes:\n"
        "  - name: trust\n"
        "    children:\n"
        "      - {name: betrayal, label: Traición}\n"
        "  - name: cf\n"
        "    children:\n"
        "      # about coop\n"
        "      - name: coop\n"
        "        description: >-\n"
        "          folded text\n"
        "          here\n"
        "      - com\n"
        "  # about pat\n"
        "  - pat\n",
        encoding="utf-8",
    )
    move_code(project, "cf", "trust/betrayal")
    book = load_codebook(project.codebooks_dir)
    assert book.codes["trust/betrayal/cf/coop"].description == "folded text here"
    assert book.codes["trust/betrayal"].label == "Traición"
    text = (project.codebooks_dir / "a.yaml").read_text(encoding="utf-8")
    assert "{" not in text and "  # about pat\n  - pat\n" in text
    move_code(project, "pat", "trust/betrayal/cf/com")
    text = (project.codebooks_dir / "a.yaml").read_text(encoding="utf-8")
    assert "- \n" not in text and not re.search(r"^ *-\n", text, re.M)
    assert "- name: com\n" in text
    assert "trust/betrayal/cf/com/pat" in load_codebook(project.codebooks_dir)
