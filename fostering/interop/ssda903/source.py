"""Getting text out of whatever the caller hands us, or one clear reason why not.

Inputs may be a path, bytes, a binary file object (an upload) or a text file object.
Bytes are decoded as UTF-8 (a byte-order mark is dropped), then, failing that, as
Windows-1252 (what Excel on Windows writes as "CSV"), then Latin-1 (which never fails).
UTF-16 with a byte-order mark ("Unicode text" exports) is decoded too. Files that are
empty, binary (an Excel workbook, a zip, anything with NUL bytes) or not comma-separated
get a single file-level error instead of a cascade of row errors.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

Source = str | os.PathLike | bytes | bytearray | memoryview | IO[str] | IO[bytes]

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Decoded:
    """The text of one file, or the reason it could not be read (``problem``)."""

    name: str
    text: str = ""
    encoding: str = "utf-8"
    problem: str = ""  # a sentence for the user; "" when text is usable
    problem_code: str = ""


def source_name(source: Source, default: str) -> str:
    """The name to use in messages: the file's base name when we can tell it."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name or default
    name = getattr(source, "name", None)
    if isinstance(name, str) and name and not name.startswith("<"):
        return Path(name).name
    return default


def read_source(source: Source, name: str) -> Decoded:
    """Read and decode one input; never raises for bad content."""
    try:
        if isinstance(source, (str, os.PathLike)):
            raw: bytes | str = Path(source).read_bytes()
        elif isinstance(source, (bytes, bytearray, memoryview)):
            raw = bytes(source)
        else:
            raw = source.read()
    except OSError as exc:
        return Decoded(
            name,
            problem=f"This file could not be opened ({exc.strerror or exc}); check the file exists and can be read.",
            problem_code="file_unreadable",
        )
    if isinstance(raw, str):
        return _check_text(Decoded(name, text=raw, encoding="text"))
    return _check_text(decode_bytes(raw, name))


def decode_bytes(raw: bytes, name: str) -> Decoded:
    """Bytes to text by the rules in the module docstring."""
    if not raw.strip():
        return Decoded(name)  # _check_text reports it as empty
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        try:
            return Decoded(name, text=raw.decode("utf-8"), encoding="utf-8-sig")
        except UnicodeDecodeError:
            pass  # a BOM on a file that is not really UTF-8: fall through to cp1252
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(name, text=raw.decode("utf-16"), encoding="utf-16")
        except UnicodeDecodeError:
            return _binary(name, raw)
    if raw.startswith(_XLSX_MAGIC) or raw.startswith(_XLS_MAGIC):
        return Decoded(
            name,
            problem="This file is an Excel workbook, not a CSV file; open it in Excel and use "
            "Save As › CSV UTF-8 (comma delimited).",
            problem_code="file_is_excel",
        )
    if b"\x00" in raw:
        return _binary(name, raw)
    try:
        return Decoded(name, text=raw.decode("utf-8"), encoding="utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(name, text=raw.decode("cp1252"), encoding="cp1252")
    except UnicodeDecodeError:
        return Decoded(name, text=raw.decode("latin-1"), encoding="latin-1")


def _binary(name: str, raw: bytes) -> Decoded:
    return Decoded(
        name,
        problem="This file contains binary data, so it is not a CSV text file; export the "
        "table from your case management system as CSV (comma-separated values).",
        problem_code="file_binary",
    )


def _check_text(decoded: Decoded) -> Decoded:
    if decoded.problem:
        return decoded
    text = decoded.text
    if text.startswith("\ufeff"):  # a BOM that survived (text input, or UTF-16)
        text = decoded.text = text[1:]
    if not text.strip():
        decoded.problem = "This file is empty; export the table again as CSV, with the column names on the first line."
        decoded.problem_code = "file_empty"
        return decoded
    if "\x00" in text:
        return _binary(decoded.name, b"")
    # Control characters other than tab/newline in the first line mean this is not text
    # we should be reading as CSV (a PDF, an image, a compressed file renamed .csv).
    first = text[:4096]
    controls = sum(1 for ch in first if ch < " " and ch not in "\t\r\n")
    if controls > max(3, len(first) // 100):
        return _binary(decoded.name, b"")
    return decoded


def count_lines(text: str) -> int:
    """Physical lines in ``text``, counted the way ``csv.reader.line_num`` will."""
    n = text.count("\n")
    if n == 0 and "\r" in text:
        n = text.count("\r")
    if text and not text.endswith(("\n", "\r")):
        n += 1
    return n
