"""The key on disk: where it lives, reading and writing it, locking it with a passphrase.

A locked key is a separate file, ``<key>.locked``: the key's YAML encrypted
with AES-256-GCM (NIST SP 800-38D) under a key derived from a passphrase with
scrypt (RFC 7914; n=2**15, r=8, p=1), from the ``cryptography`` package. The
plaintext file is removed when the key is locked. Every write is atomic and
has file mode 0600, and holds the key's lock
(:func:`qualcode.store.locking.key_lock`); a change that reads the key, edits
it and writes it back holds the lock throughout (:func:`update_key`). Writing
one form of the key and removing the other (lock, unlock) is one transaction.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from qualcode.errors import InvalidArgument, InvalidData, KeyLocked, NotFound
from qualcode.pseudonymise.key import Key, parse_key, validate
from qualcode.store import atomic, locking, yamlio

T = TypeVar("T")

LOCKED_SUFFIX = ".locked"
PASSPHRASE_VARIABLE = "QUALCODE_KEY_PASSPHRASE"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_AAD = b"qualcode-key-v1"


def locked_path(path: Path) -> Path:
    """Return the locked (encrypted) file that goes with the key file ``path``."""
    return path.with_name(path.name + LOCKED_SUFFIX)


def key_path(project: Any) -> Path:
    """Return the key file of ``project`` (the ``key:`` setting, relative to its root)."""
    return Path(project.key_path)


def key_transaction(path: Path) -> atomic.FileTransaction:
    """Return a transaction for the key file ``path`` (journalled in its project, if any)."""
    return locking.transaction(locking.private_dir_of(path), "key")


def load_key(path: str | Path, passphrase: str | None = None) -> Key:
    """Read the key at ``path``, or its locked form, or return an empty key.

    Args:
        path: The plaintext key file.
        passphrase: Needed when only the locked file exists.

    Returns:
        The key (``exists`` False when neither file exists).

    Raises:
        KeyLocked: the key is locked and no passphrase, or a wrong one, was given.
        InvalidData: a malformed key.
    """
    path = Path(path)
    locked = locked_path(path)
    if path.is_file() and locked.is_file():
        raise InvalidData(
            "both a plaintext and a locked key exist",
            path=path,
            hint=f"remove the stale one ({path.name} or {locked.name})",
        )
    if path.is_file():
        return parse_key(yamlio.load_file(path), path)
    if locked.is_file():
        if passphrase is None:
            raise KeyLocked(
                "the key is locked",
                path=locked,
                hint=f"set {PASSPHRASE_VARIABLE} or run 'qualcode people unlock'",
            )
        text = decrypt(locked.read_bytes(), passphrase, locked)
        key = parse_key(yamlio.load(text, locked), path)
        key.passphrase = passphrase
        return key
    return Key(path=path)


def save_key(key: Key) -> None:
    """Write the key back where it came from: plaintext (mode 0600) or locked.

    Raises:
        InvalidData: the key has collisions (nothing is written).
    """
    assert key.path is not None
    validate(key)
    with locking.hold([locking.key_lock(key.path)]), key_transaction(key.path) as tx:
        stage_key(key, tx)
    key.exists = True
    key.dirty = False


def stage_key(key: Key, tx: atomic.FileTransaction) -> None:
    """Stage the key in ``tx``: its plaintext or locked form (mode 0600), the other form removed.

    The caller holds the key's lock. ``key.dirty`` is left as it is.

    Raises:
        InvalidData: the key has collisions (nothing is staged).
    """
    assert key.path is not None
    validate(key)
    text = key.to_yaml()
    if key.passphrase is not None:
        tx.write_bytes(locked_path(key.path), encrypt(text, key.passphrase), mode=0o600)
        tx.delete(key.path)
    else:
        tx.write_text(key.path, text, mode=0o600)
        tx.delete(locked_path(key.path))


def update_key(path: str | Path, change: Callable[[Key], T], passphrase: str | None = None) -> T:
    """Read the key under its lock, apply ``change`` and write it back (when it returns).

    Args:
        path: The plaintext key file (see :func:`load_key`).
        change: Edits the key in place; its return value is returned. An
            exception leaves the key file untouched.
        passphrase: For a locked key.

    Raises:
        Busy: another command holds the key.
        KeyLocked, InvalidData: see :func:`load_key` and :func:`save_key`.
    """
    with locking.hold([locking.key_lock(path)]):
        key = load_key(path, passphrase)
        result = change(key)
        save_key(key)
        return result


def lock_key(key: Key, passphrase: str) -> Path:
    """Encrypt the key with ``passphrase`` and remove the plaintext file.

    Returns:
        The locked file.

    Raises:
        InvalidArgument: an empty passphrase, or the key is already locked.
        NotFound: there is no key to lock.
    """
    assert key.path is not None
    if not passphrase:
        raise InvalidArgument("an empty passphrase cannot protect the key")
    if key.locked:
        raise InvalidArgument("the key is already locked", path=locked_path(key.path))
    if not key.exists:
        raise NotFound("there is no key to lock", path=key.path, hint="add people first")
    key.passphrase = passphrase
    save_key(key)  # writes the locked form and removes the plaintext, in one transaction
    return locked_path(key.path)


def unlock_key(key: Key) -> Path:
    """Write the key as plaintext (mode 0600) and remove the locked file.

    Raises:
        InvalidArgument: the key is not locked.
    """
    assert key.path is not None
    if not key.locked:
        raise InvalidArgument("the key is not locked", path=key.path)
    key.passphrase = None
    save_key(key)  # writes the plaintext and removes the locked form, in one transaction
    return key.path


def encrypt(text: str, passphrase: str) -> bytes:
    """Return ``text`` encrypted with AES-256-GCM under a scrypt-derived key, as YAML bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    secret = _derive(passphrase, salt, **_SCRYPT)
    data = AESGCM(secret).encrypt(nonce, text.encode("utf-8"), _AAD)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    header = {
        "qualcode_locked_key": 1,
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", **_SCRYPT, "salt": b64(salt)},
        "nonce": b64(nonce),
        "data": b64(data),
    }
    return (
        "# qualcode locked key: unlock with 'qualcode people unlock'\n" + yamlio.dump(header)
    ).encode()


def decrypt(blob: bytes, passphrase: str, path: Path | None = None) -> str:
    """Return the plaintext of a locked key.

    Raises:
        KeyLocked: a wrong passphrase (or a damaged file).
        InvalidData: not a locked key file.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = yamlio.load(blob.decode("utf-8", "replace"), path)
    try:
        kdf = header["kdf"]
        salt = base64.b64decode(kdf["salt"])
        secret = _derive(passphrase, salt, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"]))
        nonce = base64.b64decode(header["nonce"])
        data = base64.b64decode(header["data"])
    except (KeyError, TypeError, ValueError):
        raise InvalidData("not a qualcode locked key", path=path) from None
    try:
        return AESGCM(secret).decrypt(nonce, data, _AAD).decode("utf-8")
    except InvalidTag:
        raise KeyLocked(
            "wrong passphrase for the locked key",
            path=path,
            hint="try again, or check the variable " + PASSPHRASE_VARIABLE,
        ) from None


def _derive(passphrase: str, salt: bytes, *, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


__all__ = [
    "LOCKED_SUFFIX",
    "PASSPHRASE_VARIABLE",
    "decrypt",
    "encrypt",
    "key_path",
    "load_key",
    "lock_key",
    "locked_path",
    "save_key",
    "stage_key",
    "unlock_key",
    "update_key",
]
