"""Benchmark the pseudonymiser: accuracy on the labelled set, speed on synthetic text.

Usage: python benchmarks/pseudonymise.py [--mb 50] [--people 1000] [--skip-speed] [--skip-accuracy]

Accuracy: tests/fixtures/pseudonymisation/labelled.txt marks every mention
``⟦...⟧`` (must be replaced) and tricky non-mention ``⟪...⟫`` (must be left);
recall = mentions replaced / mentions; precision = replacements that cover a
mention / replacements. Targets: recall 100%, precision >= 99%.

Speed: synthetic Spanish-like text with a key of N invented people (3 aliases
each). The floor is one compiled regular expression of the exact names (full
names, aliases and name parts, as a trie, over the lower-cased text): the
least any whole-word name matcher must do. Targets: >= 10 MB/s and <= 3x the
floor. The naive floor (an alternation of escaped names with re.IGNORECASE) is
timed on a 1 MB slice and extrapolated, for reference.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qualcode.pseudonymise.engine import Pseudonymiser  # noqa: E402
from qualcode.pseudonymise.key import parse_key  # noqa: E402
from qualcode.pseudonymise.name_pattern import trie_pattern  # noqa: E402
from qualcode.pseudonymise.text import skeleton  # noqa: E402

MENTION_RATE = 0.1  # share of sentences that mention a registered person (about 1 word in 120)
LABELLED = ROOT / "tests" / "fixtures" / "pseudonymisation" / "labelled.txt"
LABELLED_KEY = ROOT / "tests" / "fixtures" / "pseudonymisation" / "labelled-key.yaml"

SYLLABLES = [
    "ba",
    "be",
    "bi",
    "lo",
    "ra",
    "ta",
    "mi",
    "so",
    "nu",
    "ca",
    "que",
    "rri",
    "lle",
    "ño",
    "ma",
    "de",
    "vi",
    "gu",
    "sa",
    "to",
    "ri",
    "na",
    "fe",
    "go",
    "cha",
    "ju",
    "le",
    "pa",
    "zo",
    "ti",
    "xu",
    "yo",
    "we",
    "ki",
    "dra",
    "bre",
    "clo",
    "fli",
    "gra",
    "pro",
    "tre",
]
VOCABULARY = [
    "el",
    "la",
    "de",
    "que",
    "y",
    "en",
    "los",
    "se",
    "del",
    "las",
    "un",
    "por",
    "con",
    "no",
    "una",
    "su",
    "para",
    "es",
    "al",
    "lo",
    "como",
    "más",
    "pero",
    "sus",
    "le",
    "ya",
    "o",
    "este",
    "sí",
    "porque",
    "esta",
    "entre",
    "cuando",
    "muy",
    "sin",
    "sobre",
    "también",
    "me",
    "hasta",
    "hay",
    "donde",
    "quien",
    "desde",
    "todo",
    "nos",
    "durante",
    "todos",
    "uno",
    "les",
    "ni",
    "contra",
    "otros",
    "ese",
    "eso",
    "ante",
    "ellos",
    "esto",
    "antes",
    "algunos",
    "qué",
    "unos",
    "yo",
    "otro",
    "otras",
    "otra",
    "él",
    "tanto",
    "esa",
    "estos",
    "mucho",
    "quienes",
    "nada",
    "muchos",
    "cual",
    "poco",
    "ella",
    "estar",
    "estas",
    "algunas",
    "algo",
    "feria",
    "red",
    "economía",
    "solidaria",
    "productores",
    "confianza",
    "comunidad",
    "cooperación",
    "compartir",
    "taller",
    "comuna",
    "mercado",
    "trabajo",
    "organización",
    "reunión",
    "dirigente",
    "productora",
    "artesanía",
    "Santiago",
    "Chile",
    "the",
    "and",
    "of",
    "to",
    "in",
    "that",
    "it",
    "was",
    "for",
    "on",
    "are",
    "with",
    "as",
    "his",
    "they",
    "be",
    "at",
    "one",
    "have",
    "this",
    "from",
    "by",
    "had",
    "not",
    "word",
    "but",
]


def synthetic_key(people: int, seed: int = 11) -> dict:
    rng = random.Random(seed)

    def word(n: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()

    entries: dict[str, dict] = {}
    used: set[str] = set()

    def fresh(n: int) -> str:
        while True:
            w = word(n)
            if skeleton(w) not in used:
                used.add(skeleton(w))
                return w

    reals = []
    for _ in range(people):
        first, s1, s2 = fresh(rng.randint(2, 3)), fresh(3), fresh(3)
        reals.append((first, s1, s2))
    fakes = []
    for _ in range(people):
        fakes.append((fresh(3), fresh(3)))
    for i, ((first, s1, s2), (f1, f2)) in enumerate(zip(reals, fakes, strict=True)):
        nick = fresh(2)
        entries[f"P{i + 1:04d}"] = {
            "real": f"{first} {s1} {s2}",
            "pseudonym": f"{f1} {f2}",
            "aliases": [nick, f"{first} {s1}", f"{nick} {s1}"],
        }
    return {"people": entries, "keep": [], "patterns": ["email", "url", "phone", "rut", "handle"]}


def synthetic_text(key: dict, size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    names = []
    for entry in key["people"].values():
        names.append(entry["real"])
        names.extend(entry["aliases"])
        names.extend(entry["real"].split())
    out: list[str] = []
    total = 0
    while total < size:
        sentence = [rng.choice(VOCABULARY) for _ in range(rng.randint(6, 18))]
        if rng.random() < MENTION_RATE:
            sentence.insert(rng.randrange(len(sentence)), rng.choice(names))
        if rng.random() < 0.005:
            sentence.append(f"+56 9 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}")
        if rng.random() < 0.005:
            sentence.append(f"persona{rng.randint(1, 99)}@correo.cl")
        line = " ".join(sentence)
        line = line[0].upper() + line[1:] + rng.choice([". ", ". ", "? ", ".\n", ".\n\n"])
        out.append(line)
        total += len(line)
    return "".join(out)


def floor_regex(key: dict) -> re.Pattern[str]:
    names = set()
    for entry in key["people"].values():
        names.add(skeleton(entry["real"]))
        names.update(skeleton(a) for a in entry["aliases"])
        names.update(skeleton(p) for p in entry["real"].split())
    return re.compile(r"(?<!\w)" + trie_pattern(sorted(names)) + r"(?!\w)")


def timed_pair(first, second, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Time two functions alternately (so both see the same machine load).

    Returns:
        ((wall median, CPU median) of first, (wall median, CPU median) of second), in seconds.
    """
    runs: list[list[tuple[float, float]]] = [[], []]
    for _ in range(repeat):
        for index, function in enumerate((first, second)):
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            runs[index].append((time.perf_counter() - wall, time.process_time() - cpu))
    return tuple(  # type: ignore[return-value]
        (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for r in runs
    )


def speed(mb: float, people: int, repeat: int) -> None:
    key_data = synthetic_key(people)
    key = parse_key(key_data)
    text = synthetic_text(key_data, int(mb * 1_000_000))
    size_mb = len(text.encode("utf-8")) / 1e6
    start = time.perf_counter()
    engine = Pseudonymiser(key)
    build = time.perf_counter() - start
    floor = floor_regex(key_data)
    (floor_wall, floor_cpu), (engine_wall, engine_cpu) = timed_pair(
        lambda: sum(1 for _ in floor.finditer(text.lower())),
        lambda: engine.pseudonymise(text),
        repeat,
    )
    result = engine.pseudonymise(text)
    naive_names = sorted(
        {
            n
            for e in key_data["people"].values()
            for n in [e["real"], *e["aliases"], *e["real"].split()]
        },
        key=len,
        reverse=True,
    )
    naive = re.compile(r"\b(?:" + "|".join(map(re.escape, naive_names)) + r")\b", re.IGNORECASE)
    slice_ = text[:1_000_000]
    wall = time.perf_counter()
    sum(1 for _ in naive.finditer(slice_))
    naive_time = (time.perf_counter() - wall) * len(text) / len(slice_)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"speed: {size_mb:.1f} MB of text, key of {people} people x 3 aliases, median of {repeat}"
    )
    print(f"  load average at the end: {load:.2f} on {os.cpu_count()} cores")
    print(f"  engine build (compile the key): {build:.2f} s")
    print(
        f"  engine: wall {engine_wall:.2f} s = {size_mb / engine_wall:.1f} MB/s; "
        f"CPU {engine_cpu:.2f} s = {size_mb / engine_cpu:.1f} MB/s  "
        f"({len(result.replacements)} replacements)"
    )
    print(
        f"  floor (one trie regex of exact names, lower-cased text): wall {floor_wall:.2f} s = "
        f"{size_mb / floor_wall:.1f} MB/s; CPU {floor_cpu:.2f} s = {size_mb / floor_cpu:.1f} MB/s"
    )
    print(
        f"  ratio engine/floor: wall {engine_wall / floor_wall:.2f}x, CPU "
        f"{engine_cpu / floor_cpu:.2f}x  (targets: <= 3x and >= 10 MB/s)"
    )
    print(
        f"  naive alternation regex, re.IGNORECASE (extrapolated from 1 MB): "
        f"{naive_time:.0f} s = {size_mb / naive_time:.2f} MB/s"
    )


