"""The key file: the private registry of real names and their pseudonyms.

The key is a YAML file (default ``.qualcode/people.yaml``, or the ``key:``
setting of ``qualcode.yaml``, which may point outside the project), written
atomically with file mode 0600::

    version: 1
    people:
      P01:
        real: Francisco Javier Soto Muñoz
        pseudonym: Tomás Reyes Vera
        kind: person                 # or organisation
        aliases: {Pancho: Tomi, Soto: Reyes}   # alias -> pseudonym form (or a list)
        common_word: [Rosa]          # parts matched only when capitalised
        attributes: {role: producer}
    keep: [La Paz]                   # never replaced
    patterns: [email, url, phone, rut, handle]
    placeholders: {EMAIL: {ana@example.org: 1}}   # numbering, stable per project

``orgs:`` (or ``organisations:``) entries are read as organisations. The
``placeholders`` section holds personal data (the e-mails and numbers behind
``[EMAIL-1]``), which is why it lives in the key and is encrypted with it.

Reading, writing and encrypting the file is :mod:`qualcode.pseudonymise.key_file`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.errors import AlreadyExists, InvalidArgument, InvalidData, NotFound
from qualcode.pseudonymise.names import COMMON_NAME_WORDS, is_given_name
from qualcode.pseudonymise.text import PARTICLES, skeleton, tokens
from qualcode.store import yamlio

KINDS = ("person", "organisation")
PATTERN_NAMES = ("email", "url", "phone", "rut", "handle")
ORGANISATION_PLACEHOLDER = "[organization name]"
_HEADER = (
    "# qualcode key file: real names and their pseudonyms.\n"
    "# PRIVATE: never commit, share or export this file. Lock it with 'qualcode people lock'.\n"
)


@dataclass
class Entry:
    """One registered person or organisation.

    Attributes:
        id: Stable identifier (``P01``, ``O01``).
        real: The real full name.
        pseudonym: The pseudonym (None for an organisation replaced by
            ``[organization name]``).
        kind: ``person`` or ``organisation``.
        aliases: Alias -> its pseudonym form (None: derived from the name parts).
        common_word: Name parts matched only when capitalised (True: all parts).
        attributes: Free attributes (role, gender...) ``import --participant`` copies.
    """

    id: str
    real: str
    pseudonym: str | None
    kind: str = "person"
    aliases: dict[str, str | None] = field(default_factory=dict)
    common_word: list[str] | bool = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The pseudonym, or the organisation placeholder."""
        return self.pseudonym or ORGANISATION_PLACEHOLDER

    def part_forms(self) -> dict[str, str]:
        """Map each part of the real name (skeleton) to its pseudonym form.

        Given names map to the pseudonym's first part and surnames, aligned
        from the end, to its last parts; a middle part that is hyphenated
        with a surname or is not a known given name is a surname too (``Francisco Javier Soto Muñoz`` ->
        ``Tomás Reyes Vera``: Francisco, Javier -> Tomás; Soto -> Reyes; Muñoz
        -> Vera). Particles (de, la, van...) are not parts. Organisations have
        no parts: only their full name and aliases are matched.
        """
        if self.kind != "person":
            return {}
        real = [
            t
            for t in tokens(self.real)
            if skeleton(t) not in PARTICLES and sum(c.isalpha() for c in t) >= 2
        ]
        fake = [t for t in tokens(self.label) if skeleton(t) not in PARTICLES] or [self.label]
        if len(real) <= 1:
            return {skeleton(t): self.label for t in real}
        if len(fake) == 1:
            return {skeleton(t): fake[0] for t in real}
        forms: dict[str, str] = {}
        tail = min(len(real), len(fake)) - 1
        hyphenated = {
            skeleton(t) for word in self.real.split() if "-" in word for t in tokens(word)
        }
        for index, part in enumerate(real):
            from_end = len(real) - index
            if from_end <= tail:
                form = fake[len(fake) - from_end]
            elif index > 0 and (skeleton(part) in hyphenated or not is_given_name(part)):
                # a middle part that is not a known given name is a surname
                # (Rosita Quispe Mamani): a lone "Quispe" becomes a surname too
                form = fake[len(fake) - tail]
            else:
                form = fake[0]
            forms.setdefault(skeleton(part), form)
        return forms

    def alias_forms(self) -> dict[str, str]:
        """Map each explicit alias (as written) to its pseudonym form."""
        parts = self.part_forms()
        result: dict[str, str] = {}
        for alias, form in self.aliases.items():
            if form:
                result[alias] = form
                continue
            alias_parts = [skeleton(t) for t in tokens(alias)]
            if self.kind == "person" and alias_parts and all(p in parts for p in alias_parts):
                result[alias] = _dedupe_join([parts[p] for p in alias_parts])
            elif self.kind == "person" and len(alias_parts) == 1:
                result[alias] = tokens(self.label)[0]
            else:
                result[alias] = self.label
        return result

    def common_parts(self) -> set[str]:
        """Skeletons of the parts matched only when capitalised."""
        if self.common_word is True:
            return {skeleton(t) for t in tokens(self.real)} | {
                skeleton(t) for a in self.aliases for t in tokens(a)
            }
        listed = {skeleton(w) for w in (self.common_word or [])}
        return listed | COMMON_NAME_WORDS

    def pseudonym_forms(self) -> list[str]:
        """Every text this entry may be replaced with."""
        forms = [self.label, *self.alias_forms().values(), *self.part_forms().values()]
        return list(dict.fromkeys(forms))

    def to_yaml(self) -> dict[str, Any]:
        """Return the entry as written in the key file (without its id)."""
        data: dict[str, Any] = {"real": self.real, "pseudonym": self.pseudonym, "kind": self.kind}
        if self.aliases:
            data["aliases"] = dict(self.aliases)
        if self.common_word:
            data["common_word"] = self.common_word
        if self.attributes:
            data["attributes"] = dict(self.attributes)
        return data


