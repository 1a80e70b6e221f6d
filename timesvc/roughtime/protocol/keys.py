"""The server's long-term Ed25519 key: a PKCS#8 PEM file, created with mode 0600 and read at start.

The long-term public key is what clients trust (they are configured with it); the private key only signs
delegations to short-lived online keys (delegation.py). Its secret never appears in a message or log line.
"""
import os
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class KeyFileError(ValueError):
    """A key file that cannot be created or used; the message is one line naming the file, never the key."""


def keygen(path: str | os.PathLike) -> bytes:
    """Create a new long-term key in a new file at `path`, readable by its owner only; its public key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        # O_EXCL: an existing key is never overwritten; 0600 from the start, so the secret is never exposed.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"Roughtime key file {path} exists already: it is not overwritten") from None
    except OSError as error:
        raise KeyFileError(f"Roughtime key file {path} cannot be created: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    return public_key(key)


def load_long_term_key(path: str | os.PathLike) -> Ed25519PrivateKey:
    """The key in the file at `path`; KeyFileError saying what is wrong with it."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"Roughtime key file {path} does not exist (`timesvc roughtime keygen` makes one)") from None
    except OSError as error:
        raise KeyFileError(f"Roughtime key file {path} cannot be read: {error.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFileError(f"Roughtime key file {path} is encrypted: timesvc reads unencrypted PEM keys") from None
    except (ValueError, UnsupportedAlgorithm):
        raise KeyFileError(f"Roughtime key file {path} holds no PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"Roughtime key file {path} holds another kind of key, not an Ed25519 key")
    return key


def public_key(key: Ed25519PrivateKey) -> bytes:
    """The 32 bytes clients are configured with (base64 in server lists)."""
    return key.public_key().public_bytes_raw()