MARK = re.compile(r"⟦([^⟧]*)⟧|⟪([^⟫]*)⟫")


def parse_labelled(text: str) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Return the plain text, the mentions (start, end, expected) and non-mentions (start, end)."""
    out: list[str] = []
    mentions: list[tuple[int, int, str]] = []
    others: list[tuple[int, int]] = []
    last = 0
    length = 0
    nfc = functools.partial(unicodedata.normalize, "NFC")
    for match in MARK.finditer(text):
        out.append(nfc(text[last : match.start()]))
        length += len(out[-1])
        if match.group(1) is not None:
            surface, _, expected = match.group(1).partition("→")
            surface = nfc(surface)
            mentions.append((length, length + len(surface), expected))
        else:
            surface = nfc(match.group(2))
            others.append((length, length + len(surface)))
        out.append(surface)
        length += len(surface)
        last = match.end()
    out.append(nfc(text[last:]))
    return "".join(out), mentions, others


def accuracy() -> tuple[float, float]:
    from qualcode.pseudonymise.key_file import load_key

    key = load_key(LABELLED_KEY)
    engine = Pseudonymiser(key)
    raw = LABELLED.read_text(encoding="utf-8")
    text, mentions, others = parse_labelled(raw)
    result = engine.pseudonymise(text)
    reps = result.replacements
    covered = 0
    wrong_form = []
    misses = []
    for start, end, expected in mentions:
        rep = next((r for r in reps if r.start <= start and end <= r.end), None)
        if rep is None:
            misses.append(text[start:end])
            continue
        covered += 1
        if expected and expected.strip() not in rep.text:
            wrong_form.append((text[start:end], rep.text, expected))
    true_reps = [r for r in reps if any(r.start <= s and e <= r.end for s, e, _ in mentions)]
    false_reps = [r for r in reps if r not in true_reps]
    touched_others = [text[s:e] for s, e in others if any(r.start < e and s < r.end for r in reps)]
    recall = covered / len(mentions)
    precision = len(true_reps) / len(reps) if reps else 1.0
    print(
        f"accuracy: {len(mentions)} mentions, {len(others)} marked non-mentions, {len(reps)} replacements"
    )
    print(f"  recall:    {recall:.2%}  ({covered}/{len(mentions)}; target 100%)")
    print(f"  precision: {precision:.2%}  ({len(true_reps)}/{len(reps)}; target >= 99%)")
    print(f"  non-mentions touched: {len(touched_others)}; wrong pseudonym form: {len(wrong_form)}")
    for miss in misses[:20]:
        print(f"  MISSED: {miss!r}")
    for rep in false_reps[:20]:
        print(f"  FALSE:  {rep.original!r} -> {rep.text!r} (line {rep.line})")
    for item in wrong_form[:20]:
        print(f"  FORM:   {item}")
    return recall, precision


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--mb", type=float, default=50.0, help="synthetic text size in MB (default 50)"
    )
    parser.add_argument("--people", type=int, default=1000, help="people in the synthetic key")
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions (median)")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    if not args.skip_accuracy and LABELLED.exists():
        accuracy()
    if not args.skip_speed:
        speed(args.mb, args.people, args.repeat)


if __name__ == "__main__":
    main()
