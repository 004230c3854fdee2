"""Benchmark re-anchoring: a 300,000-character transcript with 10,000 segments.

Run: PYTHONPATH=. python benchmarks/anchoring.py

The text is random words drawn from the example project's vocabulary. Cases: nothing changed (what every tally/retrieval pays), a line inserted at the
top (every segment moves), a word changed inside 100 passages (fuzzy/ends
matching), and 100 passages deleted (stale). Floors are this module's own
targets for a 2-core laptop; the ratio is floor / median (above 1 is better).
"""

from __future__ import annotations

import random
import statistics
import time

from qualcode.coding.anchoring import anchor_segments
from qualcode.coding.selectors import paragraphs
from qualcode.demo import example_root
from qualcode.models import Segment

FLOORS = {"unchanged": 0.05, "insert-above": 0.5, "edit-inside-100": 2.0, "delete-100": 2.0}


def example_documents():
    from qualcode.store.project import read_document

    return [read_document(p) for p in sorted((example_root() / "fieldnotes").rglob("*.md"))]


def corpus(seed: int = 7) -> str:
    rng = random.Random(seed)
    text = " ".join(d.body for d in example_documents())
    words = sorted(set(text.split()))
    turns = []
    size = 0
    n = 0
    while size < 300_000:
        n += 1
        speaker = "Entrevistadora" if n % 2 else "Peña"
        turn = (
            f"{speaker}: "
            + " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
            + f" ({n})."
        )
        turns.append(turn)
        size += len(turn) + 2
    return "\n\n".join(turns) + "\n"


def timed(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    body = corpus()
    paras = paragraphs(body)
    segments = []
    for i in range(10_000):
        para = paras[i % len(paras)]
        cut = para.start + (i * 7) % max(1, len(para.text) // 2)
        segments.append(Segment("d", cut, para.end, "trust", "ana", body[cut : para.end]))
    segments.sort()
    rng = random.Random(1)
    chosen = rng.sample(range(len(paras)), 100)
    inside = body
    deleted = body
    for index in sorted(chosen, reverse=True):
        para = paras[index]
        middle = para.start + len(para.text) // 2
        inside = inside[:middle] + "muy " + inside[middle:]
        deleted = deleted[: para.start] + "[borrado]" + deleted[para.end :]
    cases = {
        "unchanged": body,
        "insert-above": "Nota: transcripción revisada.\n\n" + body,
        "edit-inside-100": inside,
        "delete-100": deleted,
    }
    print(f"body {len(body)} characters, {len(segments)} segments")
    for name, text in cases.items():
        result = anchor_segments(text, segments)
        median = timed(lambda text=text: anchor_segments(text, segments), repeat=3)
        print(
            f"{name:16} median {median * 1000:8.1f} ms  floor {FLOORS[name] * 1000:6.0f} ms  "
            f"ratio {FLOORS[name] / median:6.1f}  "
            f"(moved {len(result.moved)}, stale {len(result.stale)})"
        )


if __name__ == "__main__":
    main()
