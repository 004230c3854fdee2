"""Who a passage belongs to: the citation rule and the participant-counting rule.

Faults of issue 17, each a test here:

* the researcher's narration in meeting notes was cited as the document's
  first participant ("Reading my notes afterwards…" → ``(Pancho 9/9/10,
  meeting)``) and the interviewer's question as the interviewee
  ("Entrevistadora: ¿Y la municipalidad?" → ``(Clara 10/6/10, interview)``);
* a meeting segment counted every attendee as a participant coded with the
  code (municipality: 4 segments, "8 of 11 participants").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.analysis.corpus import build_corpus
from qualcode.analysis.quotes import citation_templates, retrieve
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import Code, Codebook, parse_codebook_text
from qualcode.errors import InvalidData
from qualcode.models import Document, Segment
from qualcode.store.project import Project
from qualcode.store.readers.turns import (
    Voice,
    document_turns,
    participants_in,
    speakers_in,
    voice_at,
)

MEETING = (
    "The monthly meeting of the Red started late. Pancho joked about my research.\n"
    "\n"
    "Clara: La economía popular no es solidaria por definición.\n"
    "\n"
    "Mario nodded and wrote it down; the municipality was not mentioned again.\n"
    "\n"
    "Pancho: So who buys? The municipality only lends us the plaza.\n"
    "\n"
    "Reading my notes afterwards, I was struck by how the four Cs frame the talk.\n"
)
INTERVIEW = (
    "Entrevistadora: ¿Y la municipalidad?\n"
    "\n"
    "Clara: La municipalidad nos presta la plaza, pero quiere decidir todo.\n"
    "\n"
    "Además la muni no es el Estado para ellas.\n"
)
BOOK_TEXT = "codes:\n  - name: municipality\n  - name: c-factor\n"


def _book() -> Codebook:
    codes: dict[str, Code] = {}
    parse_codebook_text(BOOK_TEXT, Path("book.yaml"), codes, {})
    return Codebook(codes=codes)


def _docs() -> dict[str, Document]:
    meeting = Document(
        id="2010-09-09-network-meeting",
        kind="meeting",
        title="Network Meeting",
        body=MEETING,
        date="2010-09-09",
        participants=("Pancho", "Clara", "Mario", "Joaquin"),
    )
    interview = Document(
        id="2010-10-06-clara",
        kind="interview",
        title="Interview with Clara",
        body=INTERVIEW,
        date="2010-10-06",
        participants=("Clara",),
        extra={
            "speakers": [
                {"label": "Entrevistadora", "participant": None, "role": "interviewer"},
                {"label": "Clara", "participant": "Clara", "role": "participant"},
            ]
        },
    )
    conversation = Document(
        id="2010-09-30-ignacia",
        kind="conversation",
        title="Conversation with Ignacia",
        body="Ignacia said the students would buy at a stall on campus.\n",
        date="2010-09-30",
        participants=("Ignacia",),
    )
    return {"meeting": meeting, "interview": interview, "conversation": conversation}


def _seg(doc: Document, text: str, code: str = "municipality", coder: str = "ana") -> Segment:
    start = doc.body.index(text)
    return Segment(doc.id, start, start + len(text), code, coder, text)


# --- turns ---------------------------------------------------------------------------


def test_a_meeting_turn_is_one_paragraph_and_narration_is_nobody_s() -> None:
    meeting = _docs()["meeting"]
    turns = document_turns(meeting)
    assert [(t.label, meeting.body[t.start : t.end]) for t in turns] == [
        ("Clara", "Clara: La economía popular no es solidaria por definición."),
        ("Pancho", "Pancho: So who buys? The municipality only lends us the plaza."),
    ]
    narration = meeting.body.index("Mario nodded")
    assert voice_at(meeting, turns, narration) is None


def test_turns_continue_in_an_interview_unless_the_front_matter_says_paragraph() -> None:
    interview = _docs()["interview"]
    last = interview.body.index("Además")
    assert voice_at(interview, document_turns(interview), last) == Voice(
        "Clara", "Clara", "participant"
    )
    one = Document(**{**interview.__dict__, "extra": {**interview.extra, "turns": "paragraph"}})
    assert voice_at(one, document_turns(one), last) is None


def test_a_bad_turns_value_names_the_line(project: Project) -> None:
    path = project.fieldnotes_dir / "meetings" / "m.md"
    path.write_text("---\nid: m\nkind: meeting\nturns: sometimes\n---\nx\n", encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        project.documents()
    assert caught.value.line == 4 and "paragraph or continue" in caught.value.message


# --- citations -------------------------------------------------------------------------


def _citations(
    docs: list[Document], segments: list[Segment], settings: dict | None = None
) -> dict[str, str]:
    result = retrieve(build_corpus(docs, segments), _book(), ["municipality"], settings=settings)
    return {q.segment.text: q.citation for q in result.quotes}


def test_narration_is_cited_by_the_meeting_and_a_turn_by_its_speaker() -> None:
    meeting = _docs()["meeting"]
    cited = _citations(
        [meeting],
        [
            _seg(meeting, "Reading my notes afterwards"),
            _seg(meeting, "Pancho: So who buys?"),
            _seg(meeting, "Clara: La economía popular"),
        ],
    )
    assert cited == {
        "Reading my notes afterwards": "(Network Meeting 9/9/10)",
        "Pancho: So who buys?": "(Pancho 9/9/10, meeting)",
        "Clara: La economía popular": "(Clara 9/9/10, meeting)",
    }


def test_the_interviewer_is_cited_as_the_interviewer() -> None:
    interview = _docs()["interview"]
    cited = _citations(
        [interview],
        [
            _seg(interview, "Entrevistadora: ¿Y la municipalidad?"),
            _seg(interview, "quiere decidir"),
        ],
    )
    assert cited == {
        "Entrevistadora: ¿Y la municipalidad?": "(Entrevistadora 10/6/10, interview)",
        "quiere decidir": "(Clara 10/6/10, interview)",
    }


def test_a_conversation_without_turns_is_its_one_participant_s() -> None:
    conversation = _docs()["conversation"]
    cited = _citations([conversation], [_seg(conversation, "the students would buy")])
    assert cited == {"the students would buy": "(Ignacia 9/30/10, conversation)"}


def test_citation_templates_from_settings() -> None:
    meeting = _docs()["meeting"]
    segments = [_seg(meeting, "Reading my notes afterwards"), _seg(meeting, "Pancho: So who buys?")]
    # an old single template is the speaker's; narration gets the document default
    old = _citations([meeting], segments, {"citation": "({participant} {date_mdy}, {kind})"})
    assert old == {
        "Reading my notes afterwards": "(Network Meeting 9/9/10)",
        "Pancho: So who buys?": "(Pancho 9/9/10, meeting)",
    }
    both = {"citation": {"speaker": "({speaker}, {title}, {date})", "document": "[{id}]"}}
    assert _citations([meeting], segments, both) == {
        "Reading my notes afterwards": "[2010-09-09-network-meeting]",
        "Pancho: So who buys?": "(Pancho, Network Meeting, 2010-09-09)",
    }
    with pytest.raises(InvalidData):
        citation_templates({"citation": ["a"]})
    with pytest.raises(InvalidData):
        citation_templates({"citation": {"speakers": "x"}})


# --- counting --------------------------------------------------------------------------


def test_a_participant_counts_only_for_coded_text_that_is_theirs() -> None:
    docs = _docs()
    meeting, interview = docs["meeting"], docs["interview"]
    segments = [
        _seg(meeting, "the municipality was not mentioned again"),  # narration: nobody
        _seg(meeting, "The municipality only lends us the plaza"),  # Pancho's turn
        _seg(interview, "Entrevistadora: ¿Y la municipalidad?"),  # the interviewer: nobody
        _seg(interview, "la muni no es el Estado"),  # Clara's turn, second paragraph
    ]
    result = tally(build_corpus([meeting, interview], segments), _book())
    count = next(c for c in result.counts if c.code == "municipality")
    assert (count.segments, count.documents) == (4, 2)
    assert count.participants == 2  # Pancho and Clara; not Mario, Joaquin
    assert count.participants_total == 4


def test_a_passage_over_two_turns_counts_both_speakers() -> None:
    meeting = _docs()["meeting"]
    start = meeting.body.index("Clara:")
    end = meeting.body.index("the plaza.") + len("the plaza.")
    turns = document_turns(meeting)
    assert participants_in(meeting, turns, start, end) == ("Clara", "Pancho")
    assert participants_in(meeting, turns, meeting.body.index("Mario nodded"), end - 20) == (
        "Pancho",
    )
    interview = _docs()["interview"]
    assert speakers_in(interview, document_turns(interview), 0, len(interview.body)) == (
        "Entrevistadora",
        "Clara",
    )


def test_by_participant_and_by_speaker_follow_the_turns() -> None:
    docs = _docs()
    meeting, interview = docs["meeting"], docs["interview"]
    segments = [
        _seg(meeting, "the municipality was not mentioned again"),
        _seg(meeting, "The municipality only lends us the plaza"),
        _seg(interview, "Entrevistadora: ¿Y la municipalidad?"),
        _seg(interview, "quiere decidir todo"),
    ]
    corpus = build_corpus([meeting, interview], segments)
    by_participant = tally(corpus, _book(), by="participant")
    cells = {(c.code, c.group): c for c in by_participant.counts}
    assert by_participant.groups == ["Clara", "Joaquin", "Mario", "Pancho", "(no participant)"]
    assert cells[("municipality", "Pancho")].segments == 1
    assert cells[("municipality", "Clara")].segments == 1
    assert cells[("municipality", "Mario")].segments == 0  # attended, said nothing coded
    assert cells[("municipality", "(no participant)")].segments == 2  # narration and the question
    assert cells[("municipality", "Pancho")].participants == 1
    by_speaker = tally(corpus, _book(), by="speaker")
    cells = {(c.code, c.group): c for c in by_speaker.counts}
    assert by_speaker.groups == ["Clara", "Entrevistadora", "Pancho", "(no speaker)"]
    assert cells[("municipality", "Entrevistadora")].segments == 1
    assert cells[("municipality", "Entrevistadora")].participants == 0
    assert cells[("municipality", "(no speaker)")].segments == 1  # the narration
    assert by_speaker.overall["municipality"].participants == 2


def test_a_chat_reaction_is_nobody_s_speech() -> None:
    body = (
        "00:12:02\tClara:\tNos presta la plaza la municipalidad\n"
        '00:12:09\tPancho:\tReacted to "Nos presta la plaza..." with 👍\n'
    )
    doc = Document("chat", "meeting", "Chat", body, participants=("Clara", "Pancho"))
    turns = document_turns(doc)
    assert [t.kind for t in turns] == ["speech", "reaction"]
    assert participants_in(doc, turns, 0, len(body)) == ("Clara",)
