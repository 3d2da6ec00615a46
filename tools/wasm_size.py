#!/usr/bin/env python3
"""What a wasm module's bytes are made of: code by crate (from the name section), data, the rest.

Usage: tools/wasm_size.py MODULE.wasm [TOP]
The module must keep its name section: `frontend/build.sh` strips it, so build one for measuring with
`WASM_KEEP_NAMES=1 frontend/build.sh` (the sizes then include the names, listed apart).
"""

import re
import sys
from collections import Counter


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def sections(data):
    at = 8
    while at < len(data):
        kind = data[at]
        size, start = leb(data, at + 1)
        yield kind, data[start : start + size], start - at + size
        at = start + size


def function_imports(body):
    count, at = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            length, at = leb(body, at)
            at += length
        kind = body[at]
        at += 1
        if kind == 0:
            functions += 1
            _, at = leb(body, at)
        elif kind == 1:
            at += 1
            flags, at = leb(body, at)
            _, at = leb(body, at)
            if flags & 1:
                _, at = leb(body, at)
        elif kind == 2:
            flags, at = leb(body, at)
            _, at = leb(body, at)
            if flags & 1:
                _, at = leb(body, at)
        elif kind == 3:
            at += 2
        else:
            at += 1
            _, at = leb(body, at)
    return functions


def function_names(body):
    length, at = leb(body, 0)
    at += length
    names = {}
    while at < len(body):
        kind = body[at]
        size, at = leb(body, at + 1)
        end = at + size
        if kind == 1:
            count, at = leb(body, at)
            for _ in range(count):
                index, at = leb(body, at)
                length, at = leb(body, at)
                names[index] = body[at : at + length].decode("utf-8", "replace")
                at += length
        at = end
    return names


def crate(name):
    """The crate a function comes from: `<T as tachys::view::Render>::build` is tachys's, not T's."""
    generic = re.match(r"^<(?:&|mut |dyn )*([A-Za-z_][\w]*|\(.*?\)|\[.*?\]) as (?:&|dyn )*([A-Za-z_]\w*)::", name)
    if generic and "::" not in generic.group(1):
        return generic.group(2)
    name = re.sub(r"^(<|&|mut |dyn |\(|\[)+", "", name)
    head = re.split(r"::|<| as |\[|\(", name, maxsplit=1)[0].strip()
    return head or "?"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    data = open(path, "rb").read()
    imported, bodies, names, parts = 0, [], {}, Counter()
    for kind, body, size in sections(data):
        if kind == 2:
            imported = function_imports(body)
        if kind == 10:
            count, at = leb(body, 0)
            for _ in range(count):
                length, start = leb(body, at)
                bodies.append(start - at + length)
                at = start + length
            parts["code section overhead"] += size - sum(bodies)
        elif kind == 11:
            parts["data (strings, tables, constants)"] += size
        elif kind == 0 and body[1 : 1 + body[0]] == b"name":
            names = function_names(body)
            parts["name section (stripped when shipped)"] += size
        else:
            parts["other sections"] += size
    by_crate = Counter()
    for index, size in enumerate(bodies):
        by_crate[crate(names.get(imported + index, "?"))] += size
    total = len(data) - parts["name section (stripped when shipped)"]
    print(f"{path}: {total} bytes without the name section")
    for label, size in parts.most_common():
        if label.startswith("name section"):
            continue
        print(f"  {size:>9} {100 * size / total:5.1f} %  {label}")
    print(f"  {sum(bodies):>9} {100 * sum(bodies) / total:5.1f} %  code, by crate:")
    for name, size in by_crate.most_common(top):
        print(f"  {size:>9} {100 * size / total:5.1f} %    {name}")


if __name__ == "__main__":
    main()
