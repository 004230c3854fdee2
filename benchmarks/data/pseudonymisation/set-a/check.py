#!/usr/bin/env python3
"""Sanity check for this evaluation set.

Parses key.yaml (PyYAML), reads every line of passages.jsonl as JSON, validates and strips the
markup (⟦surface|category⟧ = mention to replace, ⟪surface|category⟫ = trap to keep), and prints
counts per category. Exits non-zero if any requirement is not met.
"""

import collections, json, os, re, sys, unicodedata
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MENTION_CATS = [
    "full-name",
    "given-name",
    "surname",
    "nickname",
    "initials",
    "glued",
    "invisible",
    "typo",
    "phone",
    "email",
    "rut",
    "organisation",
    "inflected",
]
TRAP_CATS = ["surname-as-word", "place", "given-name-as-word", "other-person-like", "other"]
MARK = re.compile(r"⟦([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟧|⟪([^⟦⟧⟪⟫|]+)\|([a-z-]+)⟫")
INVISIBLE = "\u00ad\u200b\u200d"

errors = []


def err(msg):
    errors.append(msg)


# ------------------------------------------------------------------ key
with open(os.path.join(HERE, "key.yaml"), encoding="utf-8") as f:
    key = yaml.safe_load(f)
if key.get("version") != 1:
    err("key: version must be 1")
people, orgs = key.get("people") or {}, key.get("orgs") or {}
if not 12 <= len(people) <= 20:
    err("key: need 12-20 people, have %d" % len(people))
if not 2 <= len(orgs) <= 4:
    err("key: need 2-4 orgs, have %d" % len(orgs))
for pid, p in {**people, **orgs}.items():
    if not p.get("real") or not p.get("pseudonym"):
        err("key: %s lacks real/pseudonym" % pid)
    al = p.get("aliases", {})
    if not isinstance(al, (dict, list)):
        err("key: %s aliases must be a map or list" % pid)
for fld in ("keep", "patterns"):
    if not isinstance(key.get(fld), list):
        err("key: %s must be a list" % fld)


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


name_tokens = set()
for p in people.values():
    name_tokens.update(fold(p["real"]).split())
    al = p.get("aliases", {})
    name_tokens.update(fold(a) for a in (al.keys() if isinstance(al, dict) else al))
surnames = [fold(p["real"]).split()[-2:] for p in people.values()]
print("key: %d people, %d orgs, keep=%s" % (len(people), len(orgs), key["keep"]))
if not any(a[0] + "s" == b[0] for a in surnames for b in surnames):
    err("key: no near-identical surname pair (X / Xs)")


# ------------------------------------------------------------------ passages
def rut_ok(s):
    m = re.search(r"(\d{1,2}(?:\.?\d{3}){2})-([\dkK])$", s)
    if not m:
        return False
    body = m.group(1).replace(".", "")
    total, mult = 0, 2
    for d in reversed(body):
        total += int(d) * mult
        mult = mult + 1 if mult < 7 else 2
    dv = {11: "0", 10: "K"}.get(11 - total % 11, str(11 - total % 11))
    return dv == m.group(2).upper()


counts_m, counts_t = collections.Counter(), collections.Counter()
langs, ids = collections.Counter(), set()
with open(os.path.join(HERE, "passages.jsonl"), encoding="utf-8") as f:
    raw_lines = f.read().split("\n")
if raw_lines and raw_lines[-1] == "":
    raw_lines.pop()
for ln, raw in enumerate(raw_lines, 1):
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        err("line %d: bad JSON: %s" % (ln, e))
        continue
    pid, lang, text = obj.get("id"), obj.get("lang"), obj.get("text")
    if set(obj) != {"id", "lang", "text"}:
        err("%s: unexpected fields %s" % (pid, sorted(obj)))
    if pid in ids:
        err("%s: duplicate id" % pid)
    ids.add(pid)
    if lang not in ("es", "en") or not str(pid).startswith(lang + "-"):
        err("%s: bad lang %r" % (pid, lang))
    langs[lang] += 1
    for ch in INVISIBLE:
        if ch in raw:
            err("%s: invisible char U+%04X written raw, not as JSON escape" % (pid, ord(ch)))
    plain, pos = [], 0
    for m in MARK.finditer(text):
        plain.append(text[pos : m.start()])
        if m.group(1) is not None:
            surf, cat, kind = m.group(1), m.group(2), "M"
            if cat not in MENTION_CATS:
                err("%s: unknown mention category %r" % (pid, cat))
            counts_m[cat] += 1
        else:
            surf, cat, kind = m.group(3), m.group(4), "T"
            if cat not in TRAP_CATS:
                err("%s: unknown trap category %r" % (pid, cat))
            counts_t[cat] += 1
        if surf != surf.strip():
            err("%s: surface %r has outer whitespace" % (pid, surf))
        if kind == "M" and cat == "rut" and not rut_ok(surf):
            err("%s: RUT %r has a wrong check digit" % (pid, surf))
        if kind == "M" and cat == "email" and not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", surf):
            err("%s: odd e-mail %r" % (pid, surf))
        if kind == "M" and cat == "phone" and len(re.sub(r"\D", "", surf)) not in (9, 11):
            err("%s: odd phone %r" % (pid, surf))
        if kind == "M" and cat == "invisible" and not (set(surf) & set(INVISIBLE) or "-\n" in surf):
            err("%s: invisible mention %r has no invisible char / hyphen break" % (pid, surf))
        if kind == "M" and cat in ("full-name", "given-name", "surname", "nickname"):
            for tok in re.split(r"[\s,]+", fold(surf)):
                if tok and tok not in name_tokens:
                    err("%s: %s token %r is not in the key" % (pid, cat, tok))
        plain.append(surf)
        pos = m.end()
    plain.append(text[pos:])
    plain = "".join(plain)
    for ch in "⟦⟧⟪⟫|":
        if ch in plain:
            err("%s: stray %r outside markup (or malformed markup)" % (pid, ch))
    nlines = plain.count("\n") + 1
    if not 1 <= nlines <= 8:
        err("%s: %d lines (want 1-8)" % (pid, nlines))

total = sum(langs.values())
print("passages: %d (es=%d, en=%d)" % (total, langs["es"], langs["en"]))
if total < 50:
    err("need at least 50 passages")
if min(langs["es"], langs["en"]) < 0.4 * total:
    err("languages not roughly balanced")

print("\nMENTIONS (must be replaced)")
for c in MENTION_CATS:
    print("  %-20s %3d" % (c, counts_m[c]))
    if counts_m[c] < 8:
        err("mention category %s has < 8" % c)
print("  %-20s %3d" % ("TOTAL", sum(counts_m.values())))
print("\nTRAPS (must be left unchanged)")
for c in TRAP_CATS:
    print("  %-20s %3d" % (c, counts_t[c]))
    if counts_t[c] < 8:
        err("trap category %s has < 8" % c)
print("  %-20s %3d" % ("TOTAL", sum(counts_t.values())))
if errors:
    print("\nFAILED:")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nOK: all checks passed")
