"""Build the example project's codings: ``ana`` and ``tomas`` (by hand) and ``auto`` (keywords).

Run from the repository root::

    PYTHONPATH=. python scripts/build_example_codings.py

It builds a scratch project from the example (the repository root), codes it through
the library (selectors, ``add_codings``, ``suggest``/``apply_suggestions``), and
copies ``codings/ana``, ``codings/auto`` and ``codings/tomas`` back into the example.
The output is the same on every run.

``tomas`` is the second human coder: he coded six of the fourteen documents (four
interviews, two meetings) independently of ana, whole paragraphs only, so that
``qualcode agreement`` has something to compare. He agrees with ana on most
turns and differs where coders do differ: trust against c-factor/confianza, a
parent code where she chose a child, a theme she saw and he did not.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from qualcode.codebook.tree import load_codebook
from qualcode.coding.apply import add_codings
from qualcode.coding.autocode import apply_suggestions, matcher_for, suggest
from qualcode.coding.selectors import find_quote, select_paragraphs
from qualcode.demo import example_root
from qualcode.store.project import Project

# Ana's codings: document -> list of (paragraph number or quoted sentence, codes[, memo]).
# She codes whole turns, and single sentences where a turn holds one idea of note.
ANA: dict[str, list[tuple]] = {
    "2010-09-15-clara-network-representative": [
        (2, ["paternalism/carrying"]),
        (4, ["paternalism/carrying", "commercialization"]),
        (
            6,
            ["paternalism", "paternalism/carrying"],
            "Clara names the carrying herself; compare Maria on the producer's papá.",
        ),
        (
            "Before it was the State that provided, then the parish, now us.",
            ["paternalism/state", "paternalism/pastoral"],
        ),
        (8, ["paternalism/carrying"]),
        (10, ["participation"]),
        (12, ["trust"]),
        ("They trust their own association; the Network is further away.", ["associativity"]),
        (14, ["associativity/group-activities"]),
        (
            "We were formed in the Church to accompany people, acompañar, not to replace them.",
            ["paternalism/pastoral", "generational-split/older-faith-based"],
        ),
    ],
    "2010-09-22-miguel-producer": [
        (2, ["consciousness-raising"]),
        (4, ["credit-and-debt", "consciousness-raising"]),
        (6, ["credit-and-debt"], "Family loan as 'interés social': debt owed to a person."),
        (8, ["c-factor/comunidad"]),
        (10, ["consciousness-raising"]),
        ("Many get jealous: “who does he think he is, with his house”.", ["trust/distrust"]),
        (12, ["c-factor/comunidad", "consciousness-raising"]),
        (14, ["associativity/group-activities", "commercialization"]),
        (
            "The education has to reach the families, not only individuals",
            ["consciousness-raising"],
        ),
        (16, ["municipality"]),
        (
            "The important thing was that we applied together — alone, they would never have listened.",
            ["c-factor/cooperacion"],
        ),
    ],
    "2010-09-30-ignacia-university-student": [
        (2, ["generational-split/younger-professional"]),
        (4, ["participation"]),
        (6, ["commercialization/new-markets"]),
        (8, ["commercialization/new-markets", "generational-split/younger-professional"]),
        (
            10,
            [
                "generational-split",
                "generational-split/older-faith-based",
                "generational-split/younger-professional",
            ],
        ),
        (12, ["commercialization/new-markets"]),
        (14, ["participation"], "An outsider notices no producer at the table."),
    ],
    "2010-09-30-mario-network-representative": [
        (2, ["generational-split/older-faith-based", "c-factor/comunidad"]),
        (4, ["consciousness-raising", "generational-split/older-faith-based"]),
        (
            6,
            [
                "generational-split",
                "generational-split/older-faith-based",
                "generational-split/younger-professional",
            ],
        ),
        (8, ["associativity", "participation"]),
        (10, ["trust"]),
        ("It is how we put flesh on solidarity, ponerle carne a la solidaridad.", ["c-factor"]),
        (12, ["associativity/group-activities", "c-factor/confianza"]),
        (14, ["paternalism/pastoral"]),
        (16, ["participation"]),
        ("the four Cs are not decoration", ["c-factor"]),
    ],
    "2010-10-06-clara-network-representative": [
        (2, ["associativity"]),
        (4, ["credit-and-debt", "associativity"]),
        (6, ["generational-split"]),
        (8, ["generational-split/older-faith-based"]),
        (10, ["autonomy", "paternalism/state"]),
        (12, ["municipality"]),
        (14, ["generational-split", "paternalism/carrying"]),
        (
            "but I also see that the producers need markets, not only reflection",
            ["commercialization"],
        ),
    ],
    "2010-10-06-joaquin-network-representative": [
        (2, ["generational-split/younger-professional", "associativity"]),
        (4, ["associativity"]),
        (6, ["generational-split/older-faith-based", "generational-split/younger-professional"]),
        ("we needed four monthly meetings to decide. Four!", ["participation"]),
        (
            8,
            ["participation"],
            "'Un exceso de democracia': the cost of meetings falls on producers.",
        ),
        (10, ["generational-split/younger-professional", "paternalism"]),
        (12, ["associativity"]),
        (14, ["generational-split", "commercialization/new-markets"]),
        ("We disagree a lot and we still go to the mitotes together", ["trust"]),
    ],
    "2010-10-06-pancho-network-representative": [
        (2, ["trust", "trust/distrust"]),
        (4, ["trust/distrust"]),
        (6, ["generational-split/older-faith-based", "c-factor/confianza"]),
        (8, ["paternalism/state", "autonomy"]),
        (10, ["autonomy", "paternalism/state"]),
        (12, ["credit-and-debt"]),
        (14, ["c-factor", "generational-split/older-faith-based"]),
        (16, ["c-factor/compartir"]),
    ],
    "2010-10-08-maria-network-representative": [
        (2, ["guaranteed-consumers"]),
        (4, ["guaranteed-consumers", "paternalism/pastoral"]),
        (6, ["guaranteed-consumers", "commercialization"]),
        (
            8,
            ["paternalism", "paternalism/state", "paternalism/pastoral"],
            "The producer 'always had a papá': State, then churches and NGOs.",
        ),
        (10, ["commercialization/new-markets", "paternalism/carrying"]),
        (12, ["commercialization/new-markets", "c-factor/compartir"]),
        ("if they hide their sales, we can’t plan anything", ["trust/distrust"]),
        (14, ["generational-split/younger-professional", "trust"]),
        (16, ["participation", "paternalism/carrying"]),
    ],
    "2010-10-13-patricia-state-official": [
        (2, ["associativity"]),
        (4, ["associativity"]),
        (6, ["paternalism/state", "associativity", "participation"]),
        (8, ["municipality", "paternalism/state"]),
        (10, ["associativity"]),
        (12, ["associativity"]),
        (14, ["credit-and-debt", "paternalism/state"]),
        (16, ["consciousness-raising", "participation", "credit-and-debt"]),
    ],
    "2010-09-09-network-meeting": [
        (2, ["consciousness-raising"]),
        (3, ["consciousness-raising", "c-factor/comunidad"]),
        (4, ["consciousness-raising", "generational-split"]),
        (5, ["c-factor"]),
        (6, ["c-factor"]),
        (7, ["c-factor/cooperacion", "commercialization"]),
        (8, ["c-factor/cooperacion", "commercialization/new-markets"]),
        (9, ["commercialization/new-markets"]),
        (10, ["participation"]),
        (11, ["c-factor", "commercialization/new-markets"]),
    ],
    "2010-09-24-commission-meeting": [
        (1, ["commercialization/fair-design", "c-factor/compartir"]),
        (2, ["c-factor/compartir", "commercialization/fair-design"]),
        (3, ["c-factor", "c-factor/compartir"]),
        (5, ["trust/distrust", "consciousness-raising"]),
        (6, ["commercialization/fair-design"]),
        (
            8,
            ["trust", "c-factor/confianza", "c-factor/compartir"],
            "Only the producer at the table has tried a common box; she is for it.",
        ),
        (10, ["consciousness-raising"]),
        (11, ["consciousness-raising"]),
        (12, ["credit-and-debt", "c-factor/cooperacion"]),
        (13, ["participation"]),
        (14, ["c-factor", "commercialization/fair-design"]),
        (15, ["participation"]),
    ],
    "2010-09-30-network-meeting": [
        (1, ["generational-split/younger-professional"]),
        (3, ["participation"]),
        (4, ["commercialization/new-markets", "generational-split/younger-professional"]),
        (5, ["generational-split/younger-professional", "commercialization/new-markets"]),
        (6, ["generational-split/older-faith-based", "c-factor/comunidad"]),
        (7, ["generational-split/older-faith-based"]),
        (9, ["trust", "generational-split"]),
        (10, ["paternalism/carrying", "participation"]),
        (
            11,
            [
                "generational-split",
                "generational-split/older-faith-based",
                "generational-split/younger-professional",
            ],
        ),
    ],
    "2010-10-08-commission-meeting": [
        (1, ["commercialization"]),
        (2, ["commercialization"]),
        (
            "Fifty-one are about selling: more publicity, more customers, better location of the stalls, lights, signs.",
            ["commercialization/new-markets", "commercialization/fair-design"],
        ),
        (
            "Thirteen ask for more time together — to know the other associations.",
            ["associativity/group-activities"],
        ),
        (3, ["commercialization", "consciousness-raising"]),
        (4, ["commercialization/fair-design"]),
        (5, ["trust/distrust", "commercialization/fair-design"]),
        (6, ["trust/distrust"]),
        (7, ["trust/distrust"], "Hiding sales from the commission: distrust inside the Network."),
        (8, ["c-factor/compartir"]),
        (9, ["commercialization/new-markets", "commercialization/fair-design"]),
        (10, ["autonomy", "paternalism/state"]),
        (11, ["autonomy"]),
        (12, ["paternalism/carrying"]),
    ],
    "2010-10-12-general-meeting": [
        (2, ["c-factor/confianza", "associativity"]),
        (3, ["trust/distrust", "commercialization/fair-design"]),
        (4, ["trust/distrust"]),
        (5, ["c-factor/compartir"]),
        (6, ["c-factor/compartir"]),
        (7, ["c-factor/compartir", "c-factor/confianza"]),
        (8, ["participation", "commercialization/fair-design"]),
        (10, ["associativity/group-activities", "trust"]),
        (12, ["participation", "paternalism/carrying"]),
        (13, ["municipality", "paternalism/state"]),
        (
            14,
            ["participation", "associativity/group-activities"],
            "The producers ask for time to know each other; the format gives none.",
        ),
    ],
}


# Tomás's codings: document -> list of (paragraph number, codes). Whole paragraphs only.
TOMAS: dict[str, list[tuple]] = {
    "2010-10-06-pancho-network-representative": [
        (2, ["trust/distrust"]),
        (4, ["trust/distrust", "associativity"]),
        (6, ["c-factor/confianza", "paternalism/pastoral"]),
        (8, ["paternalism/state", "trust/distrust"]),
        (10, ["autonomy", "paternalism/state"]),
        (12, ["credit-and-debt"]),
        (14, ["c-factor"]),
        (16, ["c-factor/compartir"]),
    ],
    "2010-09-15-clara-network-representative": [
        (2, ["paternalism/carrying"]),
        (4, ["paternalism/carrying", "commercialization/fair-design"]),
        (6, ["paternalism/carrying", "paternalism/state", "paternalism/pastoral"]),
        (8, ["paternalism/carrying"]),
        (10, ["participation"]),
        (12, ["trust", "c-factor/confianza"]),
        (14, ["associativity/group-activities", "paternalism/carrying"]),
    ],
    "2010-09-22-miguel-producer": [
        (2, ["consciousness-raising"]),
        (4, ["credit-and-debt"]),
        (6, ["credit-and-debt"]),
        (8, ["c-factor/comunidad"]),
        (10, ["consciousness-raising", "trust/distrust"]),
        (12, ["consciousness-raising"]),
        (14, ["associativity/group-activities", "consciousness-raising"]),
        (16, ["municipality", "c-factor/cooperacion"]),
    ],
    "2010-10-08-maria-network-representative": [
        (2, ["guaranteed-consumers"]),
        (4, ["guaranteed-consumers"]),
        (6, ["guaranteed-consumers", "commercialization/new-markets"]),
        (8, ["paternalism/state", "paternalism/pastoral"]),
        (10, ["commercialization/new-markets", "paternalism/carrying"]),
        (12, ["commercialization/new-markets", "c-factor/compartir", "trust/distrust"]),
        (14, ["generational-split/younger-professional"]),
        (16, ["participation", "autonomy"]),
    ],
    "2010-09-24-commission-meeting": [
        (1, ["commercialization/fair-design"]),
        (2, ["c-factor/compartir", "commercialization/fair-design"]),
        (3, ["c-factor/compartir"]),
        (4, ["trust/distrust"]),
        (5, ["trust/distrust", "consciousness-raising"]),
        (6, ["commercialization/fair-design"]),
        (8, ["c-factor/confianza", "c-factor/compartir"]),
        (9, ["consciousness-raising"]),
        (10, ["consciousness-raising"]),
        (11, ["consciousness-raising"]),
        (12, ["credit-and-debt", "c-factor/cooperacion"]),
        (13, ["participation"]),
        (14, ["c-factor", "commercialization/fair-design"]),
        (15, ["participation"]),
    ],
    "2010-10-12-general-meeting": [
        (1, ["participation"]),
        (2, ["c-factor/confianza", "associativity"]),
        (3, ["trust/distrust"]),
        (4, ["trust/distrust"]),
        (5, ["c-factor/compartir"]),
        (6, ["c-factor/compartir"]),
        (7, ["c-factor/compartir", "trust"]),
        (8, ["participation"]),
        (10, ["associativity/group-activities", "trust"]),
        (11, ["associativity/group-activities"]),
        (12, ["participation", "paternalism/carrying"]),
        (13, ["municipality", "paternalism/state"]),
        (14, ["participation", "associativity/group-activities"]),
    ],
}

CODERS = ("ana", "auto", "tomas")


def build(project: Project) -> None:
    """Write ana's, tomas's and auto's codings into ``project``."""
    book = load_codebook(project.codebooks_dir)
    for doc_id, paras in TOMAS.items():
        doc = project.document(doc_id)
        for number, codes in paras:
            for code in codes:
                assert book.resolve(code) == code, code
            spans = select_paragraphs(doc.body, str(number))
            add_codings(project, doc, codes, spans, coder="tomas", book=book)
    for doc_id, items in ANA.items():
        doc = project.document(doc_id)
        for item in items:
            where, codes = item[0], item[1]
            memo = item[2] if len(item) > 2 else None
            spans = (
                select_paragraphs(doc.body, str(where))
                if isinstance(where, int)
                else [find_quote(doc.body, where)]
            )
            for code in codes:
                assert book.resolve(code) == code, code
            add_codings(project, doc, codes, spans, coder="ana", memo=memo, book=book)
    suggestions = suggest(project.documents(), matcher=matcher_for(book), unit="sentence")
    apply_suggestions(project, suggestions, coder="auto")


def main() -> int:
    """Build the codings in a scratch project and copy them into the example."""
    target = example_root() / "codings"
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "example"
        root.mkdir()
        for name in ("codebooks", "fieldnotes"):
            shutil.copytree(example_root() / name, root / name)
        project = Project.init(root, name="example")
        build(project)
        for coder in CODERS:
            if (target / coder).exists():
                shutil.rmtree(target / coder)
            shutil.copytree(project.codings_dir / coder, target / coder)
    print(f"wrote {', '.join(f'{target}/{coder}' for coder in CODERS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
