"""Make Pagefind's search bundle byte-identical between runs on the same pages.

Pagefind 1.5 writes its filter files, and the list of filters in its `.pf_meta`, in
hash-map order, which changes on every run (upstream Pagefind/pagefind#638: fragments
became stable in 1.3, "filter/metadata indexes will still change"). Our output must be
reproducible, so after Pagefind has run we sort those lists, re-encode the files and
give them names derived from their new content, then point `pagefind-entry.json` at
the rewritten `.pf_meta`.

The files are gzip-compressed CBOR after the `pagefind_dcd` signature. Only the CBOR
Pagefind emits is handled (integers, strings, arrays, maps, booleans/null, all with
the shortest length encoding); a file that does not read back byte for byte as it was
written is left alone, so an unknown future format can never be corrupted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class UnknownFormat(ValueError):
    """A bundle file this module does not know how to rewrite faithfully."""


def stabilise_bundle(bundle: Path) -> None:
    """Sort the filter lists of every language in `bundle` and rename what changed.

    Everything is read and checked before anything is written, so an `UnknownFormat`
    leaves the bundle as Pagefind wrote it.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    plans = []
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if len(meta) < 4 or not isinstance(meta[3], list):
            raise UnknownFormat(meta_path)
        filters = [(name, bundle / "filter" / f"{old}.pf_filter") for name, old in sorted(meta[3], key=lambda pair: pair[0])]
        plans.append((language, info, meta_path, meta, [(name, path, _read(path)) for name, path in filters]))
    for language, info, meta_path, meta, filters in plans:
        renamed = []
        for name, old_path, (filter_name, values) in filters:
            data = _encode([filter_name, sorted(values, key=lambda item: item[0])])
            new_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
            old_path.unlink()
            _write(bundle / "filter" / f"{new_hash}.pf_filter", data)
            renamed.append([name, new_hash])
        meta[3] = renamed
        data = _encode(meta)
        info["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_path.unlink()
        _write(bundle / f"pagefind.{info['hash']}.pf_meta", data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise UnknownFormat(path)
    body = raw[len(SIGNATURE) :]
    value, end = _decode(body, 0)
    if end != len(body) or _encode(value) != raw:
        raise UnknownFormat(path)
    return value


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if number < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, number)
    raise UnknownFormat(number)


def _encode(value: Any, top: bool = True) -> bytes:
    prefix = SIGNATURE if top else b""
    if value is False or value is True or value is None:
        return prefix + bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return prefix + (_head(0, value) if value >= 0 else _head(1, -1 - value))
    if isinstance(value, bytes):
        return prefix + _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return prefix + _head(3, len(data)) + data
    if isinstance(value, list):
        return prefix + _head(4, len(value)) + b"".join(_encode(v, False) for v in value)
    if isinstance(value, dict):
        return prefix + _head(5, len(value)) + b"".join(_encode(k, False) + _encode(v, False) for k, v in value.items())
    raise UnknownFormat(type(value))


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    first = data[at]
    major, info = first >> 5, first & 31
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise UnknownFormat(first)
        return simple[info], at
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise UnknownFormat(first)  # indefinite lengths are not what Pagefind writes
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    raise UnknownFormat(first)
