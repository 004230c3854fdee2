"""Shared test data for the coding tests: a small codebook and CRLF/accented transcripts."""

from __future__ import annotations

from pathlib import Path

from qualcode.store.documents import ImportOptions, import_files

CODEBOOK = """\
codes:
  - name: trust
    label: Trust
    keywords: [confianza, trust]
    children:
      - name: distrust
        keywords: [desconfianza, sospecha]
  - name: paternalism
    label: Paternalism
    keywords: [paternalismo, dependencia]
    children:
      - name: state
        label: State paternalism
        keywords: [estado, gobierno]
      - name: pastoral
        keywords: [iglesia, parroquia]
  - name: participation
    label: Participation
  - name: question
    label: Question
"""

# Spanish transcript with accents, smart quotes and an em dash; imported from CRLF + BOM.
TRANSCRIPT = (
    "Entrevistadora: ¿Cómo empezó la red?\n"
    "\n"
    "Peña: “Con confianza” — y mucha paciencia. La parroquia nos prestó la sala.\n"
    "Después vino el Estado con sus programas.\n"
    "\n"
    "Entrevistadora: ¿Y la desconfianza?\n"
    "\n"
    "Peña: Éramos desconfiados; la dictadura nos enseñó a callar. Señoras, niños, todos.\n"
)


def write_codebook(project) -> None:
    (project.codebooks_dir / "book.yaml").write_text(CODEBOOK, encoding="utf-8")


def import_crlf(project, tmp_path: Path, text: str = TRANSCRIPT, name: str = "pena.txt"):
    """Import ``text`` saved as UTF-8 with a BOM and CRLF line ends; return the stored document."""
    source = tmp_path / name
    source.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    imported = import_files(
        project, [source], ImportOptions(kind="interview", date="2010-10-06", participants=["Peña"])
    )
    return project.document(imported[0].document.id)
