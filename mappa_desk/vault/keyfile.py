"""The key file: the database key, wrapped with AES-256-GCM under a passphrase and a recovery key.

The database key itself is never stored in clear. Each wrap records its own
KDF parameters, so they can be raised later without breaking old files.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from mappa_desk.errors import InvalidInput, KeyFileDamaged, WrongSecret
from mappa_desk.interchange import strict_json
from mappa_desk.interchange.strict_json import JsonRefused

FORMAT = "mappa-desk-keyfile"
FORMAT_VERSION = 1
MAX_KEYFILE_BYTES = 64 * 1024  # a key file is under 2 KB
KEY_BYTES = 32
RECOVERY_BYTES = 20  # 160 random bits: 32 base32 characters
MIN_PASSPHRASE_CHARS = 10


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default takes about 0.35 s on a 2-core 2026 laptop."""

    memory_kib: int = 128 * 1024
    iterations: int = 3
    lanes: int = 1


DEFAULT_KDF = KdfParams()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on Windows or macOS derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; a short sentence is easy to remember and hard to guess."
        )


def new_recovery_key() -> str:
    """160 random bits as eight groups of four base32 characters, e.g. ABCD-EFGH-..."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned)
    except (ValueError, base64.binascii.Error):
        raw = b""
    if len(raw) != RECOVERY_BYTES:
        raise WrongSecret("That is not a recovery key: it should be 32 letters and digits in groups of four, as shown when the vault was created.")
    return raw


def _aad(vault_id: str, purpose: str) -> bytes:
    return f"{FORMAT}/{FORMAT_VERSION}/{vault_id}/{purpose}".encode("ascii")


def _passphrase_kek(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=kdf.iterations, lanes=kdf.lanes,
                    memory_cost=kdf.memory_kib).derive(normalise_passphrase(passphrase))


def _recovery_kek(recovery_raw: bytes, salt: bytes) -> bytes:
    # The recovery key has 160 bits of entropy, so a fast KDF is enough.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"mappa-desk recovery wrap").derive(recovery_raw)


def key_check(db_key: bytes, vault_id: str) -> str:
    """A commitment to the key, to test a keyring copy before SQLCipher sees it."""
    return hmac.new(db_key, f"key-check/{vault_id}".encode(), hashlib.sha256).hexdigest()


def _seal(kek: bytes, db_key: bytes, aad: bytes) -> dict:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "ciphertext": _b64(AESGCM(kek).encrypt(nonce, db_key, aad))}


def _open(kek: bytes, wrap: dict, aad: bytes) -> bytes:
    return AESGCM(kek).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["ciphertext"]), aad)


@dataclass
class KeyFile:
    """The parsed key file. Wraps are plain dicts, exactly as stored."""

    vault_id: str
    created_at: str
    passphrase_wrap: dict
    recovery_wrap: dict
    check: str

    # -- building ------------------------------------------------------------
    @classmethod
    def new(cls, db_key: bytes, passphrase: str, recovery_key: str, created_at: str,
            kdf: KdfParams = DEFAULT_KDF) -> "KeyFile":
        vault_id = secrets.token_hex(16)
        keyfile = cls(vault_id, created_at, {}, {}, key_check(db_key, vault_id))
        keyfile.rewrap_passphrase(db_key, passphrase, kdf)
        keyfile.rewrap_recovery(db_key, recovery_key)
        return keyfile

    def rewrap_passphrase(self, db_key: bytes, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> None:
        check_new_passphrase(passphrase)
        salt = os.urandom(16)
        kek = _passphrase_kek(passphrase, salt, kdf)
        self.passphrase_wrap = {
            "kdf": "argon2id", "salt": _b64(salt), "memory_kib": kdf.memory_kib,
            "iterations": kdf.iterations, "lanes": kdf.lanes,
            "cipher": "aes-256-gcm", **_seal(kek, db_key, _aad(self.vault_id, "passphrase")),
        }

    def rewrap_recovery(self, db_key: bytes, recovery_key: str) -> None:
        salt = os.urandom(16)
        kek = _recovery_kek(parse_recovery_key(recovery_key), salt)
        self.recovery_wrap = {
            "kdf": "hkdf-sha256", "salt": _b64(salt), "cipher": "aes-256-gcm",
            **_seal(kek, db_key, _aad(self.vault_id, "recovery")),
        }

    # -- unwrapping ----------------------------------------------------------
    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        wrap = self.passphrase_wrap
        try:
            kdf = KdfParams(int(wrap["memory_kib"]), int(wrap["iterations"]), int(wrap["lanes"]))
            kek = _passphrase_kek(passphrase, _unb64(wrap["salt"]), kdf)
            return self._checked(_open(kek, wrap, _aad(self.vault_id, "passphrase")))
        except InvalidTag:
            raise WrongSecret("That passphrase doesn't unlock this vault. Check it (and Caps Lock) and try again, or use your recovery key.") from None
        except (KeyError, ValueError, TypeError) as err:
            raise _damaged_keyfile() from err

    def unwrap_with_recovery_key(self, recovery_key: str) -> bytes:
        raw = parse_recovery_key(recovery_key)
        wrap = self.recovery_wrap
        try:
            kek = _recovery_kek(raw, _unb64(wrap["salt"]))
            return self._checked(_open(kek, wrap, _aad(self.vault_id, "recovery")))
        except InvalidTag:
            raise WrongSecret("That recovery key doesn't unlock this vault. Check each group of four characters and try again.") from None
        except (KeyError, ValueError, TypeError) as err:
            raise _damaged_keyfile() from err

    def matches(self, db_key: bytes) -> bool:
        return len(db_key) == KEY_BYTES and hmac.compare_digest(key_check(db_key, self.vault_id), self.check)

    def _checked(self, db_key: bytes) -> bytes:
        if not self.matches(db_key):
            raise _damaged_keyfile()
        return db_key

    # -- (de)serialising -------------------------------------------------------
    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT, "version": FORMAT_VERSION, "vault_id": self.vault_id,
            "created_at": self.created_at, "key_check": self.check,
            "wraps": {"passphrase": self.passphrase_wrap, "recovery": self.recovery_wrap},
        }
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> "KeyFile":
        try:
            data.decode("ascii")
            doc = strict_json.loads(data, max_bytes=MAX_KEYFILE_BYTES)
            if doc.get("format") != FORMAT:
                raise ValueError("not a key file")
            if doc.get("version") != FORMAT_VERSION:
                raise ValueError("unknown version")
            return cls(str(doc["vault_id"]), str(doc["created_at"]), dict(doc["wraps"]["passphrase"]),
                       dict(doc["wraps"]["recovery"]), str(doc["key_check"]))
        except (JsonRefused, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as err:
            raise _damaged_keyfile() from err


def _damaged_keyfile() -> KeyFileDamaged:
    return KeyFileDamaged(
        "The vault's key file is damaged, so the vault cannot be unlocked from it. "
        "Restore vault.key from a backup; the database itself has not been changed."
    )
