"""Leaks a fresh user found (fix-3): each test failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from qualcode.pseudonymise.engine import Pseudonymiser
from qualcode.pseudonymise.key_file import load_key

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


def test_scan_and_check_find_names_in_file_and_folder_names(run, project):
    with_key(project)
    (project.root / "memos").mkdir(exist_ok=True)
    (project.root / "memos" / "joaquin-perez.md").write_text("Nada que ver.\n", encoding="utf-8")
    (project.root / "fieldnotes" / "rosa_paz").mkdir()
    result = run("scan", "-p", project.root, "-f", "csv", "--no-candidates", expect=1)
    assert "memos/[name: P02 (Martín Díaz)].md,0," in result.stdout
    assert "fieldnotes/[name: P03 (Valeria Ortiz)],0," in result.stdout
    assert "joaquin" not in result.stdout.lower() and "rosa" not in result.stdout.lower()
    checked = run("check", "-p", project.root, expect=1)
    assert "P02 (Martín Díaz)" in checked.stdout + checked.stderr
    assert "joaquin" not in (checked.stdout + checked.stderr).lower()


def test_scan_context_masks_every_name_on_the_line(run, project):
    with_key(project)
    note = project.root / "fieldnotes" / "interviews" / "n.md"
    note.write_text("Joaquín habló con Carmen y escribió a pancho@gmail.com hoy.\n", "utf-8")
    result = run("scan", "-p", project.root, "-f", "csv", "--no-candidates", expect=1)
    assert result.stdout.count("\n") == 4  # header + 3 findings
    for real in ("Joaquín", "Carmen", "pancho"):
        assert real not in result.stdout
    assert result.stderr.count("leak(s)") == 1
    checked = run("check", "-p", project.root, expect=1)
    for real in ("Joaquín", "Carmen", "pancho"):
        assert real not in checked.stdout + checked.stderr
    table = run("scan", "-p", project.root, "--no-candidates", expect=1)
    assert table.stderr.count("leak(s)") == 1


def test_scan_missing_path_is_an_error(run, project):
    with_key(project)
    result = run("scan", "nope.txt", "-p", project.root, expect=1)
    assert "nope.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_scan_caps_the_terminal_table(run, project):
    with_key(project)
    note = project.root / "fieldnotes" / "interviews" / "n.md"
    note.write_text("Joaquín dijo.\n" * 2500, encoding="utf-8")
    result = run("scan", "-p", project.root, "--no-candidates", expect=1)
    assert "500 more finding(s) not drawn" in result.stderr


def test_fuzzy_one_deletion_from_a_seven_letter_name():
    engine = Pseudonymiser(load_key(KEY))
    assert engine("Joaqín llegó.") == "Martín llegó."
    review = Pseudonymiser(load_key(KEY), fuzzy="review").pseudonymise("Joaqín llegó.")
    assert review.text == "Joaqín llegó." and len(review.reviews) == 1
    # issue 11: short names are matched fuzzily too (Carmen has 6 letters)
    assert engine("Carmn llegó.") == "Inés llegó."


def test_rut_without_hyphen_is_masked_when_its_check_digit_is_valid():
    engine = Pseudonymiser(load_key(KEY))
    text = "Su RUT 123456785, su hija 16543210K; pedido 123456789; RUN: 123456789."
    assert engine(text) == "Su RUT [RUT-1], su hija [RUT-2]; pedido 123456789; RUN: [RUT-3]."
    assert engine("llamar al 987654321") == "llamar al [TEL-1]"


def test_misspelt_organisation_is_fuzzy_per_word():
    engine = Pseudonymiser(load_key(KEY))
    result = engine.pseudonymise("Trabaja en la Cooperatva Agrícola Santa Rosa con Rosa.")
    assert result.text == "Trabaja en la Cooperativa Agrícola El Sauce con Valeria."
    assert [r.kind for r in result.replacements] == ["fuzzy", "alias"]
    review = Pseudonymiser(load_key(KEY), fuzzy="review")
    left = review.pseudonymise("la Cooperativa Agricla Santa Rosa")
    assert left.text == "la Cooperativa Agricla Santa Rosa" and left.reviews[0].entry == "O01"


def test_notes_new_pseudonymises_title_body_and_participants(run, project, tmp_path):
    with_key(project)
    body = tmp_path / "body.txt"
    body.write_text("Hablé con Joaquín Pérez y con rosa paz; escribir a pancho@x.cl\r\n", "utf-8")
    run(
        "notes", "new", "--kind", "fieldnote", "--title", "Visita a Carmen",
        "--body-file", body, "--participant", "Joaquín Pérez", "-p", project.root,
    )  # fmt: skip
    (path,) = (project.root / "fieldnotes").rglob("*.md")
    text = path.read_text(encoding="utf-8")
    for real in ("Joaquín", "Carmen", "rosa", "pancho", "Pérez"):
        assert real not in text
    assert "Martín Díaz" in text and "Inés" in text and "valeria ortiz" in text
    assert "carmen" not in path.name


def test_coding_memos_are_pseudonymised(run, project, tmp_path, monkeypatch):
    from qualcode.store.codings import load_segments
    from tests.core.coding_fixtures import import_crlf, write_codebook

    write_codebook(project)
    monkeypatch.chdir(project.root)
    import_crlf(project, tmp_path)
    with_key(project)
    run("code", "pena", "trust", "--lines", "3", "--coder", "ana", "--memo", "Joaquín lo dijo")
    monkeypatch.setenv("QUALCODE_CODER", "beto")
    run("tag", "pena", input="\ntrust\nm\nCarmen Lagos también\nq\n")
    memos = sorted(s.memo for s in load_segments(project))
    assert memos == ["Inés Rojas también", "Martín lo dijo"]


def test_pseudonym_colliding_with_an_alias_form_is_refused(run, project):
    with_key(project)
    before = (project.root / ".qualcode" / "people.yaml").read_bytes()
    result = run(
        "people", "add", "Pedro Gómez", "--pseudonym", "Tomi", "-p", project.root, expect=1
    )
    assert "P01" in result.stderr and "--pseudonym" in result.stderr
    assert "fix the key file" not in result.stderr
    result = run(
        "people", "add", "Pedro Gómez", "--pseudonym", "Luis Mena", "--alias", "Pedrito=Tincho",
        "-p", project.root, expect=1,
    )  # fmt: skip
    assert "P02" in result.stderr
    assert (project.root / ".qualcode" / "people.yaml").read_bytes() == before


def test_people_messages(run, project, monkeypatch):
    result = run("people", "add", "", "--pseudonym", "X Y", "-p", project.root, expect=1)
    assert "real name is empty" in result.stderr and "key file" not in result.stderr
    run("people", "add", "Ana Soto", "--pseudonym", "Laura Vidal", "-p", project.root)
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "correct horse")
    run("people", "lock", "-p", project.root)
    again = run("people", "lock", "-p", project.root, expect=1)
    assert "already locked" in again.stderr
    added = run("people", "add", "Luis Mena", "--pseudonym", "Hugo Díaz", "-p", project.root)
    assert "people.yaml.locked" in added.stderr
    assert not (project.root / ".qualcode" / "people.yaml").exists()


def test_pseudonymise_refuses_binary_that_looks_like_utf16(run, project, tmp_path):
    with_key(project)
    data = bytes(b for i in range(400) for b in (0x80 + i % 100, 0))
    binary = tmp_path / "z.bin"
    binary.write_bytes(data)
    result = run("pseudonymise", binary, "-p", project.root, expect=1)
    assert "binary" in result.stderr and result.stdout == ""
    result = run("pseudonymise", "-", "-p", project.root, input=data, expect=1)
    assert "binary" in result.stderr


def test_in_place_keeps_crlf_and_other_text_byte_for_byte(run, project, tmp_path):
    with_key(project)
    crlf = tmp_path / "a.txt"
    crlf.write_bytes("Hola Joaquín,\r\nqué tal “bien”.\r\n".encode())
    run("pseudonymise", "--in-place", crlf, "-p", project.root)
    assert crlf.read_bytes() == "Hola Martín,\r\nqué tal “bien”.\r\n".encode()
    nfd = tmp_path / "b.txt"
    nfd.write_bytes("Cancio\u0301n sin nombres.\n".encode())
    run("pseudonymise", "--in-place", nfd, "-p", project.root)
    assert nfd.read_bytes() == "Cancio\u0301n sin nombres.\n".encode()
    out = run("pseudonymise", crlf, "-p", project.root)
    assert out.stdout_bytes == "Hola Martín,\r\nqué tal “bien”.\r\n".encode()


def test_dry_run_warns_that_it_shows_real_names(run, project, tmp_path):
    with_key(project)
    source = tmp_path / "a.txt"
    source.write_text("Hola Joaquín.\n", encoding="utf-8")
    result = run("pseudonymise", "--dry-run", source, "-p", project.root)
    assert "Joaquín" in result.stdout
    assert "real names" in result.stderr


def test_unknown_participant_is_warned_about(run, project, tmp_path):
    with_key(project)
    source = tmp_path / "entrevista.txt"
    source.write_text("Hola.\n", encoding="utf-8")
    result = run(
        "import", source, "-k", "interview", "-P", "Pedro Desconocido", "-P", "Joaquín Pérez",
        "-p", project.root,
    )  # fmt: skip
    assert "'Pedro Desconocido' is not in the key" in result.stderr
    assert "Joaquín" not in result.stderr


def test_lone_surname_maps_to_the_pseudonym_surname():
    from qualcode.pseudonymise.key import parse_key

    key = parse_key(
        {"people": {"P01": {"real": "Rosita Quispe Mamani", "pseudonym": "Sofía Álvarez"}}}
    )
    engine = Pseudonymiser(key)
    assert engine("Quispe dijo que Rosita vino.") == "Álvarez dijo que Sofía vino."
    assert engine("La casa de Quispe-Mamani's.") == "La casa de Álvarez's."
    assert engine("Rosita Quispe Mamani vino.") == "Sofía Álvarez vino."


def test_names_joined_by_underscores_are_replaced_and_scanned(run, project):
    """Regression: 'reunion_rosa_paz.wav' inside a text was left, and scan passed."""
    engine = Pseudonymiser(load_key(KEY))
    assert engine("Audio: reunion_rosa_paz.wav y joaquin_perez.mp3. La rosa_roja.") == (
        "Audio: reunion_valeria_ortiz.wav y martín_díaz.mp3. La rosa_roja."
    )
    with_key(project)
    (project.root / "memos" / "m.md").write_text("ver rosa_paz aquí\n", encoding="utf-8")
    result = run("scan", "-p", project.root, expect=1)
    assert "rosa_paz" not in result.stdout + result.stderr
