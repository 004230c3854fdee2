"""Decoding text files the way researchers really have them.

:func:`decode` turns bytes into clean text: UTF-8 with or without BOM,
UTF-16/32 with BOM, and legacy single-byte encodings (cp1252, latin-1 and the
like, detected with charset-normalizer) are accepted; binary files and text
whose encoding cannot be told are refused with an error naming the file and the
first byte that is not UTF-8. Line ends become ``\\n`` and the text is put in
Unicode NFC, so that offsets are stable code-point counts.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import InvalidData, NotFound

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_COMMON_WESTERN = frozenset("áéíóúÁÉÍÓÚñÑüÜçÇàèìòùÀÈÌÒÙâêîôûÂÊÎÔÛäëïöÄËÏÖãõÃÕ¿¡«»“”‘’–—…€°ºª·\xa0")
"""Characters of Spanish, Portuguese, French and German text: short fragments of these read as cp1252."""
_BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"{\\rtf",
)


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a file, and what was done to it.

    Attributes:
        text: The text: ``\\n`` line ends, NFC, no BOM.
        encoding: The encoding used (e.g. ``utf-8``, ``cp1252``).
        had_bom: Whether a byte-order mark was removed.
        crlf: How many ``\\r\\n`` or lone ``\\r`` line ends became ``\\n``.
        normalised: Whether NFC normalisation changed the text.
    """

    text: str
    encoding: str
    had_bom: bool
    crlf: int
    normalised: bool

    def changes(self) -> list[str]:
        """Return human-readable notes on what decoding changed, for the import log."""
        notes = []
        if self.encoding not in ("utf-8", "ascii"):
            notes.append(f"decoded from {self.encoding}")
        if self.had_bom:
            notes.append("byte-order mark removed")
        if self.crlf:
            notes.append(f"{self.crlf} CR/CRLF line ends converted to LF")
        if self.normalised:
            notes.append("Unicode normalised to NFC")
        return notes


def normalise(text: str) -> tuple[str, int, bool]:
    """Return ``(text, line_ends_changed, nfc_changed)`` with ``\\n`` line ends and NFC."""
    crlf = text.count("\r")
    if crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", text)
    return nfc, crlf, nfc != text


def looks_binary(data: bytes) -> bool:
    """Return True when ``data`` looks like a binary (non-text) file.

    A file is binary when it starts with a known binary signature (PDF, ZIP,
    images, executables) or contains NUL bytes without a UTF-16/32 BOM.
    """
    if any(data.startswith(sig) for sig in _BINARY_SIGNATURES):
        return True
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in data[:65536]


def _western_guess(data: bytes) -> str | None:
    """Return ``cp1252`` or ``latin_1`` when the bytes read as plausible Western text.

    Plausible means: no C1 control characters after decoding, and at most 30%
    of the letters are non-ASCII (Spanish, Portuguese, French or German text has
    far fewer; text in another script read through a Western code page has
    nearly all its letters non-ASCII), or, for short fragments such as ``año``,
    at most 60% when every non-ASCII character is a common Western one.
    """
    for codec in ("cp1252", "latin_1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\x80" <= c <= "\x9f" for c in text):
            continue
        letters = [c for c in text if c.isalpha()]
        if not letters:
            continue
        share = sum(not c.isascii() for c in letters) / len(letters)
        common = all(c.isascii() or c in _COMMON_WESTERN for c in text)
        if share <= 0.3 or (common and share <= 0.6):
            return codec
    return None


def _legacy_guess(data: bytes) -> str | None:
    guess = _western_guess(data)
    if guess is not None:
        return guess
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    plausible = [m for m in matches if m.coherence >= 0.3 and m.chaos <= best.chaos + 0.02]
    return plausible[0].encoding if plausible else None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` for BOM-less UTF-16 of mostly Latin text, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.6 * half:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            # binary data with many zero bytes also decodes: text has no control characters
            controls = sum(
                1 for c in text if (c < " " or "\x7f" <= c <= "\x9f") and c not in "\t\n\r\f\v"
            )
            if "\x00" in text or controls > len(text) // 100:
                return None
            return codec
    return None


def decode(
    data: bytes, path: str | Path | None = None, *, encoding: str | None = None
) -> DecodedText:
    """Decode a text file's bytes (see the module docstring).

    Args:
        data: The raw file content.
        path: The file name, for error messages.
        encoding: Force this codec (any Python codec name) instead of detecting.

    Returns:
        The decoded, normalised text and a record of what changed.

    Raises:
        InvalidData: a binary file, an unknown ``encoding``, bytes invalid in
            the forced encoding, or an encoding that cannot be detected.
    """
    utf16 = _utf16_without_bom(data) if encoding is None and looks_binary(data) else None
    if encoding is None and utf16 is None and looks_binary(data):
        raise InvalidData(
            "this is a binary file, not text",
            path=path,
            hint="import plain text (.txt, .md), Word (.docx) or subtitles (.vtt, .srt)",
        )
    had_bom = False
    chosen = encoding
    if chosen is None:
        chosen = utf16
    if chosen is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                data, chosen, had_bom = data[len(bom) :], name, True
                break
    if chosen is None:
        try:
            text = data.decode("utf-8")
            chosen = "utf-8"
        except UnicodeDecodeError as exc:
            guess = _legacy_guess(data)
            if guess is None:
                raise InvalidData(
                    f"cannot tell the text encoding: byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8",
                    path=path,
                    hint="re-run with --encoding ENCODING, e.g. --encoding cp1252 (Windows Western) or --encoding iso-8859-7 (Greek)",
                ) from None
            chosen = guess
    else:
        try:
            codecs.lookup(chosen)
        except LookupError:
            raise InvalidData(
                f"unknown encoding {chosen!r}",
                path=path,
                hint="use a name such as utf-8, cp1252, latin-1",
            ) from None
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        raise InvalidData(
            f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid {chosen}",
            path=path,
            hint="re-run with the right --encoding",
        ) from None
    if not had_bom and text.startswith("\ufeff"):
        text, had_bom = text[1:], True
    text, crlf, normalised = normalise(text)
    return DecodedText(
        text=text, encoding=chosen, had_bom=had_bom, crlf=crlf, normalised=normalised
    )


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes, turning OS errors into one-line qualcode errors.

    Raises:
        NotFound: the file does not exist.
        InvalidData: it is a folder or cannot be read.
    """
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise NotFound("no such file", path=p, hint="check the path") from None
    except IsADirectoryError:
        raise InvalidData("is a folder, not a file", path=p) from None
    except OSError as exc:
        raise InvalidData(f"cannot read: {exc.strerror}", path=p) from None
