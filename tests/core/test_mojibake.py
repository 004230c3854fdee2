"""Mojibake in transcripts (issue 16): warned with file and line, repaired only with --fix-text."""

from __future__ import annotations

import warnings
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qualcode.errors import QualcodeWarning
from qualcode.store import mojibake
from qualcode.store.documents import ImportOptions, import_files
from qualcode.store.project import Project
from tests.conftest import real_input


def _import(project: Project, path: Path, **options: object) -> tuple[str, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", QualcodeWarning)
        (item,) = import_files(project, [path], ImportOptions(kind="meeting", **options))
    return item.document.body, [str(w.message) for w in caught]


def test_real_vtt_two_control_characters_kept_then_repaired(project: Project) -> None:
    path = real_input("transcript", "w3c_spec_example_voice_spans_pseudonymised.vtt")
    body, messages = _import(project, path)
    assert "e-mailedâ\x80\x94" in body  # both C1 characters kept, never one of the two
    assert any(m.startswith(f"{path}:28: text decoded twice") for m in messages)
    fixed, _ = _import(project, path, fix_text=True, if_exists="replace")
    assert "e-mailed—" in fixed and "\x80" not in fixed and "\x94" not in fixed


def test_small_text_file_names_the_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "notas.txt"
    path.write_text("Primera línea bien.\nLa feria â€” otra vez.\nAño nuevo.\n", encoding="utf-8")
    body, messages = _import(project, path)
    assert messages == [
        f"{path}:2: text decoded twice (mojibake): 'â€”' reads '—'; --fix-text repairs it"
    ]
    assert body.split("\n")[1] == "La feria â€” otra vez."
    fixed, _ = _import(project, path, fix_text=True, if_exists="replace")
    assert fixed == "Primera línea bien.\nLa feria — otra vez.\nAño nuevo.\n"


def test_a_lone_control_character_is_reported_and_kept() -> None:
    assert mojibake.suspicious("fin\x85")
    assert "\x9d" in mojibake.repair("a\x9d b")  # undefined in cp1252: kept, not dropped


WORDS = [
    "año", "Ñuñoa", "¿Qué?", "¡Sí!", "confianza", "municipalidad", "pingüino", "Él", "está",
    "—", "“feria”", "l’été", "Größe", "Zürich", "São", "é", "à", "über", "niño,", "ÁRBOL",
    "Renca", "cooperación", "€200", "👍🏻", "señora", "día;",
]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_good_text_is_never_flagged_or_changed(text: str) -> None:
    assert not mojibake.find_lines(text)
    assert mojibake.repair(text) == text
