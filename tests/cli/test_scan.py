"""``qualcode scan``: leaks fail, clean text passes, candidates are listed."""

from __future__ import annotations

import shutil
from pathlib import Path

from qualcode.pseudonymise.key import parse_key
from qualcode.pseudonymise.scan import find_candidates, scan_project

KEY = Path(__file__).resolve().parents[1] / "fixtures" / "pseudonymisation" / "cases-key.yaml"


def setup(project, body):
    shutil.copy(KEY, project.root / ".qualcode" / "people.yaml")
    note = project.root / "fieldnotes" / "interviews" / "n.md"
    note.write_text(body, encoding="utf-8")
    return note


def test_clean_text_passes(run, project):
    setup(project, "Tomás y Valeria hablaron de la feria en La Paz.\n")
    result = run("scan", "-p", project.root)
    assert "0 leak(s)" in result.stderr


def test_leaked_name_fails_and_is_masked(run, project):
    setup(project, "Línea uno.\nAyer Joaquin habló.\n")
    result = run("scan", "-p", project.root, "-f", "csv", expect=1)
    assert "fieldnotes/interviews/n.md,2,6,name,P02 (Martín Díaz)" in result.stdout
    assert "Joaquin" not in result.stdout
    revealed = run("scan", "--reveal", "-p", project.root, "-f", "csv", expect=1)
    assert "Ayer Joaquin habló" in revealed.stdout


def test_misspelt_name_fails(run, project):
    setup(project, "Francsico volvió.\n")
    result = run("scan", "-p", project.root, "-f", "csv", expect=1)
    assert ",fuzzy,P01" in result.stdout


def test_email_fails(run, project):
    setup(project, "Escribir a alguien@example.org.\n")
    result = run("scan", "-p", project.root, "-f", "csv", expect=1)
    assert ",pattern,EMAIL," in result.stdout


def test_paths_outside_a_project_with_key(run, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("Hablé con Rosa.\n", encoding="utf-8")
    result = run("scan", text, "--key", KEY, expect=1)
    assert "1 leak(s)" in result.stderr


def test_r7_unregistered_names_are_candidates_in_any_case():
    key = parse_key({})
    text = (
        "INTERVIEWER: So when did you first meet DELPHINE OKORO?\n"
        "P4: delphine okoro? last spring. Delphine Okoro ran the food bank.\n"
    )
    findings = find_candidates([("caps.txt", text)], key)
    found = {(f.line, f.item) for f in findings}
    assert {(1, "DELPHINE"), (1, "OKORO"), (2, "delphine"), (2, "okoro")} <= found
    assert all(f.kind == "candidate" and not f.leak for f in findings)
    assert not any(f.item in ("INTERVIEWER", "So", "P4") for f in findings)


def test_scan_project_library_function(project):
    setup(project, "Ana llegó. La Paz es bonita.\n")
    findings = scan_project(project, candidates=False)
    assert [(f.kind, f.item) for f in findings] == [("name", "P05 (Julia Mora)")]


def test_nfd_and_accentless_leaks_are_found(project):
    setup(project, "Llegó Joaqui\u0301n.\nY joaquin PEREZ.\n")
    findings = [f for f in scan_project(project) if f.leak]
    assert [(f.line, f.kind) for f in findings] == [(1, "name"), (2, "name")]
    assert "Joaqu" not in " ".join(f.context for f in findings)


def test_key_outside_the_project(run, project, tmp_path):
    outside = tmp_path / "private" / "key.yaml"
    outside.parent.mkdir()
    shutil.copy(KEY, outside)
    settings = project.root / "qualcode.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "key: .qualcode/people.yaml", f"key: {outside}"
        ),
        encoding="utf-8",
    )
    raw = tmp_path / "raw.txt"
    raw.write_text("Joaco y Fran-\ncisco.\n", encoding="utf-8")
    run("import", raw, "--kind", "fieldnote", "-p", project.root)
    # issue 11: import joins Fran-/cisco and replaces it, so nothing is left to flag
    scan = run("scan", "-p", project.root, "-f", "csv")
    assert "P01" not in scan.stdout
    joined = run("pseudonymise", raw, "-p", project.root)
    assert joined.stdout == "Tincho y Tomás\n.\n"
    left = run("pseudonymise", raw, "--no-join-hyphens", "-p", project.root)
    assert left.stdout == "Tincho y Fran-\ncisco.\n"
    split = tmp_path / "split.txt"
    split.write_text("Fran-\ncisco.\n", encoding="utf-8")
    flagged = run("scan", split, "-p", project.root, "-f", "csv", expect=1)
    assert ",split,P01" in flagged.stdout  # a file left split is flagged, not passed
