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

# Every KDF setting read from a file (a key file, a backup's key file, a handover file) must lie within these
# bounds before it is used: a changed file must not make us spend minutes or gigabytes before the key check
# fails. The default is 128 MiB and 3 passes; the ceiling leaves room to raise it.
KDF_LIMITS = {"memory_kib": (8 * 1024, 256 * 1024), "iterations": (1, 10), "lanes": (1, 8)}


def kdf_within_limits(kdf: KdfParams) -> bool:
    return all(low <= getattr(kdf, name) <= high for name, (low, high) in KDF_LIMITS.items())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on Windows or macOS derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@dataclass(frozen=True)
class Strength:
    """zxcvbn's estimate: score 0 (guessed at once) to 4 (very hard), and its warning, if any."""

    score: int
    warning: str
    acceptable: bool


MIN_SCORE = 3  # zxcvbn: "safely unguessable", about 10^8 guesses or more even before Argon2's cost
_ESTIMATE_CHARS = 72  # zxcvbn refuses more (it slows with length); a longer passphrase is judged on its start
_APP_WORDS = ["mappa", "desk", "mappadesk", "mappa desk", "vault", "passphrase", "password"]


def passphrase_strength(passphrase: str) -> Strength:
    """How hard a new passphrase is to guess (zxcvbn, a maintained estimator of real guessing attacks)."""
    text = passphrase.strip()
    if not text:
        return Strength(0, "", False)
    from zxcvbn import zxcvbn  # here, not at start-up: its word lists cost ~20 ms of import before the window

    result = zxcvbn(text[:_ESTIMATE_CHARS], user_inputs=_APP_WORDS)
    score = int(result["score"])
    return Strength(score, result["feedback"].get("warning") or "",
                    len(text) >= MIN_PASSPHRASE_CHARS and score >= MIN_SCORE)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters; a short sentence is easy to remember and hard to guess."
        )
    strength = passphrase_strength(passphrase)
    if not strength.acceptable:
        why = f" ({strength.warning.rstrip('.')})" if strength.warning else ""
        raise InvalidInput(
            f"That passphrase would be too easy to guess{why}. Choose another: a short sentence of uncommon words, "
            "not a famous phrase or a name with a number, is easy to remember and hard to guess. Nothing was changed."
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


_WRAP_FIELDS = {"passphrase": ("kdf", "salt", "memory_kib", "iterations", "lanes", "cipher", "nonce", "ciphertext"),
                "recovery": ("kdf", "salt", "cipher", "nonce", "ciphertext")}
_WRAP_KDF = {"passphrase": "argon2id", "recovery": "hkdf-sha256"}
_SIZES = {"salt": 16, "nonce": 12, "ciphertext": KEY_BYTES + 16}


def _checksum(doc: dict) -> str:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("ascii")).hexdigest()


