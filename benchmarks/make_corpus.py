"""Build a synthetic qualcode project for benchmarks.

N documents of interview length (about 2,500 words in 40 paragraphs), a
150-code tree four levels deep, three coders and M segments in all, spread
over the documents and coders. Deterministic for a given seed.

    python benchmarks/make_corpus.py /tmp/qc-bench --documents 2000 --segments 200000
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from pathlib import Path

from qualcode.models import Segment
from qualcode.store import frontmatter, yamlio
from qualcode.store.codings import render_coding_file
from qualcode.store.project import Project

_TEXT = (
    "confianza comunidad cooperación compartir feria productores red economía solidaria "
    "the network we trust people market municipality church state fair table sales credit "
    "debt workshop group neighbours señoras comuna organise meeting money young older "
    "faith together alone help carry project funding FOSIS members commission decide "
    "because when then they said know think always never maybe really very much more less "
    "work family children house street week year price product bread honey soap jam craft"
)
WORDS = _TEXT.split()
CODERS = ("ana", "ben", "carla")
ROLES = ("network representative", "producer", "state official", "student")
GENDERS = ("woman", "man")
GENERATIONS = ("older", "younger")


def codebook(total: int = 150) -> tuple[dict[str, object], list[str]]:
    """Return a codebook mapping with ``total`` codes four levels deep, and its paths."""
    rng = random.Random(7)
    paths: list[str] = []
    roots = [
        {"name": f"theme-{i}", "label": f"Theme {i}", "description": "A theme."} for i in range(6)
    ]
    nodes = [(r, r["name"], 1) for r in roots]
    paths += [r["name"] for r in roots]
    level = nodes
    while len(paths) < total:
        nxt = []
        for node, path, depth in level:
            if depth >= 4:
                continue
            for j in range(3 if depth < 3 else rng.randint(1, 2)):
                if len(paths) >= total:
                    break
                child = {
                    "name": f"c{depth}-{j}",
                    "label": f"{node['label']} {j}",
                    "description": "A code.",
                }
                node.setdefault("children", []).append(child)  # type: ignore[union-attr]
                nxt.append((child, f"{path}/{child['name']}", depth + 1))
                paths.append(f"{path}/{child['name']}")
        if not nxt:
            break
        level = nxt
    return {"codes": roots}, paths


def paragraph(rng: random.Random, speaker: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 100))]
    return f"{speaker}: " + " ".join(words).capitalize() + "."


def build(folder: Path, documents: int, segments: int, seed: int = 1) -> Project:
    """Create the project in ``folder`` (replaced if it exists)."""
    if folder.exists():
        shutil.rmtree(folder)
    project = Project.init(folder, name="benchmark")
    rng = random.Random(seed)
    book, paths = codebook()
    (project.codebooks_dir / "bench.yaml").write_text(yamlio.dump(book), encoding="utf-8")
    people = [f"P{n:04d}" for n in range(max(1, documents // 3))]
    per_doc = segments // documents
    extra = segments - per_doc * documents
    for n in range(documents):
        kind = "interview" if n % 5 else "meeting"
        participants = rng.sample(people, 1 if kind == "interview" else min(4, len(people)))
        speakers = ["Interviewer", *participants]
        body = "\n\n".join(paragraph(rng, rng.choice(speakers)) for _ in range(40)) + "\n"
        year, month, day = 2010, 1 + n % 12, 1 + n % 28
        doc_id = f"{year}-{month:02d}-{day:02d}-doc-{n:05d}"
        meta = {
            "id": doc_id,
            "kind": kind,
            "date": f"{year}-{month:02d}-{day:02d}",
            "title": f"Document {n}",
            "participants": participants,
            "attributes": {
                "role": rng.choice(ROLES),
                "gender": rng.choice(GENDERS),
                "generation": rng.choice(GENERATIONS),
            },
        }
        path = project.fieldnotes_dir / f"{kind}s" / f"{doc_id}.md"
        path.write_text(frontmatter.render(meta, body), encoding="utf-8")
        count = per_doc + (1 if n < extra else 0)
        by_coder: dict[str, list[Segment]] = {c: [] for c in CODERS}
        for _ in range(count):
            start = rng.randrange(0, len(body) - 400)
            end = start + rng.randint(40, 400)
            coder = rng.choice(CODERS)
            code = rng.choice(paths)
            by_coder[coder].append(Segment(doc_id, start, end, code, coder, body[start:end]))
        for coder, segs in by_coder.items():
            if segs:
                out = project.codings_dir / coder / f"{doc_id}.yaml"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(render_coding_file(doc_id, coder, segs), encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    build(args.folder, args.documents, args.segments, args.seed)
    print(
        f"built {args.documents} documents, {args.segments} segments in {args.folder} "
        f"({time.perf_counter() - began:.1f} s)"
    )


if __name__ == "__main__":
    main()
