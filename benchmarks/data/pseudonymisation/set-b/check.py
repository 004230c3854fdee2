#!/usr/bin/env python3
"""Sanity check for evaluation set B.

Parses key.yaml (PyYAML) and passages.jsonl, strips the markup, prints counts per
category and verifies the minimums required by the brief.  Also runs a few
consistency checks (RUT check digits, e-mail shape, typo distance, invisible
characters) and warns about registered-name tokens that were left unmarked.
Exit status 0 = all hard checks passed.
"""
import json, os, re, sys, unicodedata
from collections import Counter, defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MENTION_CATS = ["full-name", "given-name", "surname", "nickname", "initials", "glued",
                "invisible", "typo", "phone", "email", "rut", "organisation", "inflected"]
TRAP_CATS = ["surname-as-word", "place", "given-name-as-word", "other-person-like", "other"]
MIN_PER_CAT = 8
INVISIBLES = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

errors, warnings = [], []
def err(m): errors.append(m)
def warn(m): warnings.append(m)

def fold(s):
    s = "".join(c for c in s if c not in INVISIBLES)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("\u2019", "'").casefold()

def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

def rut_ok(s):
    m = re.search(r"(\d{1,2}(?:\.?\d{3}){2})-([\dkK])", s)
    if not m:
        return False
    body = m.group(1).replace(".", "")
    tot, mul = 0, 2
    for d in reversed(body):
        tot += int(d) * mul
        mul = mul + 1 if mul < 7 else 2
    r = 11 - tot % 11
    dv = {11: "0", 10: "K"}.get(r, str(r))
    return dv == m.group(2).upper()

# ------------------------------------------------------------------ key
key = yaml.safe_load(open(os.path.join(HERE, "key.yaml"), encoding="utf-8"))
assert key.get("version") == 1, "key.yaml: version must be 1"
people, orgs = key.get("people") or {}, key.get("orgs") or {}
if not 12 <= len(people) <= 20: err("key: %d people (need 12-20)" % len(people))
if not 2 <= len(orgs) <= 4: err("key: %d orgs (need 2-4)" % len(orgs))
for pid, p in people.items():
    for f in ("real", "pseudonym"):
        if not isinstance(p.get(f), str) or not p[f].strip():
            err("key: %s lacks %s" % (pid, f))
    al = p.get("aliases")
    if al is not None and not isinstance(al, (dict, list)):
        err("key: %s aliases must be a mapping or list" % pid)
for oid, o in orgs.items():
    for f in ("real", "pseudonym"):
        if not isinstance(o.get(f), str): err("key: %s lacks %s" % (oid, f))

person_tokens = defaultdict(set)     # folded token -> person ids
alias_tokens = defaultdict(set)
for pid, p in people.items():
    for t in re.split(r"\s+", p["real"]):
        person_tokens[fold(t)].add(pid)
    al = p.get("aliases") or {}
    for a in (al.keys() if isinstance(al, dict) else al):
        for t in str(a).split():
            alias_tokens[fold(t)].add(pid)
org_tokens = set()
for o in orgs.values():
    for t in o["real"].split():
        org_tokens.add(fold(t))
all_name_tokens = set(person_tokens) | set(alias_tokens)

# ------------------------------------------------------------------ passages
MENTION_RE = re.compile(r"\u27e6([^\u27e6\u27e7\u27ea\u27eb|]+)\|([a-z-]+)\u27e7")
TRAP_RE = re.compile(r"\u27ea([^\u27e6\u27e7\u27ea\u27eb|]+)\|([a-z-]+)\u27eb")
ANY_RE = re.compile(MENTION_RE.pattern + "|" + TRAP_RE.pattern)

