"""``qualcode people``: add, list, remove, keep, lock, unlock."""

from __future__ import annotations

import stat

from qualcode.pseudonymise.key_file import load_key, locked_path


def add_two(run, project):
    run(
        "people",
        "add",
        "Joaquín Pérez",
        "--pseudonym",
        "Martín Díaz",
        "--alias",
        "Joaco=Tincho",
        "--attr",
        "role=producer",
        "-p",
        project.root,
    )
    run(
        "people",
        "add",
        "Rosa Paz",
        "--pseudonym",
        "Valeria Ortiz",
        "--common-word",
        "Rosa",
        "-p",
        project.root,
    )


def test_add_writes_private_key(run, project):
    add_two(run, project)
    path = project.root / ".qualcode" / "people.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_key(path)
    assert [e.pseudonym for e in key.entries] == ["Martín Díaz", "Valeria Ortiz"]
    assert key.entries[0].attributes == {"role": "producer"}


def test_list_shows_pseudonyms_only_unless_reveal(run, project):
    add_two(run, project)
    result = run("people", "list", "-f", "csv", "-p", project.root)
    assert "Martín Díaz" in result.stdout and "Tincho" in result.stdout
    assert "Joaquín" not in result.stdout and "Rosa Paz" not in result.stdout
    revealed = run("people", "list", "--reveal", "-f", "json", "-p", project.root)
    assert "Joaquín Pérez" in revealed.stdout
    assert "real names" in revealed.stderr


def test_collision_is_one_line_error(run, project):
    add_two(run, project)
    result = run(
        "people", "add", "Carmen Lagos", "--pseudonym", "Joaco", "-p", project.root, expect=1
    )
    assert result.stderr.startswith("qualcode: error:")
    assert "equals a real name or alias of P01" in result.stderr
    assert len(load_key(project.root / ".qualcode" / "people.yaml").entries) == 2


def test_remove_and_keep(run, project):
    add_two(run, project)
    run("people", "remove", "Valeria Ortiz", "-p", project.root)
    run("people", "keep", "La Paz", "-p", project.root)
    key = load_key(project.root / ".qualcode" / "people.yaml")
    assert [e.id for e in key.entries] == ["P01"] and key.keep == ["La Paz"]


def test_lock_and_unlock_with_passphrase_variable(run, project, monkeypatch):
    add_two(run, project)
    path = project.root / ".qualcode" / "people.yaml"
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "s3cret passphrase")
    run("people", "lock", "-p", project.root)
    assert not path.exists() and locked_path(path).exists()
    assert b"Joaqu" not in locked_path(path).read_bytes()
    # commands still work with the passphrase
    listed = run("people", "list", "-f", "csv", "-p", project.root)
    assert "Martín Díaz" in listed.stdout
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "wrong")
    bad = run("people", "list", "-p", project.root, expect=1)
    assert "wrong passphrase" in bad.stderr and "Traceback" not in bad.stderr
    monkeypatch.delenv("QUALCODE_KEY_PASSPHRASE")
    locked = run("people", "list", "-p", project.root, expect=1)
    assert "the key is locked" in locked.stderr
    monkeypatch.setenv("QUALCODE_KEY_PASSPHRASE", "s3cret passphrase")
    run("people", "unlock", "-p", project.root)
    assert path.exists() and not locked_path(path).exists()
