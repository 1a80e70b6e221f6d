"""The long-term key file: made with mode 0600, never overwritten, and every way it can be wrong in one line."""
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from timesvc.roughtime.protocol.keys import KeyFileError, keygen, load_long_term_key, public_key


def test_keygen_writes_a_pem_key_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "roughtime.pem"
    public = keygen(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public_key(load_long_term_key(path)) == public and len(public) == 32


def test_keygen_ignores_a_permissive_umask(tmp_path):
    previous = os.umask(0)
    try:
        keygen(tmp_path / "key.pem")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600


def test_keygen_never_overwrites_a_key(tmp_path):
    path = tmp_path / "roughtime.pem"
    keygen(path)
    before = path.read_bytes()
    with pytest.raises(KeyFileError, match="exists already"):
        keygen(path)
    assert path.read_bytes() == before


def test_keygen_into_a_missing_directory_says_so(tmp_path):
    with pytest.raises(KeyFileError, match="cannot be created: No such file or directory"):
        keygen(tmp_path / "absent" / "key.pem")


def pem(key, password=None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "does not exist .*keygen"),
        (b"", "holds no PEM private key"),
        (b"-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n", "holds no PEM private key"),
        (pem(ec.generate_private_key(ec.SECP256R1())), "another kind of key, not an Ed25519 key"),
        (pem(ed25519.Ed25519PrivateKey.generate(), b"secret"), "is encrypted"),
    ],
)
def test_a_bad_key_file_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "key.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KeyFileError, match=message) as error:
        load_long_term_key(path)
    text = str(error.value)
    assert str(path) in text and "\n" not in text


def test_a_directory_is_no_key_file(tmp_path):
    with pytest.raises(KeyFileError, match="cannot be read: Is a directory"):
        load_long_term_key(tmp_path)


def test_the_error_never_shows_the_key(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    content = pem(key)
    (tmp_path / "key.pem").write_bytes(content)
    with pytest.raises(KeyFileError) as error:
        load_long_term_key(tmp_path / "key.pem")
    body = b"".join(content.splitlines()[1:-1]).decode()
    assert not any(body[i : i + 16] in str(error.value) for i in range(0, len(body) - 16, 8))
