"""A hand-built coded project for the retrieval and counting tests.

Four documents (three interviews, one meeting), five participants (Clara is in
two documents), two coders (ana, ben), and a codebook::

    trust
      distrust
      friendship
        neighbours
    paternalism
      state

Segments are chosen so that every roll-up rule is visible (see the tests).
The meeting file has CRLF line ends; texts have accents and curly quotes.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.models import Document, Segment
from qualcode.store import atomic
from qualcode.store.codings import save_segments
from qualcode.store.project import Project

CODEBOOK = """\
codes:
  - name: trust
    label: Trust
    description: Relying on others.
    children:
      - name: distrust
        label: Distrust
        description: Suspicion.
      - name: friendship
        label: Friendship
        description: Friends inside the Network.
        children:
          - name: neighbours
            label: Neighbours
            description: People from the same comuna.
  - name: paternalism
    label: Paternalism
    description: Being carried by others.
    children:
      - name: state
        label: State
        description: The State as patron.
"""

PANCHO = (
    "Interviewer: Why is trust so central?\n"
    "\n"
    "Pancho: Because we are a country that does not trust. Tenemos dos amigos per cápita.\n"
    "\n"
    "Pancho: The State will not give us anything; FOSIS came and then left.\n"
)
CLARA_1 = (
    "Clara: I know the señoras from my comuna; I’d leave my table with any of them.\n"
    "\n"
    "Clara: But some lie about their sales. “Everything sold,” they say.\n"
)
CLARA_2 = "Clara: The municipality wants to give us a fair, and then it decides everything.\n"
MEETING = (
    "Mario: We should trust the new members.\n"
    "\n"
    "Joaquín: The church carried us for years; now we must walk alone.\n"
)


def _span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def seg(doc: Document, text: str, code: str, coder: str = "ana") -> Segment:
    """Return a segment of ``doc`` quoting ``text`` (its first occurrence)."""
    start, end = _span(doc.body, text)
    return Segment(doc.id, start, end, code, coder, text)


def build(project: Project) -> dict[str, Document]:
    """Fill ``project`` with the documents, codebook and codings described above."""
    atomic.write_text(project.codebooks_dir / "test.yaml", CODEBOOK)
    docs = {
        "pancho": Document(
            id="2010-10-06-pancho",
            kind="interview",
            title="Interview with Pancho",
            body=PANCHO,
            date="2010-10-06",
            participants=("Pancho",),
            attributes={"generation": "older", "gender": "man"},
        ),
        "clara1": Document(
            id="2010-09-15-clara",
            kind="interview",
            title="Interview with Clara",
            body=CLARA_1,
            date="2010-09-15",
            participants=("Clara",),
            attributes={"generation": "younger", "gender": "woman"},
        ),
        "clara2": Document(
            id="2010-10-06-clara",
            kind="interview",
            title="Second interview with Clara",
            body=CLARA_2,
            date="2010-10-06",
            participants=("Clara",),
            attributes={"generation": "younger", "gender": "woman"},
        ),
        "meeting": Document(
            id="2010-09-09-network-meeting",
            kind="meeting",
            title="Network meeting",
            body=MEETING,
            date="2010-09-09",
            participants=("Mario", "Joaquín", "Clara"),
            attributes={},
        ),
    }
    saved = {key: project.save_document(doc) for key, doc in docs.items()}
    # The meeting's file has Windows line ends, as an exported transcript would.
    meeting_path = saved["meeting"].path
    assert meeting_path is not None
    meeting_path.write_bytes(meeting_path.read_bytes().replace(b"\n", b"\r\n"))
    p, c1, c2, m = saved["pancho"], saved["clara1"], saved["clara2"], saved["meeting"]
    line = "Pancho: Because we are a country that does not trust. Tenemos dos amigos per cápita."
    ana = {
        p.id: [
            # two children on one span: one segment of trust
            seg(p, line, "trust/distrust"),
            seg(p, line, "trust/friendship"),
            # overlapping segments of the same code: one segment
            seg(p, "The State will not give us anything", "paternalism/state"),
            seg(p, "give us anything; FOSIS came", "paternalism/state"),
        ],
        c1.id: [
            # a parent coded directly and through a grandchild on the same words
            seg(c1, "I know the señoras from my comuna", "trust"),
            seg(c1, "I know the señoras from my comuna", "trust/friendship/neighbours"),
            seg(c1, "But some lie about their sales.", "trust/distrust"),
        ],
        c2.id: [seg(c2, "it decides everything", "paternalism")],
        m.id: [
            seg(m, "We should trust the new members.", "trust"),
            seg(m, "The church carried us for years", "paternalism"),
        ],
    }
    ben = {
        p.id: [seg(p, line, "trust/distrust", "ben")],
        c1.id: [seg(c1, "“Everything sold,” they say.", "trust/distrust", "ben")],
    }
    for coder, per_doc in (("ana", ana), ("ben", ben)):
        for doc_id, segments in per_doc.items():
            save_segments(project, coder, doc_id, segments)
    return saved


def index_file(project: Project) -> Path:
    """Return the project's index cache file."""
    return project.private_dir / "index.sqlite"