mention_counts, trap_counts, langs = Counter(), Counter(), Counter()
ids = set()
n_passages = 0
with open(os.path.join(HERE, "passages.jsonl"), encoding="utf-8") as fh:
    for ln, line in enumerate(fh, 1):
        if not line.strip():
            err("line %d: blank line" % ln); continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err("line %d: bad JSON: %s" % (ln, e)); continue
        n_passages += 1
        pid, lang, text = obj.get("id"), obj.get("lang"), obj.get("text")
        if set(obj) != {"id", "lang", "text"}: err("%s: unexpected keys %s" % (pid, sorted(obj)))
        if pid in ids: err("duplicate id %s" % pid)
        ids.add(pid)
        if lang not in ("es", "en"): err("%s: lang %r" % (pid, lang))
        langs[lang] += 1
        if not re.fullmatch(r"(es|en)-\d\d", pid or "") or not pid.startswith(lang):
            warn("%s: id does not follow <lang>-NN" % pid)
        nlines = text.count("\n") + 1
        if nlines > 8:
            # hyphenated line breaks inside a surface add a physical line; count logical lines
            logical = nlines - sum(s.count("\n") for s, _ in MENTION_RE.findall(text))
            if logical > 8: err("%s: %d lines (max 8)" % (pid, logical))

        # strip markup, remembering spans
        plain, spans, pos = [], [], 0
        for m in ANY_RE.finditer(text):
            plain.append(text[pos:m.start()])
            start = sum(len(x) for x in plain)
            if m.group(1) is not None:
                surf, cat, kind = m.group(1), m.group(2), "mention"
            else:
                surf, cat, kind = m.group(3), m.group(4), "trap"
            plain.append(surf)
            spans.append((start, start + len(surf), surf, cat, kind))
            pos = m.end()
        plain.append(text[pos:])
        stripped = "".join(plain)
        for ch in "\u27e6\u27e7\u27ea\u27eb|":
            if ch in stripped:
                err("%s: stray markup character %r after stripping" % (pid, ch))

        for s, e, surf, cat, kind in spans:
            assert stripped[s:e] == surf
            if surf != surf.strip(): err("%s: surface %r has outer whitespace" % (pid, surf))
            if kind == "mention":
                if cat not in MENTION_CATS: err("%s: unknown mention category %r" % (pid, cat)); continue
                mention_counts[cat] += 1
                f = fold(surf)
                if cat == "rut" and not rut_ok(surf): err("%s: RUT %r has a wrong check digit" % (pid, surf))
                if cat == "email" and not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", surf):
                    err("%s: e-mail %r malformed" % (pid, surf))
                if cat == "phone":
                    digits = re.sub(r"\D", "", surf)
                    if not 8 <= len(digits) <= 13: err("%s: phone %r has %d digits" % (pid, surf, len(digits)))
                if cat == "invisible" and not (any(c in surf for c in INVISIBLES) or "-\n" in surf):
                    err("%s: invisible mention %r has no invisible char / hyphen break" % (pid, surf))
                if cat == "typo":
                    best = min(all_name_tokens, key=lambda t: lev(f, t))
                    d = lev(f, best)
                    if d != 1 or f in all_name_tokens:
                        err("%s: typo %r is at distance %d from nearest name %r" % (pid, surf, d, best))
                if cat in ("full-name", "given-name", "surname", "nickname"):
                    for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", surf.replace("\u2019", "'")):
                        if fold(w) not in all_name_tokens:
                            err("%s: %s mention %r contains non-key word %r" % (pid, cat, surf, w))
                if cat == "organisation":
                    words = [fold(w) for w in re.findall(r"[^\W\d_]+", surf)]
                    if not any(w in org_tokens for w in words):
                        err("%s: organisation %r shares no word with the key" % (pid, surf))
            else:
                if cat not in TRAP_CATS: err("%s: unknown trap category %r" % (pid, cat)); continue
                trap_counts[cat] += 1

        # unmarked registered-name tokens (information for the author; not always wrong)
        covered = [(s, e) for s, e, *_ in spans]
        for m in re.finditer(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", stripped):
            if any(s <= m.start() < e for s, e in covered):
                continue
            w = fold(m.group())
            if w in all_name_tokens and len(w) > 2:
                warn("%s: unmarked %r at %d (%s)" % (pid, m.group(), m.start(),
                     "capitalised" if m.group()[0].isupper() else "lowercase"))

# ------------------------------------------------------------------ report
print("passages: %d  (es %d, en %d)" % (n_passages, langs["es"], langs["en"]))
print("\nMENTIONS")
for c in MENTION_CATS:
    flag = "" if mention_counts[c] >= MIN_PER_CAT else "   <-- below %d" % MIN_PER_CAT
    print("  %-20s %4d%s" % (c, mention_counts[c], flag))
    if mention_counts[c] < MIN_PER_CAT: err("mention category %s has %d (< %d)" % (c, mention_counts[c], MIN_PER_CAT))
print("  %-20s %4d" % ("TOTAL", sum(mention_counts.values())))
print("\nTRAPS")
for c in TRAP_CATS:
    flag = "" if trap_counts[c] >= MIN_PER_CAT else "   <-- below %d" % MIN_PER_CAT
    print("  %-20s %4d%s" % (c, trap_counts[c], flag))
    if trap_counts[c] < MIN_PER_CAT: err("trap category %s has %d (< %d)" % (c, trap_counts[c], MIN_PER_CAT))
print("  %-20s %4d" % ("TOTAL", sum(trap_counts.values())))
if n_passages < 50: err("only %d passages (need >= 50)" % n_passages)
if min(langs["es"], langs["en"]) < 0.4 * n_passages: err("language balance off: %s" % dict(langs))
first = [mention_counts[c] for c in ("full-name", "given-name", "surname", "nickname")]
if min(first) < 2 * MIN_PER_CAT:
    warn("the brief wants more than the minimum for full-name/given-name/surname/nickname")

if warnings:
    print("\nWARNINGS (review by hand)")
    for w in warnings: print("  - " + w)
if errors:
    print("\nERRORS")
    for e in errors: print("  - " + e)
    sys.exit(1)
print("\nOK: all hard checks passed")