def _dedupe_join(parts: list[str]) -> str:
    out: list[str] = []
    for part in parts:
        if not out or skeleton(out[-1]) != skeleton(part):
            out.append(part)
    return " ".join(out)


@dataclass
class Key:
    """The whole key: entries, allow-list, pattern switches and placeholder numbering.

    Attributes:
        entries: People and organisations, sorted by id.
        keep: Words and phrases never replaced (``La Paz``).
        patterns: Enabled PII patterns (see ``PATTERN_NAMES``).
        placeholders: Placeholder type -> normalised value -> number.
        path: The plaintext key file (the locked file is ``path`` + ``.locked``).
        passphrase: Set when the key was read from (and is saved to) the locked file.
        exists: Whether a key file was found.
    """

    entries: list[Entry] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=lambda: list(PATTERN_NAMES))
    placeholders: dict[str, dict[str, int]] = field(default_factory=dict)
    path: Path | None = None
    passphrase: str | None = None
    exists: bool = False
    dirty: bool = False

    @property
    def locked(self) -> bool:
        """Whether the key is kept encrypted on disk."""
        return self.passphrase is not None

    def entry(self, ref: str) -> Entry:
        """Return the entry whose id, pseudonym, real name or alias is ``ref`` (folded).

        Raises:
            NotFound: no entry matches.
        """
        wanted = skeleton(ref)
        for match in (
            lambda e: e.id.lower() == ref.strip().lower(),
            lambda e: e.pseudonym is not None and skeleton(e.pseudonym) == wanted,
            lambda e: skeleton(e.real) == wanted,
            lambda e: any(skeleton(a) == wanted for a in e.aliases),
        ):
            found = [e for e in self.entries if match(e)]
            if found:
                return found[0]
        raise NotFound(
            "no such person or organisation in the key",
            hint="see the pseudonyms with 'qualcode people list'",
        )

    def next_id(self, kind: str) -> str:
        """Return the next free id: ``P01``... for people, ``O01``... for organisations."""
        prefix = "O" if kind == "organisation" else "P"
        used = {e.id for e in self.entries}
        number = 1
        while f"{prefix}{number:02d}" in used:
            number += 1
        return f"{prefix}{number:02d}"

    def placeholder(self, kind: str, value: str) -> int:
        """Return the number of ``value`` among placeholders of ``kind``, assigning the next one."""
        numbers = self.placeholders.setdefault(kind, {})
        if value not in numbers:
            numbers[value] = max(numbers.values(), default=0) + 1
            self.dirty = True
        return numbers[value]

    def to_yaml(self) -> str:
        """Return the key file text (deterministic)."""
        data: dict[str, Any] = {
            "version": 1,
            "people": {e.id: e.to_yaml() for e in sorted(self.entries, key=lambda e: e.id)},
            "keep": list(self.keep),
            "patterns": list(self.patterns),
            "placeholders": {
                kind: dict(sorted(values.items(), key=lambda kv: kv[1]))
                for kind, values in sorted(self.placeholders.items())
            },
        }
        return _HEADER + yamlio.dump(data)


# -- validation -------------------------------------------------------------------------


