"""The key file: validation, editing, file mode, lock and unlock."""

from __future__ import annotations

import stat

import pytest

from qualcode.errors import AlreadyExists, InvalidArgument, KeyLocked
from qualcode.pseudonymise.engine import Pseudonymiser
from qualcode.pseudonymise.key import Key, add_entry, parse_key, remove_entry
from qualcode.pseudonymise.key_file import (
    key_path,
    load_key,
    lock_key,
    locked_path,
    save_key,
    unlock_key,
)


def make_key(tmp_path):
    key = load_key(tmp_path / "people.yaml")
    add_entry(
        key,
        "Joaquín Pérez",
        pseudonym="Martín Díaz",
        aliases=["Joaco=Tincho"],
        attributes={"role": "producer"},
    )
    add_entry(key, "Rosa Paz", pseudonym="Valeria Ortiz", common_word=["Rosa"])
    save_key(key)
    return key


def test_save_writes_mode_600_and_reloads_the_same(tmp_path):
    key = make_key(tmp_path)
    path = tmp_path / "people.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_key(path)
    assert [(e.id, e.real, e.pseudonym) for e in again.entries] == [
        ("P01", "Joaquín Pérez", "Martín Díaz"),
        ("P02", "Rosa Paz", "Valeria Ortiz"),
    ]
    assert again.entries[0].aliases == {"Joaco": "Tincho"}
    assert again.to_yaml() == key.to_yaml()


def test_part_forms_align_given_names_and_surnames():
    key = parse_key(
        {
            "people": {
                "P01": {"real": "Francisco Javier Soto Muñoz", "pseudonym": "Tomás Reyes Vera"}
            }
        }
    )
    assert key.entries[0].part_forms() == {
        "francisco": "Tomás",
        "javier": "Tomás",
        "soto": "Reyes",
        "munoz": "Vera",
    }


@pytest.mark.parametrize(
    ("real", "pseudonym", "message"),
    [
        ("Ana Soto", "Martín Díaz", "also the pseudonym of P01"),
        ("Ana Soto", "Ana Vidal", 'pseudonym "Ana"'),
        ("Ana Soto", "Laura Joaquín", 'pseudonym "Joaquín" .* equals a real name or alias of P01'),
        ("Ana Soto", "Laura Joaco", "Joaco"),
    ],
)
def test_collisions_are_refused_and_the_key_unchanged(tmp_path, real, pseudonym, message):
    key = make_key(tmp_path)
    before = key.to_yaml()
    with pytest.raises(InvalidArgument, match=message):
        add_entry(key, real, pseudonym=pseudonym)
    assert key.to_yaml() == before


def test_pseudonym_may_not_fold_to_a_real_name(tmp_path):
    key = make_key(tmp_path)
    with pytest.raises(InvalidArgument, match="PEREZ"):
        add_entry(key, "Luis Mena", pseudonym="Luis PEREZ".replace("Luis", "Hugo"))


def test_same_real_name_twice_is_refused(tmp_path):
    key = make_key(tmp_path)
    with pytest.raises(AlreadyExists):
        add_entry(key, "joaquin  perez", pseudonym="Otro Nombre")


def test_remove_by_pseudonym(tmp_path):
    key = make_key(tmp_path)
    assert remove_entry(key, "valeria ortiz").id == "P02"
    assert [e.id for e in key.entries] == ["P01"]


def test_lock_holds_no_plaintext_and_unlock_restores(tmp_path):
    key = make_key(tmp_path)
    plain = (tmp_path / "people.yaml").read_text(encoding="utf-8")
    lock_key(key, "correct horse")
    locked = locked_path(tmp_path / "people.yaml")
    assert not (tmp_path / "people.yaml").exists()
    data = locked.read_bytes()
    for secret in (b"Joaqu", b"P\xc3\xa9rez", b"Rosa", b"Tincho", b"producer"):
        assert secret not in data
    assert stat.S_IMODE(locked.stat().st_mode) == 0o600
    with pytest.raises(KeyLocked, match="locked"):
        load_key(tmp_path / "people.yaml")
    with pytest.raises(KeyLocked, match="wrong passphrase"):
        load_key(tmp_path / "people.yaml", "wrong")
    opened = load_key(tmp_path / "people.yaml", "correct horse")
    assert Pseudonymiser(opened)("Joaco y Joaquín") == "Tincho y Martín"
    # new placeholders are saved back encrypted
    Pseudonymiser(opened).pseudonymise("joaquin@example.org")
    save_key(opened)
    assert b"example.org" not in locked.read_bytes()
    assert not (tmp_path / "people.yaml").exists()
    unlock_key(load_key(tmp_path / "people.yaml", "correct horse"))
    assert not locked.exists()
    restored = (tmp_path / "people.yaml").read_text(encoding="utf-8")
    assert (
        restored.replace(
            "placeholders:\n  EMAIL:\n    joaquin@example.org: 1\n", "placeholders: {}\n"
        )
        == plain
    )


def test_key_path_follows_the_setting(project, tmp_path):
    assert key_path(project) == project.root / ".qualcode" / "people.yaml"
    project.settings["key"] = str(tmp_path / "elsewhere" / "key.yaml")
    assert key_path(project) == tmp_path / "elsewhere" / "key.yaml"


def test_missing_key_is_empty():
    key = load_key("nowhere/people.yaml")
    assert isinstance(key, Key) and not key.exists and key.entries == []


def test_list_aliases_and_organisations():
    key = parse_key(
        {
            "people": {
                "P01": {
                    "real": "Ana Fuentes",
                    "pseudonym": "Julia Mora",
                    "aliases": ["Anita", "Ana Fuentes"],
                }
            },
            "orgs": {"O01": {"real": "Cooperativa Las Hormigas"}},
        }
    )
    engine = Pseudonymiser(key)
    assert engine("Anita trabaja en la Cooperativa Las Hormigas") == (
        "Julia trabaja en la [organization name]"
    )
    assert engine("las hormigas y la cooperativa") == "las hormigas y la cooperativa"


def test_initials_and_particles_are_not_name_parts():
    key = parse_key({"people": {"P01": {"real": "Juan P. de la Fuente", "pseudonym": "Luis Mena"}}})
    assert set(key.entries[0].part_forms()) == {"juan", "fuente"}
    engine = Pseudonymiser(key)
    assert (
        engine("p. ej. de la casa; Juan P. de la Fuente vino")
        == "p. ej. de la casa; Luis Mena vino"
    )
