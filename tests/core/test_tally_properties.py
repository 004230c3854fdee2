"""Property tests: the one-pass tally agrees with a brute-force count, index or not."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.analysis.corpus import build_corpus
from qualcode.analysis.tally import tally
from qualcode.codebook.tree import Code, Codebook, parse_codebook_text
from qualcode.models import Document, Segment

BOOK = """\
codes:
  - name: a
    label: A
    children:
      - name: b
        label: B
        children:
          - name: c
            label: C
      - name: d
        label: D
  - name: e
    label: E
"""
CODES = ["a", "a/b", "a/b/c", "a/d", "e"]
# d0: meeting notes, narration then Ana's turn (a turn is one paragraph);
# d1: an interview, the interviewer, then Ana's turn, then Beto's;
# d2: an interview with one participant and no turns: all Cata's.
BODIES = [
    "x" * 20 + "\n\nAna: " + "x" * 33 + "\n\n" + "x" * 10,
    "Interviewer: xxxxxx\n\nAna: " + "x" * 15 + "\n\nBeto: " + "x" * 24,
    "x" * 70,
]
TURNS = {  # (start, end, participant) of each speaker turn, found by hand
    "d0": [(22, 60, "Ana")],
    "d1": [(0, 19, None), (21, 41, "Ana"), (43, 73, "Beto")],
}
DOCS = [
    Document(
        id=f"d{i}",
        kind="interview" if i else "meeting",
        title="",
        body=BODIES[i],
        participants=people,
        attributes={"generation": "older"} if i == 1 else {},
    )
    for i, people in enumerate([("Ana",), ("Ana", "Beto"), ("Cata",)])
]

segment = st.builds(
    lambda d, s, n, code, coder: Segment(f"d{d}", s, s + n, code, coder, BODIES[d][s : s + n]),
    st.integers(0, 2),
    st.integers(0, 50),
    st.integers(1, 10),
    st.sampled_from(CODES),
    st.sampled_from(["ana", "ben"]),
)


def brute_force(segments: list[Segment], path: str, own: bool) -> tuple[int, int, int]:
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for s in set(segments):
        if s.code == path or (not own and s.code.startswith(path + "/")):
            spans[(s.document, s.coder)].append((s.start, s.end))
    merged = 0
    for intervals in spans.values():
        end = -1
        for start, stop in sorted(intervals):
            if start >= end:
                merged += 1
            end = max(end, stop)
    docs = {d for d, _ in spans}
    people = set()
    for s in set(segments):
        if s.code == path or (not own and s.code.startswith(path + "/")):
            if s.document == "d2":
                people.add("Cata")
            for start, end, who in TURNS.get(s.document, []):
                if who and start < s.end and s.start < end:
                    people.add(who)
    return merged, len(docs), len(people)


def test_the_hand_found_turns_are_the_library_turns() -> None:
    from qualcode.store.readers.turns import document_turns

    for doc in DOCS:
        found = [(t.start, t.end, t.participant) for t in document_turns(doc)]
        assert found == TURNS.get(doc.id, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(segment, max_size=25))
def test_tally_matches_brute_force(segments: list[Segment]) -> None:
    book_codes: dict[str, Code] = {}
    parse_codebook_text(BOOK, Path("book.yaml"), book_codes, {})
    book = Codebook(codes=book_codes)
    result = tally(build_corpus(DOCS, segments), book)
    for count in result.counts:
        segs, docs, people = brute_force(segments, count.code, own=False)
        assert (count.segments, count.documents, count.participants) == (segs, docs, people)
        assert count.own_segments == brute_force(segments, count.code, own=True)[0]
        assert count.documents_total == 3 and count.participants_total == 3
        children = [c for c in result.counts if book.codes[c.code].parent == count.code]
        assert count.segments <= count.own_segments + sum(c.segments for c in children)
        # A parent never has more documents than its subtree, and at least as many as
        # any child. (Its segments may be fewer than a child's: two separate child
        # segments bridged by a third overlapping one merge into one parent segment.)
        assert all(count.documents >= c.documents for c in children)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(segment, max_size=25),
    st.sampled_from(["kind", "participant", "speaker", "coder", "generation", "id"]),
)
def test_by_keeps_the_overall_counts(segments: list[Segment], by: str) -> None:
    book_codes: dict[str, Code] = {}
    parse_codebook_text(BOOK, Path("book.yaml"), book_codes, {})
    book = Codebook(codes=book_codes)
    corpus = build_corpus(DOCS, segments)
    plain = {c.code: c for c in tally(corpus, book).counts}
    grouped = tally(corpus, book, by=by)
    assert grouped.overall == plain
    for count in grouped.counts:
        assert count.group is not None
        assert count.segments <= plain[count.code].segments or by in ("participant", "speaker")
        assert count.documents <= count.documents_total