def validate(key: Key) -> None:
    """Check the key for the collisions that cause chained or leaking replacements.

    A pseudonym (full, alias form or part) may not fold to any real name,
    alias or real name part in the key, nor equal another entry's pseudonym;
    an alias may not belong to two entries.

    Raises:
        InvalidData: the first problem found, naming the entries.
    """
    real: dict[str, str] = {}
    seen_ids: set[str] = set()
    for entry in key.entries:
        if entry.id in seen_ids:
            raise _invalid(key, f"id {entry.id} is used twice", entry.id)
        seen_ids.add(entry.id)
        if not entry.real.strip():
            raise _invalid(key, f"{entry.id} has no real name", entry.id)
        if entry.kind not in KINDS:
            raise _invalid(key, f"{entry.id}: kind must be person or organisation", entry.id)
        if entry.kind == "person" and not (entry.pseudonym or "").strip():
            raise _invalid(key, f"{entry.id} has no pseudonym", entry.id)
        names = [entry.real, *entry.aliases, *(entry.part_forms() and tokens(entry.real))]
        for name in names:
            folded = skeleton(name)
            if folded and folded not in PARTICLES:
                real.setdefault(folded, entry.id)
    aliases: dict[str, str] = {}
    pseudonyms: dict[str, str] = {}
    whole_forms: dict[str, str] = {}
    for entry in key.entries:
        for alias in entry.aliases:
            other = aliases.setdefault(skeleton(alias), entry.id)
            if other != entry.id:
                raise _invalid(
                    key, f'alias "{alias}" is given to both {other} and {entry.id}', entry.id
                )
        if entry.pseudonym:
            other = pseudonyms.setdefault(skeleton(entry.pseudonym), entry.id)
            if other != entry.id:
                raise _invalid(
                    key,
                    f'pseudonym "{entry.pseudonym}" of {entry.id} is also the pseudonym of {other}',
                    entry.id,
                )
        for form in [entry.label, *entry.alias_forms().values()]:
            if form == ORGANISATION_PLACEHOLDER or not form:
                continue
            other = whole_forms.setdefault(skeleton(form), entry.id)
            if other != entry.id:
                raise _invalid(
                    key,
                    f'pseudonym form "{form}" of {entry.id} is also a pseudonym form of {other}',
                    entry.id,
                    hint="give each person their own pseudonyms: replacements would merge them",
                )
        for form in entry.pseudonym_forms():
            if form == ORGANISATION_PLACEHOLDER:
                continue
            for piece in [form, *tokens(form)]:
                folded = skeleton(piece)
                if folded in real and folded not in PARTICLES:
                    owner = real[folded]
                    raise _invalid(
                        key,
                        f'pseudonym "{piece}" ({entry.id}) equals a real name or alias of {owner}',
                        entry.id,
                        hint="choose another pseudonym: replacements would chain or leak",
                    )


def _invalid(key: Key, message: str, entry_id: str, hint: str | None = None) -> InvalidData:
    line = None
    if key.path is not None and key.path.is_file():
        for number, text in enumerate(key.path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*-?\s*(id:\s*)?{re.escape(entry_id)}\s*:?\s*$", text) or re.match(
                rf"\s*{re.escape(entry_id)}:", text
            ):
                line = number
                break
    return InvalidData(message, path=key.path, line=line, hint=hint or "fix the key file")


# -- reading ------------------------------------------------------------------------------


