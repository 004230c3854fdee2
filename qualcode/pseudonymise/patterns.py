"""Personal data found by pattern: e-mails, URLs with user names, phones, RUT/RUN, handles.

Each match becomes a typed placeholder (``[EMAIL-1]``, ``[URL-1]``,
``[TEL-1]``, ``[RUT-1]``, ``[USER-1]``) numbered per distinct *normalised*
value, so ``+56 9 8765 4321`` and ``98765 4321`` are the same ``[TEL-n]``.

* e-mail: ``local@domain.tld``.
* URL: an address with a user part (``https://user@host``), a profile on a
  social or personal-page site (facebook, instagram, x/twitter, tiktok,
  linkedin, youtube, github, wa.me...), also written without ``https://``
  (``facebook.com/rosa.pena``), or a path with ``~user`` or ``@user``.
  Other URLs are left alone (names in them are the engine's: ``www.nuevaesperanza.cl``).
* phone: Chilean mobiles (``+56 9 8765 4321``, ``9 8765 4321``,
  ``987654321``, ``987 654 321``, ``56 9 8765 4321``, and the eight-digit numbers before 2012:
  ``09-8765432``), Chilean landlines (``+56 2 2345 6789``, ``(2) 2345 6789``,
  ``(32) 212 3456``) and international numbers written with ``+`` and 8 to 15
  digits (ITU-T E.164 length).
* RUT/RUN: ``12.345.678-5``, ``12345678-5``, check digit ``K``, checked with
  the modulo-11 algorithm of the Servicio de Registro Civil; an invalid check
  digit is still masked, and flagged. Without a hyphen (``123456785``,
  ``12345678K``) a number is masked only when its check digit is valid or
  ``RUT``/``RUN`` precedes it; a phone number matching there wins.
* handle: ``@user_name`` (not part of an e-mail).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDER_TYPES = {
    "email": "EMAIL",
    "url": "URL",
    "phone": "TEL",
    "rut": "RUT",
    "handle": "USER",
}

_EMAIL_DOMAIN = re.compile(r"@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
_EMAIL_LOCAL = re.compile(r"[\w.+\-]+\Z")
_SOCIAL_HOSTS = (
    r"facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com|linkedin\.com|"
    r"youtube\.com|github\.com|wa\.me|t\.me|flickr\.com|medium\.com|soundcloud\.com|"
    r"vimeo\.com|pinterest\.com|threads\.net"
)
_URL = re.compile(
    r"(?:https?://|www\.|(?<![\w@.\-])(?:[\w\-]+\.)?(?:" + _SOCIAL_HOSTS + r")/)"
    r"[^\s<>\"'()\[\]{}«»“”\x00]*",
    re.IGNORECASE,
)
_SOCIAL = re.compile(
    r"(?:^|\.)(?:facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com|"
    r"linkedin\.com|youtube\.com|github\.com|wa\.me|t\.me|flickr\.com|medium\.com|"
    r"soundcloud\.com|vimeo\.com|pinterest\.com|threads\.net)$",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"(?:" + _SOCIAL_HOSTS + r")/", re.IGNORECASE)
_PERSONAL_HOST = re.compile(r"^[\w\-]+\.(?:blogspot|wordpress|tumblr|wixsite)\.com$", re.IGNORECASE)
_HANDLE = re.compile(r"@(?<![\w.@/]@)[A-Za-z_][A-Za-z0-9_.]{1,29}(?<!\.)(?![\w@])")
# A run that may hold a phone number or RUT: starts with a digit, + or (.
_NUMBER_RUN = re.compile(r"[+(0-9][0-9 \t().\-\u2010\u2011kK]{6,}")
# a comma before the number only when it separates fields (CSV), not digits (1,5)
_RUT = re.compile(
    r"(?<![\w.])(?<!\d,)(\d{1,2}(?:\.\d{3}){2}|\d{7,8})[ \t]?[\-\u2010\u2011][ \t]?([\dkK])(?![\w])"
)
# a RUT without a hyphen (123456785, 12345678K): masked when its check digit is valid,
# or when "RUT"/"RUN" precedes it (too many other numbers have 8-9 digits)
_RUT_BARE = re.compile(r"(?<![\w.])(?<!\d,)(\d{7,8})([\dkK])(?![\w])")
_RUT_LABEL = re.compile(r"\bRU[TN]\b[ \t]*(?:N[º°o]\.?|:)?[ \t]*\Z", re.IGNORECASE)
_PHONE_PLUS = re.compile(
    r"(?<![\w+(])\(?\+[ \t]?\(?\d{1,3}\)?(?:[ \t.\-]?\(?\d{1,4}\)?){2,6}(?![\w])"
)
_PHONE_CL = re.compile(
    r"(?<![\w.$/+\-])(?<!\d,)(?:"
    r"\(?0?9\)?[ \t\-]?\d{4}[ \t\-]?\d{4}"  # mobile
    r"|\(?09\)?[ \t\-]?\d{3}[ \t\-]?\d{4}"  # mobile before 2012: 09-8765432
    r"|9\d\d[ \t\-]\d{3}[ \t\-]\d{3}"  # mobile in threes: 987 654 321
    r"|56[ \t\-]?9[ \t\-]?\d{4}[ \t\-]?\d{4}"  # 56 9 8765 4321 without the +
    r"|\(0?\d{1,2}\)[ \t\-]?\d{3,4}[ \t\-]?\d{4}"  # landline, area code in brackets
    r"|0?2[ \t\-]\d{4}[ \t\-]?\d{4}|0?2\d[ \t\-]\d{3}[ \t\-]\d{4}"  # Santiago
    r")(?![\w]|[.,]\d)"
)


@dataclass(frozen=True)
class PatternMatch:
    """One piece of personal data found by pattern.

    Attributes:
        start: 0-based offset in the text.
        end: Exclusive end offset.
        kind: ``email``, ``url``, ``phone``, ``rut`` or ``handle``.
        value: The normalised value (numbered once per project).
        valid: False for a RUT whose check digit is wrong.
    """

    start: int
    end: int
    kind: str
    value: str
    valid: bool = True

    @property
    def placeholder_type(self) -> str:
        """The placeholder label, e.g. ``TEL``."""
        return PLACEHOLDER_TYPES[self.kind]


def rut_check_digit(number: str) -> str:
    """Return the modulo-11 check digit of a RUT/RUN body (``"12345678"`` -> ``"5"``).

    Digits from the right are weighted 2, 3, 4, 5, 6, 7, 2, 3...; the check
    digit is 11 minus the weighted sum modulo 11, with 11 -> ``0`` and 10 -> ``K``.
    """
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(number)))
    digit = 11 - total % 11
    return {11: "0", 10: "K"}.get(digit, str(digit))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def normalise_phone(text: str) -> str | None:
    """Return a phone number as digits (Chilean numbers without 56/0), or None if implausible."""
    digits = _digits(text)
    if text.lstrip(" \t(").startswith("+"):
        if not 8 <= len(digits) <= 15:
            return None
        if digits.startswith("56") and len(digits) in (10, 11):
            return digits[2:]
        return "+" + digits
    if len(digits) == 11 and digits.startswith("56"):  # 56 9 8765 4321 without the +
        digits = digits[2:]
    digits = digits.lstrip("0") if len(digits) > 9 else digits
    if len(digits) not in (8, 9):
        return None
    return digits


def find_patterns(text: str, kinds: Iterable[str]) -> list[PatternMatch]:
    """Return the personal data in ``text``, sorted, without overlaps (earlier, longer first).

    Args:
        text: The text (NFC).
        kinds: Which patterns to look for (``email``, ``url``, ``phone``, ``rut``, ``handle``).
    """
    wanted = set(kinds)
    found: list[PatternMatch] = []
    late: list[PatternMatch] = []  # RUTs without a hyphen: only where nothing else matched
    if "email" in wanted and "@" in text:
        for match in _EMAIL_DOMAIN.finditer(text):
            local = _EMAIL_LOCAL.search(text, max(0, match.start() - 64), match.start())
            if local is None or local.group().strip(".") == "":
                continue
            start = local.start()
            while text[start] == ".":
                start += 1
            value = text[start : match.end()].lower()
            found.append(PatternMatch(start, match.end(), "email", value))
    if "url" in wanted and (
        "://" in text
        or "www." in text
        or "WWW." in text
        or "Www." in text
        or ((".com/" in text or ".me/" in text or ".net/" in text) and _BARE_URL.search(text))
    ):
        for match in _URL.finditer(text):
            url = match.group().rstrip(".,;:!?")
            if _is_personal_url(url):
                found.append(
                    PatternMatch(match.start(), match.start() + len(url), "url", url.lower())
                )
    if wanted & {"phone", "rut"}:
        for run in _NUMBER_RUN.finditer(text):
            lo, hi = run.start(), run.end()
            if "rut" in wanted:
                for match in _RUT.finditer(text, lo, hi):
                    body = match.group(1).replace(".", "")
                    check = match.group(2).upper()
                    valid = rut_check_digit(body) == check
                    found.append(
                        PatternMatch(match.start(), match.end(), "rut", f"{body}-{check}", valid)
                    )
                for match in _RUT_BARE.finditer(text, lo, hi):
                    body, check = match.group(1), match.group(2).upper()
                    valid = rut_check_digit(body) == check
                    if valid or _RUT_LABEL.search(text, max(0, match.start() - 12), match.start()):
                        late.append(
                            PatternMatch(
                                match.start(), match.end(), "rut", f"{body}-{check}", valid
                            )
                        )
            if "phone" in wanted:
                for regex in (_PHONE_PLUS, _PHONE_CL):
                    for match in regex.finditer(text, max(0, lo - 1), hi):
                        value = normalise_phone(match.group())
                        if value is not None:
                            found.append(PatternMatch(match.start(), match.end(), "phone", value))
    if "handle" in wanted and "@" in text:
        for match in _HANDLE.finditer(text):
            found.append(PatternMatch(match.start(), match.end(), "handle", match.group().lower()))
    # URLs with users claim their text first, then e-mails, RUTs, phones and handles
    priority = {"url": 0, "email": 1, "rut": 2, "phone": 3, "handle": 4}
    found.sort(key=lambda m: (priority[m.kind], m.start, -(m.end - m.start)))
    kept: list[PatternMatch] = []
    starts: list[int] = []  # sorted starts of kept matches (which never overlap)
    for match in found + late:
        index = bisect.bisect_left(starts, match.start)
        if index > 0 and kept[index - 1].end > match.start:
            continue
        if index < len(kept) and kept[index].start < match.end:
            continue
        starts.insert(index, match.start)
        kept.insert(index, match)
    return kept


def _is_personal_url(url: str) -> bool:
    rest = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE)
    authority, _, path = rest.partition("/")
    if "@" in authority:
        return True
    host = authority.split(":")[0]
    if _PERSONAL_HOST.match(host):
        return True
    if "~" in path or "/@" in "/" + path:
        return True
    return bool(_SOCIAL.search(host)) and bool(path.strip("/"))


__all__ = [
    "PLACEHOLDER_TYPES",
    "PatternMatch",
    "find_patterns",
    "normalise_phone",
    "rut_check_digit",
]
