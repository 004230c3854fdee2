#!/usr/bin/env python3
"""Sanity check for evaluation set D.

Parses key.yaml (PyYAML) and passages.jsonl, strips the markup, prints counts per
category and verifies the requirements of the brief. Exit code 1 on any failure.
"""
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

MENTION_CATS = ["full-name", "given-name", "surname", "nickname", "initials", "glued",
                "invisible", "typo", "phone", "email", "rut", "organisation", "inflected"]
TRAP_CATS = ["surname-as-word", "place", "given-name-as-word", "other-person-like", "other"]
MIN_PER_CAT = 8
MIN_PASSAGES = 60

MARK_RE = re.compile(r"⟦([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟧|⟪([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟫")
INVISIBLE = "\u00ad\u200b\u200d"
TITLES = {"mr", "mrs", "ms", "sra", "sr", "don", "dona", "doña", "señora", "senora"}

errors = []


def err(msg):
    errors.append(msg)


def fold(s):
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def damerau1(a, b):
    """True if a and b are at Damerau-Levenshtein distance exactly 1."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return True
        return False
    if la > lb:
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


def rut_ok(s):
    m = re.fullmatch(r"(?:RUT\s*)?(\d{1,2}(?:\.?\d{3}){2})-([\dkK])", s.strip())
    if not m:
        return False
    num = m.group(1).replace(".", "")
    total, mul = 0, 2
    for d in reversed(num):
        total += int(d) * mul
        mul = mul + 1 if mul < 7 else 2
    r = 11 - total % 11
    dv = {11: "0", 10: "K"}.get(r, str(r))
    return dv == m.group(2).upper()


# ---------------------------------------------------------------- key
key = yaml.safe_load((HERE / "key.yaml").read_text(encoding="utf-8"))
if key.get("version") != 1:
    err("key.yaml: version must be 1")
people = key.get("people") or {}
orgs = key.get("orgs") or {}
if not 15 <= len(people) <= 20:
    err(f"key.yaml: {len(people)} people (want 15-20)")
if len(orgs) != 3:
    err(f"key.yaml: {len(orgs)} orgs (want 3)")

name_tokens = set()      # folded tokens of real names
alias_tokens = set()     # folded aliases
real_words = []          # (folded token, person id)
for pid, p in people.items():
    for field in ("real", "pseudonym"):
        if not isinstance(p.get(field), str) or not p[field].strip():
            err(f"key.yaml: {pid} lacks {field}")
    for tok in p["real"].split():
        name_tokens.add(fold(tok))
        real_words.append((fold(tok), pid))
    al = p.get("aliases") or {}
    if isinstance(al, dict):
        for a, ps in al.items():
            alias_tokens.add(fold(a))
            if not isinstance(ps, str) or not ps:
                err(f"key.yaml: {pid} alias {a} has no pseudonym")
    else:
        for a in al:
            alias_tokens.add(fold(a))
for oid, o in orgs.items():
    if not o.get("real") or not o.get("pseudonym"):
        err(f"key.yaml: {oid} incomplete")
all_tokens = name_tokens | alias_tokens

# one-letter pair of registered surnames
surnames = sorted({fold(t) for p in people.values() for t in p["real"].split()[1:]})
pairs = [(a, b) for i, a in enumerate(surnames) for b in surnames[i + 1:] if damerau1(a, b)]
if not pairs:
    err("key.yaml: no pair of registered names differing by one letter")

# ---------------------------------------------------------------- passages
counts = Counter()
langs = Counter()
ids = set()
n_pass = 0
for lineno, line in enumerate((HERE / "passages.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        err(f"line {lineno}: blank line")
        continue
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        err(f"line {lineno}: bad JSON: {e}")
        continue
    n_pass += 1
    pid, lang, text = obj.get("id"), obj.get("lang"), obj.get("text")
    if pid in ids:
        err(f"{pid}: duplicate id")
    ids.add(pid)
    if lang not in ("es", "en"):
        err(f"{pid}: bad lang {lang}")
    langs[lang] += 1
    if not isinstance(text, str):
        err(f"{pid}: text missing")
        continue
    nlines = text.count("\n") + 1
    if nlines > 8:
        err(f"{pid}: {nlines} lines (max 8)")

    plain = []
    pos = 0
    spans = []
    for m in MARK_RE.finditer(text):
        plain.append(text[pos:m.start()])
        if m.group(1) is not None:
            surface, cat, kind = m.group(1), m.group(2), "M"
        else:
            surface, cat, kind = m.group(3), m.group(4), "T"
        start = sum(len(x) for x in plain)
        plain.append(surface)
        spans.append((kind, cat, surface, start))
        pos = m.end()
    plain.append(text[pos:])
    stripped = "".join(plain)
    for ch in "⟦⟧⟪⟫|":
        if ch in stripped:
            err(f"{pid}: stray markup character {ch!r} after stripping")

    # every word outside the markup that equals a registered name/alias (after folding
    # accents and case) must have been labelled either as a mention or as a trap
    outside = MARK_RE.sub(" ", text)
    for w in re.findall(r"[^\W\d_]+", outside):
        if fold(w) in all_tokens:
            err(f"{pid}: unlabelled occurrence of registered name word {w!r}")

    for kind, cat, surface, start in spans:
        if stripped[start:start + len(surface)] != surface:
            err(f"{pid}: offset bug for {surface!r}")
        valid = MENTION_CATS if kind == "M" else TRAP_CATS
        if cat not in valid:
            err(f"{pid}: unknown {'mention' if kind == 'M' else 'trap'} category {cat!r} ({surface!r})")
            continue
        counts[(kind, cat)] += 1
        words = [w for w in re.findall(r"[^\W\d_]+", fold(surface))]
        # category-specific sanity checks
        if kind == "M" and cat in ("full-name", "given-name", "surname", "nickname"):
            bad = [w for w in words if w not in all_tokens and w not in TITLES]
            if bad:
                err(f"{pid}: {cat} {surface!r} has words not in key: {bad}")
        if kind == "M" and cat == "invisible":
            if not any(c in surface for c in INVISIBLE) and "-\n" not in surface:
                err(f"{pid}: invisible {surface!r} has no invisible char / hyphen break")
            clean = fold(re.sub("[\u00ad\u200b\u200d]|-\n", "", surface))
            if any(w not in all_tokens for w in clean.split()):
                err(f"{pid}: invisible {surface!r} does not clean up to key names")
        if kind == "M" and cat == "typo":
            w = fold(surface)
            if w in all_tokens:
                err(f"{pid}: typo {surface!r} is an exact key name")
            near = {pid2 for t, pid2 in real_words if damerau1(w, t)}
            near |= {a for a in alias_tokens if damerau1(w, a)}
            if len(near) != 1:
                err(f"{pid}: typo {surface!r} is 1 edit from {len(near)} key entries: {near}")
        if kind == "M" and cat == "rut" and not rut_ok(surface):
            err(f"{pid}: RUT {surface!r} has a wrong check digit or format")
        if kind == "M" and cat == "email" and not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", surface):
            err(f"{pid}: bad email {surface!r}")
        if kind == "M" and cat == "phone":
            digits = re.sub(r"\D", "", surface)
            if not 8 <= len(digits) <= 11:
                err(f"{pid}: phone {surface!r} has {len(digits)} digits")
        if kind == "T" and cat in ("surname-as-word", "given-name-as-word"):
            if not any(t in fold(surface) for t in all_tokens if len(t) >= 3):
                err(f"{pid}: trap {surface!r} contains no registered name")
        if kind == "T" and cat == "other-person-like":
            # 1 edit away, or equal only after folding accents/case (e.g. 'verá' vs 'Vera')
            if not any(damerau1(w, t) or w == t for w in words for t in all_tokens):
                err(f"{pid}: trap {surface!r} is not 1 edit from a registered name")

if n_pass < MIN_PASSAGES:
    err(f"only {n_pass} passages (want {MIN_PASSAGES}+)")

# ---------------------------------------------------------------- report
print(f"people: {len(people)}  orgs: {len(orgs)}  one-letter surname pairs: {pairs}")
print(f"passages: {n_pass}  ({dict(langs)})")
print("\nMENTIONS (⟦…⟧, must be replaced)")
for c in MENTION_CATS:
    n = counts[("M", c)]
    print(f"  {c:<20}{n:>4}")
    if n < MIN_PER_CAT:
        err(f"mention category {c}: {n} < {MIN_PER_CAT}")
print(f"  {'TOTAL':<20}{sum(counts[('M', c)] for c in MENTION_CATS):>4}")
print("\nTRAPS (⟪…⟫, must stay unchanged)")
for c in TRAP_CATS:
    n = counts[("T", c)]
    print(f"  {c:<20}{n:>4}")
    if n < MIN_PER_CAT:
        err(f"trap category {c}: {n} < {MIN_PER_CAT}")
print(f"  {'TOTAL':<20}{sum(counts[('T', c)] for c in TRAP_CATS):>4}")

if errors:
    print(f"\n{len(errors)} problem(s):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nOK: all checks passed")
