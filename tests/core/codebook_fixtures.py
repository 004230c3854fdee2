"""A small codebook with comments, flow-style and bare-string children, and two coders' codings."""

from __future__ import annotations

from qualcode.models import Segment
from qualcode.store.codings import save_segments
from qualcode.store.project import Project

CODEBOOK = """\
# Codebook for the Santiago fieldwork — keep definitions short.
codes:
  - name: trust
    label: Trust
    description: Relying on other people.  # the core theme
    keywords: [trust, confianza]
    children:
      - name: distrust
        label: Distrust
        description: Suspicion of others.
        keywords: [sospecha]
      - {name: betrayal, label: Traición}

  - name: c-factor
    label: C Factor
    children:
      - confianza
      - name: cooperacion
        label: Cooperación
        aliases: [coop]
      - comunidad

  # Obstacles to growth
  - name: paternalism
    description: A stronger actor provides and decides.
    children:
      - state
      - pastoral
"""

BODY = "Pancho: “Nadie confía en nadie”, dijo.\nLa señora vendió todo y mintió.\n"


def build(project: Project) -> None:
    """Write the codebook and codings by ana and ben in two documents."""
    (project.codebooks_dir / "santiago.yaml").write_text(CODEBOOK, encoding="utf-8")

    def seg(doc: str, start: int, end: int, code: str, coder: str, memo: str | None = None):
        return Segment(doc, start, end, code, coder, BODY[start:end], memo)

    save_segments(
        project,
        "ana",
        "pancho",
        [
            seg("pancho", 0, 38, "trust/distrust", "ana"),
            seg("pancho", 0, 38, "trust", "ana", memo="strong statement"),
            seg("pancho", 39, 70, "c-factor/confianza", "ana"),
        ],
    )
    save_segments(
        project,
        "ben",
        "pancho",
        [
            seg("pancho", 0, 38, "trust/distrust", "ben"),
            seg("pancho", 39, 70, "c-factor/cooperacion", "ben"),
        ],
    )
    save_segments(project, "ana", "meeting", [seg("meeting", 5, 15, "paternalism/state", "ana")])
