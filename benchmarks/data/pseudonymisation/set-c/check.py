#!/usr/bin/env python3
"""Validate key.yaml + passages.jsonl of evaluation set C and print counts per category."""
import json, re, sys, unicodedata
from collections import Counter
import yaml

MENTION_CATS = ["full-name", "given-name", "surname", "nickname", "initials", "glued", "invisible",
                "typo", "phone", "email", "rut", "organisation", "inflected"]
TRAP_CATS = ["surname-as-word", "place", "given-name-as-word", "other-person-like", "other"]
MIN_PER_CAT = 8
INVIS = "\u00ad\u200b\u200d"
TOKEN = re.compile(r"⟦([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟧|⟪([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟫")

errors, warnings = [], []

def fold(s):
    s = "".join(c for c in s if c not in INVIS)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()

def rut_ok(s):
    m = re.search(r"(\d{1,2}\.?\d{3}\.?\d{3})-([\dkK])", s)
    if not m:
        return False
    body = m.group(1).replace(".", "")
    tot, mul = 0, 2
    for d in reversed(body):
        tot += int(d) * mul
        mul = 2 if mul == 7 else mul + 1
    r = 11 - tot % 11
    dv = "0" if r == 11 else "K" if r == 10 else str(r)
    return dv == m.group(2).upper()

# ---- key ----
with open("key.yaml", encoding="utf-8") as f:
    key = yaml.safe_load(f)
if key.get("version") != 1:
    errors.append("key: version must be 1")
people, orgs = key.get("people") or {}, key.get("orgs") or {}
if not 12 <= len(people) <= 20:
    errors.append(f"key: {len(people)} people (need 12-20)")
if not 2 <= len(orgs) <= 4:
    errors.append(f"key: {len(orgs)} orgs (need 2-4)")
key_tokens = set()
for pid, p in people.items():
    for fld in ("real", "pseudonym"):
        if not isinstance(p.get(fld), str) or not p[fld].strip():
            errors.append(f"key: {pid} missing {fld}")
    key_tokens.update(fold(p["real"]).replace("-", " ").split())
    al = p.get("aliases") or {}
    if not isinstance(al, (dict, list)):
        errors.append(f"key: {pid} aliases must be a mapping or list")
    key_tokens.update(fold(a) for a in al)
for oid, o in orgs.items():
    for fld in ("real", "pseudonym"):
        if not isinstance(o.get(fld), str) or not o[fld].strip():
            errors.append(f"key: {oid} missing {fld}")
    key_tokens.update(fold(o["real"]).split())
if not isinstance(key.get("keep", []), list):
    errors.append("key: keep must be a list")

# ---- passages ----
mcount, tcount, langs, ids = Counter(), Counter(), Counter(), set()
n = 0
with open("passages.jsonl", encoding="utf-8") as f:
    raw_lines = f.read().splitlines()
for ln, raw in enumerate(raw_lines, 1):
    if not raw.strip():
        errors.append(f"line {ln}: empty line")
        continue
    if any(c in raw for c in INVIS):
        errors.append(f"line {ln}: invisible character not written as JSON escape")
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        errors.append(f"line {ln}: bad JSON: {e}")
        continue
    n += 1
    pid, lang, text = obj.get("id"), obj.get("lang"), obj.get("text")
    if set(obj) != {"id", "lang", "text"}:
        errors.append(f"{pid}: unexpected fields {sorted(obj)}")
    if pid in ids:
        errors.append(f"{pid}: duplicate id")
    ids.add(pid)
    if lang not in ("es", "en"):
        errors.append(f"{pid}: bad lang {lang!r}")
    langs[lang] += 1
    if not 1 <= text.count("\n") + 1 <= 8:
        errors.append(f"{pid}: {text.count(chr(10)) + 1} lines (need 1-8)")
    # strip markup, keep offsets
    plain, spans, pos = [], [], 0
    for m in TOKEN.finditer(text):
        plain.append(text[pos:m.start()])
        start = sum(map(len, plain))
        if m.group(1) is not None:
            surf, cat, kind = m.group(1), m.group(2), "M"
        else:
            surf, cat, kind = m.group(3), m.group(4), "T"
        plain.append(surf)
        spans.append((start, start + len(surf), surf, cat, kind))
        pos = m.end()
    plain.append(text[pos:])
    plain = "".join(plain)
    for ch in "⟦⟧⟪⟫|":
        if ch in plain:
            errors.append(f"{pid}: stray markup character {ch!r} after stripping")
    for s, e, surf, cat, kind in spans:
        if plain[s:e] != surf:
            errors.append(f"{pid}: offset mismatch for {surf!r}")
        if surf != surf.strip() or not surf:
            errors.append(f"{pid}: surface {surf!r} has leading/trailing space or is empty")
        if kind == "M":
            if cat not in MENTION_CATS:
                errors.append(f"{pid}: unknown mention category {cat!r}")
            mcount[cat] += 1
            if cat == "rut" and not rut_ok(surf):
                errors.append(f"{pid}: RUT {surf!r} has a wrong check digit")
            if cat == "invisible" and not (any(c in surf for c in INVIS) or "-\n" in surf):
                errors.append(f"{pid}: invisible mention {surf!r} has no invisible char / hyphen break")
            if cat == "email" and not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", surf):
                errors.append(f"{pid}: email {surf!r} malformed")
            if cat == "phone" and len(re.sub(r"\D", "", surf)) < 8:
                errors.append(f"{pid}: phone {surf!r} too short")
            if cat in ("full-name", "given-name", "surname", "nickname"):
                toks = [t for t in re.split(r"[\s,.\-]+", fold(surf)) if t]
                toks = [t for t in toks if t not in ("sra", "senora", "srta", "sr", "mr", "ms", "mrs", "dr", "don", "dona", "de", "la", "del")]
                bad = [t for t in toks if t not in key_tokens]
                if bad:
                    errors.append(f"{pid}: {cat} {surf!r} has tokens not in key: {bad}")
        else:
            if cat not in TRAP_CATS:
                errors.append(f"{pid}: unknown trap category {cat!r}")
            tcount[cat] += 1

if n < 50:
    errors.append(f"only {n} passages (need >= 50)")
for cats, cnt, what in ((MENTION_CATS, mcount, "mention"), (TRAP_CATS, tcount, "trap")):
    for c in cats:
        if cnt[c] < MIN_PER_CAT:
            errors.append(f"{what} category {c!r}: {cnt[c]} < {MIN_PER_CAT}")

print(f"passages: {n}  (es={langs['es']}, en={langs['en']})")
print(f"key: {len(people)} people, {len(orgs)} orgs, keep={key.get('keep')}")
print(f"MENTIONS ({sum(mcount.values())}):")
for c in MENTION_CATS:
    print(f"  {c:20s} {mcount[c]}")
print(f"TRAPS ({sum(tcount.values())}):")
for c in TRAP_CATS:
    print(f"  {c:20s} {tcount[c]}")
for w in warnings:
    print("WARNING:", w)
for e in errors:
    print("ERROR:", e)
print("OK" if not errors else f"FAILED ({len(errors)} errors)")
sys.exit(1 if errors else 0)