def _check_wrap(name: str, wrap) -> None:
    """Every field of a wrap is present and well formed, so a failed unwrap can only mean a wrong secret."""
    if not isinstance(wrap, dict) or any(field not in wrap for field in _WRAP_FIELDS[name]):
        raise _damaged_keyfile(f"its {name} wrap is incomplete")
    if wrap["kdf"] != _WRAP_KDF[name] or wrap["cipher"] != "aes-256-gcm":
        raise _damaged_keyfile(f"its {name} wrap names an unknown method")
    for field, size in _SIZES.items():
        try:
            ok = len(_unb64(wrap[field])) == size
        except (ValueError, TypeError, AttributeError, UnicodeEncodeError):
            ok = False
        if not ok:
            raise _damaged_keyfile(f"the {field} of its {name} wrap is not valid")
    if name == "passphrase":
        values = [wrap[f] for f in ("memory_kib", "iterations", "lanes")]
        if not all(type(v) is int for v in values) or not kdf_within_limits(KdfParams(*values)):
            low_mem, high_mem = (v // 1024 for v in KDF_LIMITS["memory_kib"])
            raise KeyFileDamaged(
                "The vault's key file asks for key-derivation settings outside the limits MAPPA Desk accepts "
                f"({low_mem} to {high_mem} MiB of memory, {KDF_LIMITS['iterations'][0]} to "
                f"{KDF_LIMITS['iterations'][1]} passes, {KDF_LIMITS['lanes'][0]} to {KDF_LIMITS['lanes'][1]} lanes), "
                "so it has been damaged or changed and was not used. Restore vault.key from a backup; the database "
                "itself has not been changed.")


@dataclass
class KeyFile:
    """The parsed key file. Wraps are plain dicts, exactly as stored.

    `key_id` names the database key (a new one at each rotation, so a backup can tell which key it was made
    with); `db_salt` is the first 16 bytes of the database file the key opens (SQLCipher's per-file salt, not
    secret), so a key file and a database can be matched without any secret: another vault's key file, or a
    half-finished rotation, is recognised before a passphrase is tried. Both are None in key files written
    before they existed, until the vault is next opened. `checksum` (SHA-256 of the rest) tells damage from a
    wrong secret; it is not a protection against someone who changes the file on purpose (the wraps are).
    """

    vault_id: str
    created_at: str
    passphrase_wrap: dict
    recovery_wrap: dict
    check: str
    key_id: str | None = None
    db_salt: str | None = None

    # -- building ------------------------------------------------------------
    @classmethod
    def new(cls, db_key: bytes, passphrase: str, recovery_key: str, created_at: str,
            kdf: KdfParams = DEFAULT_KDF, *, vault_id: str | None = None, db_salt: str | None = None) -> "KeyFile":
        vault_id = vault_id or secrets.token_hex(16)
        keyfile = cls(vault_id, created_at, {}, {}, key_check(db_key, vault_id), secrets.token_hex(8), db_salt)
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
        _check_wrap("passphrase", wrap)
        kdf = KdfParams(wrap["memory_kib"], wrap["iterations"], wrap["lanes"])
        kek = _passphrase_kek(passphrase, _unb64(wrap["salt"]), kdf)
        try:
            return self._checked(_open(kek, wrap, _aad(self.vault_id, "passphrase")))
        except InvalidTag:
            raise WrongSecret("That passphrase doesn't unlock this vault. Check it (and Caps Lock) and try again, or use your recovery key.") from None

    def unwrap_with_recovery_key(self, recovery_key: str) -> bytes:
        raw = parse_recovery_key(recovery_key)
        wrap = self.recovery_wrap
        _check_wrap("recovery", wrap)
        kek = _recovery_kek(raw, _unb64(wrap["salt"]))
        try:
            return self._checked(_open(kek, wrap, _aad(self.vault_id, "recovery")))
        except InvalidTag:
            raise WrongSecret("That recovery key doesn't unlock this vault. Check each group of four characters and try again.") from None

    def matches(self, db_key: bytes) -> bool:
        return len(db_key) == KEY_BYTES and hmac.compare_digest(key_check(db_key, self.vault_id), self.check)

    def _checked(self, db_key: bytes) -> bytes:
        if not self.matches(db_key):
            raise _damaged_keyfile("its key check does not match the key it holds")
        return db_key

    # -- (de)serialising -------------------------------------------------------
    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT, "version": FORMAT_VERSION, "vault_id": self.vault_id,
            "created_at": self.created_at, "key_check": self.check,
            "wraps": {"passphrase": self.passphrase_wrap, "recovery": self.recovery_wrap},
        }
        if self.key_id is not None:
            doc["key_id"] = self.key_id
        if self.db_salt is not None:
            doc["db_salt"] = self.db_salt
        doc["checksum"] = _checksum(doc)
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
            if "checksum" in doc and doc["checksum"] != _checksum(doc):
                raise ValueError("checksum")
            optional = [doc.get(name) for name in ("key_id", "db_salt")]
            if any(value is not None and not isinstance(value, str) for value in optional):
                raise ValueError("key id or database salt")
            if optional[1] is not None and len(bytes.fromhex(optional[1])) != 16:
                raise ValueError("database salt")
            keyfile = cls(str(doc["vault_id"]), str(doc["created_at"]), dict(doc["wraps"]["passphrase"]),
                          dict(doc["wraps"]["recovery"]), str(doc["key_check"]), *optional)
        except (JsonRefused, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as err:
            raise _damaged_keyfile() from err
        _check_wrap("passphrase", keyfile.passphrase_wrap)
        _check_wrap("recovery", keyfile.recovery_wrap)
        return keyfile


def _damaged_keyfile(what: str = "") -> KeyFileDamaged:
    detail = f" ({what})" if what else ""
    return KeyFileDamaged(
        f"The vault's key file is damaged{detail}, so the vault cannot be unlocked from it. "
        "Restore vault.key from a backup; the database itself has not been changed."
    )