def parse_key(data: Any, path: Path | None = None, *, check: bool = True) -> Key:
    """Build a :class:`Key` from parsed YAML (see the module docstring), validated.

    Args:
        data: The parsed YAML.
        path: The file it came from (for messages).
        check: Refuse colliding pseudonyms (:func:`validate`); False only for
            measuring the engine on keys written elsewhere (benchmarks).

    Raises:
        InvalidData: wrong shapes, or collisions (see :func:`validate`).
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise InvalidData("a key file must be a YAML mapping", path=path, line=1)
    key = Key(path=path, exists=True)
    for section, kind in (
        ("people", None),
        ("orgs", "organisation"),
        ("organisations", "organisation"),
        ("organizations", "organisation"),
    ):
        key.entries.extend(_parse_entries(data.get(section), kind, path, section))
    key.entries.sort(key=lambda e: e.id)
    key.keep = [str(k) for k in data.get("keep") or []]
    if "patterns" in data:
        patterns = [str(p) for p in data.get("patterns") or []]
        aliases = {"phone_cl": "phone", "rut_cl": "rut", "tel": "phone", "e-mail": "email"}
        patterns = [aliases.get(p, p) for p in patterns]
        unknown = [p for p in patterns if p not in PATTERN_NAMES]
        if unknown:
            raise InvalidData(
                f"unknown pattern {unknown[0]!r}",
                path=path,
                hint=f"use some of: {', '.join(PATTERN_NAMES)}",
            )
        key.patterns = patterns
    placeholders = data.get("placeholders") or {}
    if not isinstance(placeholders, Mapping):
        raise InvalidData("placeholders must be a mapping", path=path)
    key.placeholders = {
        str(k): {str(v): int(n) for v, n in (values or {}).items()}
        for k, values in placeholders.items()
    }
    if check:
        validate(key)
    return key


def _parse_entries(raw: Any, kind: str | None, path: Path | None, section: str) -> list[Entry]:
    if raw is None:
        return []
    if isinstance(raw, Mapping):
        items = [({"id": k, **v} if isinstance(v, Mapping) else v) for k, v in raw.items()]
    elif isinstance(raw, list):
        items = list(raw)
    else:
        raise InvalidData(f"{section} must be a mapping of id: entry", path=path)
    entries = []
    for item in items:
        if not isinstance(item, Mapping) or "real" not in item or "id" not in item:
            raise InvalidData(f"every entry of {section} needs an id and a real name", path=path)
        aliases_raw = item.get("aliases") or {}
        if isinstance(aliases_raw, Mapping):
            aliases = {str(a): (str(f) if f else None) for a, f in aliases_raw.items()}
        elif isinstance(aliases_raw, list):
            aliases = {str(a): None for a in aliases_raw}
        else:
            raise InvalidData(f"{item['id']}: aliases must be a mapping or a list", path=path)
        common = item.get("common_word") or []
        entry_kind = kind or str(item.get("kind") or "person")
        entry_kind = "organisation" if entry_kind in ("organization", "org") else entry_kind
        pseudonym = item.get("pseudonym")
        entries.append(
            Entry(
                id=str(item["id"]),
                real=str(item["real"]),
                pseudonym=str(pseudonym) if pseudonym else None,
                kind=entry_kind,
                aliases=aliases,
                common_word=common if common is True else [str(c) for c in common],
                attributes=dict(item.get("attributes") or {}),
            )
        )
    return entries


# -- editing ------------------------------------------------------------------------------


def add_entry(
    key: Key,
    real: str,
    *,
    pseudonym: str | None,
    aliases: Iterable[str] = (),
    kind: str = "person",
    attributes: Mapping[str, Any] | None = None,
    common_word: Iterable[str] = (),
    entry_id: str | None = None,
) -> Entry:
    """Add a person or organisation to ``key`` (in memory), refusing collisions.

    Args:
        key: The key to change.
        real: The real full name.
        pseudonym: The pseudonym (an organisation may have none).
        aliases: Aliases, each ``ALIAS`` or ``ALIAS=FORM`` (FORM: its pseudonym form).
        kind: ``person`` or ``organisation``.
        attributes: Attributes for ``import --participant``.
        common_word: Parts to match only when capitalised.
        entry_id: The id (default: the next free ``P..``/``O..``).

    Returns:
        The new entry.

    Raises:
        AlreadyExists: the real name is registered already.
        InvalidData: the pseudonym or an alias collides (the key is unchanged).
        InvalidArgument: a bad kind.
    """
    kind = "organisation" if kind in ("organization", "org") else kind
    if kind not in KINDS:
        raise InvalidArgument(f"unknown kind {kind!r}", hint="use person or organisation")
    if not real.strip():
        raise InvalidArgument("the real name is empty", hint='pass the full name: "NAME SURNAME"')
    if pseudonym is not None and not pseudonym.strip():
        raise InvalidArgument("the pseudonym is empty", hint="pass --pseudonym NAME")
    if any(skeleton(e.real) == skeleton(real) for e in key.entries):
        raise AlreadyExists(
            "this real name is in the key already", hint="see 'qualcode people list'"
        )
    parsed: dict[str, str | None] = {}
    for alias in aliases:
        name, _, form = alias.partition("=")
        if not name.strip():
            raise InvalidArgument(f"empty alias in {alias!r}", hint="use --alias NAME or NAME=FORM")
        parsed[name.strip()] = form.strip() or None
    entry = Entry(
        id=entry_id or key.next_id(kind),
        real=" ".join(real.split()),
        pseudonym=" ".join(pseudonym.split()) if pseudonym else None,
        kind=kind,
        aliases=parsed,
        common_word=list(common_word),
        attributes=dict(attributes or {}),
    )
    key.entries.append(entry)
    key.entries.sort(key=lambda e: e.id)
    try:
        validate(key)
    except InvalidData as error:
        key.entries.remove(entry)
        # the new arguments collide, not the key file: point at them
        raise InvalidArgument(
            error.message,
            hint="choose another --pseudonym or alias form (--alias NAME=FORM); "
            "the key is unchanged",
        ) from None
    key.dirty = True
    return entry


def remove_entry(key: Key, ref: str) -> Entry:
    """Remove the entry named by ``ref`` (id, pseudonym, real name or alias).

    Raises:
        NotFound: no such entry.
    """
    entry = key.entry(ref)
    key.entries.remove(entry)
    key.dirty = True
    return entry


__all__ = [
    "COMMON_NAME_WORDS",
    "KINDS",
    "ORGANISATION_PLACEHOLDER",
    "PATTERN_NAMES",
    "Entry",
    "Key",
    "add_entry",
    "parse_key",
    "remove_entry",
    "validate",
]
