"""Reading text files for people: clear one-line errors instead of tracebacks.

Scraped Chinese pages arrive in many encodings. :func:`read_text` accepts UTF-8
(with or without BOM) and refuses everything else with a message that names the
encoding the bytes look like and the command that converts them.
"""

from __future__ import annotations

from pathlib import Path

_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "an executable",
}


class InputError(ValueError):
    """A file cannot be used as text input; the message says why and what to do."""


def guess_encoding(data: bytes) -> str | None:
    """Name the legacy encoding that ``data`` decodes cleanly in, or None.

    GB2312 is tried before Big5 because Big5 byte pairs usually fall outside GB2312;
    GB18030 (a superset of GBK) catches the rest of simplified-Chinese text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for codec, name in (
        ("gb2312", "GBK"),
        ("big5", "Big5"),
        ("gb18030", "GBK/GB18030"),
        ("shift_jis", "Shift-JIS"),
    ):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return None


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode UTF-8 bytes, or raise :class:`InputError` saying what the bytes look like."""
    if not data.strip():
        raise InputError(f"{name} is empty: there is no text to read")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name} is not text: it looks like {kind}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{name} is UTF-16, not UTF-8; convert it with: iconv -f UTF-16 -t UTF-8 {name} > converted.txt"
        )
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} is not text: it contains NUL bytes (a binary file?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = guess_encoding(data)
        if guess:
            codec = "GBK" if guess.startswith("GBK") else guess
            raise InputError(
                f"{name} is not UTF-8 (byte {exc.start}); it looks like {guess}. "
                f"Convert it with: iconv -f {codec} -t UTF-8 {name} > converted.txt"
            ) from None
        raise InputError(
            f"{name} is not UTF-8 text (undecodable byte at {exc.start}) and not a known Chinese encoding"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{name} is not text: too many control characters (a binary file?)")
    return text


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, raising :class:`InputError` with a one-line reason otherwise."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p} is a folder, not a text file")
    return decode_text(p.read_bytes(), str(p))
