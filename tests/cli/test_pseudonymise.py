"""``qualcode pseudonymise`` and ``qualcode import`` through the key."""

from __future__ import annotations

import shutil
from pathlib import Path

KEY = Path(__file__).resolve().parents[1] / "fixtures" / "pseudonymisation" / "cases-key.yaml"
REAL = (
    "Joaqu",
    "Pancho",
    "Francisco",
    "Soto",
    "Rosa",
    "Fuentes",
    "Carmen",
    "Lagos",
    "pancho.soto",
    "8765",
    "Santa Rosa",
)


def install_key(project):
    target = project.root / ".qualcode" / "people.yaml"
    shutil.copy(KEY, target)
    target.chmod(0o600)
    return target


def test_stdin_to_stdout_with_report_on_stderr(run, project):
    install_key(project)
    result = run(
        "pseudonymise", "-", "-p", project.root, input="Pancho y JOAQUÍN: pancho.soto@gmail.com\n"
    )
    assert result.stdout == "Tomi y MARTÍN: [EMAIL-1]\n"
    assert (
        "pseudonymised 1 text: 3 replacements (exact 0, alias 2, fuzzy 0, pattern 1)"
        in result.stderr
    )
    assert "Pancho" not in result.stderr and "Joaqu" not in result.stderr
    assert "Tomás Reyes Vera" in result.stderr


def test_reveal_shows_real_text(run, project):
    install_key(project)
    result = run("pseudonymise", "-", "--reveal", "--details", "-p", project.root, input="Joaco\n")
    assert "Joaco" in result.stderr


def test_in_place_dry_run_and_review(run, project, tmp_path):
    install_key(project)
    source = tmp_path / "t.txt"
    source.write_text("Francsico vino con Rosa.\r\n", encoding="utf-8")
    dry = run("pseudonymise", source, "--in-place", "--dry-run", "-p", project.root)
    assert "-Francsico vino con Rosa." in dry.stdout and "+Tomás vino con Valeria." in dry.stdout
    assert source.read_bytes() == b"Francsico vino con Rosa.\r\n"
    review = run("pseudonymise", source, "--fuzzy", "review", "-p", project.root)
    assert review.stdout == "Francsico vino con Valeria.\n"
    assert "Left for review" in review.stderr
    run("pseudonymise", source, "--in-place", "-p", project.root)
    assert source.read_text(encoding="utf-8") == "Tomás vino con Valeria.\n"


def test_placeholder_numbers_stable_and_kept_in_the_key(run, project):
    key = install_key(project)
    run("pseudonymise", "-", "-p", project.root, input="a@b.cl\n")
    second = run("pseudonymise", "-", "-p", project.root, input="c@d.cl y a@b.cl\n")
    assert second.stdout == "[EMAIL-2] y [EMAIL-1]\n"
    assert "a@b.cl" in key.read_text(encoding="utf-8")
    leaked = [
        p
        for p in project.root.rglob("*")
        if p.is_file()
        and ".qualcode" not in p.parts
        and "a@b.cl" in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaked == []


def test_import_leaves_no_real_name_outside_the_key(run, project, tmp_path):
    install_key(project)
    raw = tmp_path / "entrevista-pancho-soto.md"
    raw.write_text(
        "---\ntitle: Entrevista a Francisco Soto\nparticipants: [Pancho]\n"
        "attributes: {contacto: pancho.soto@gmail.com, comuna: La Florida}\n---\n"
        "Entrevistadora: ¿Y Joaquín?\r\n\r\nPancho: JOAQUÍN PÉREZ y Rosa vinieron; fono +56 9 8765 4321.\r\n",
        encoding="utf-8",
    )
    result = run(
        "import",
        raw,
        "--kind",
        "interview",
        "--date",
        "2010-10-06",
        "--participant",
        "Carmen Lagos",
        "-p",
        project.root,
    )
    assert "pseudonymised 1 text" in result.stderr
    files = [p for p in project.root.rglob("*") if p.is_file() and ".qualcode" not in p.parts]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for real in REAL:
            assert real not in text, (path, real)
        assert "real" not in path.name
    (doc,) = list((project.root / "fieldnotes" / "interviews").glob("*.md"))
    text = doc.read_text(encoding="utf-8")
    assert doc.name == "2010-10-06-entrevista-a-tomas-reyes.md"
    assert "title: Entrevista a Tomás Reyes" in text
    assert "Inés Rojas" in text  # the participant, resolved from a real name in the key
    assert "MARTÍN DÍAZ y Valeria" in text and "[TEL-1]" in text and "[EMAIL-1]" in text
    assert "Tomi" in text  # front-matter participant pseudonymised
    scan = run("scan", "-p", project.root)
    assert "0 leak(s)" in scan.stderr


def test_import_participant_copies_key_attributes(run, project, tmp_path):
    target = install_key(project)
    text = target.read_text(encoding="utf-8").replace(
        "P06: {real: Carmen Lagos, pseudonym: Inés Rojas, aliases: {Carmen: Inés}}",
        "P06: {real: Carmen Lagos, pseudonym: Inés Rojas, aliases: {Carmen: Inés},\n"
        "        attributes: {role: producer, gender: woman}}",
    )
    target.write_text(text, encoding="utf-8")
    raw = tmp_path / "notes.txt"
    raw.write_text("Carmen habló.\n", encoding="utf-8")
    run(
        "import",
        raw,
        "--kind",
        "interview",
        "--participant",
        "Inés Rojas",
        "--attr",
        "gender=w",
        "-p",
        project.root,
    )
    (doc,) = list((project.root / "fieldnotes" / "interviews").glob("*.md"))
    body = doc.read_text(encoding="utf-8")
    assert "role: producer" in body and "gender: w" in body and "Inés habló." in body


def test_no_pseudonymise_imports_as_is(run, project, tmp_path):
    install_key(project)
    raw = tmp_path / "notes.txt"
    raw.write_text("Carmen habló.\n", encoding="utf-8")
    run("import", raw, "--kind", "interview", "--no-pseudonymise", "-p", project.root)
    (doc,) = list((project.root / "fieldnotes" / "interviews").glob("*.md"))
    assert "Carmen habló." in doc.read_text(encoding="utf-8")


def test_locked_key_import_needs_passphrase(run, project, tmp_path, monkeypatch):
    install_key(project)
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "pass phrase")
    run("people", "lock", "-p", project.root)
    raw = tmp_path / "notes.txt"
    raw.write_text("Carmen habló con a@b.cl.\n", encoding="utf-8")
    monkeypatch.delenv("QUALCODE_KEY_PASSPHRASE")
    failed = run("import", raw, "--kind", "interview", "-p", project.root, expect=1)
    assert "locked" in failed.stderr
    assert not list((project.root / "fieldnotes" / "interviews").glob("*.md"))
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "pass phrase")
    run("import", raw, "--kind", "interview", "-p", project.root)
    (doc,) = list((project.root / "fieldnotes" / "interviews").glob("*.md"))
    assert "Inés habló con [EMAIL-1]." in doc.read_text(encoding="utf-8")
    assert not (project.root / ".qualcode" / "people.yaml").exists()
    assert b"a@b.cl" not in (project.root / ".qualcode" / "people.yaml.locked").read_bytes()
