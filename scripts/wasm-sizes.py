#!/usr/bin/env python3
"""Where the bytes of a wasm go: code size summed per crate (or module).

Reads the code and `name` sections of an unstripped wasm, such as the raw
wasm-bindgen output `target/wasm-pack-out/<build>/tokenward_bg.wasm`
(before wasm-opt strips the names), and prints the section sizes, then the
function bodies summed by the first path segment of their demangled name
(`--depth 2`: crate::module), largest first. Build at opt-level "z" to
attribute: at 3, inlining folds callees into their callers.

    scripts/wasm-sizes.py target/wasm-pack-out/spa/tokenward_bg.wasm [--depth 2] [--top 30]
"""
import argparse
import re
from collections import Counter

SECTIONS = {1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
            7: "export", 9: "element", 10: "code", 11: "data"}


def leb(data, at):
    """An unsigned LEB128 at `at`: (value, next offset)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def imported_functions(data, at):
    count, at = leb(data, at)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            length, at = leb(data, at)
            at += length
        kind = data[at]
        at += 1
        if kind == 0:  # function: type index
            _, at = leb(data, at)
            functions += 1
        elif kind in (1, 2):  # table (element type first) or memory: limits
            if kind == 1:
                at += 1
            flags = data[at]
            at += 1
            _, at = leb(data, at)
            if flags & 1:
                _, at = leb(data, at)
        elif kind == 3:  # global: type, mutability
            at += 2
        else:  # tag
            at += 1
            _, at = leb(data, at)
    return functions


def function_names(data, at, end):
    names = {}
    while at < end:
        kind = data[at]
        size, at = leb(data, at + 1)
        if kind == 1:
            count, pos = leb(data, at)
            for _ in range(count):
                index, pos = leb(data, pos)
                length, pos = leb(data, pos)
                names[index] = data[pos:pos + length].decode("utf-8", "replace")
                pos += length
        at += size
    return names


def read(path):
    data = open(path, "rb").read()
    at, imports, bodies, names, sections = 8, 0, [], {}, Counter()
    while at < len(data):
        kind = data[at]
        size, at = leb(data, at + 1)
        end = at + size
        if kind == 0:
            length, pos = leb(data, at)
            custom = data[pos:pos + length].decode()
            sections[f"custom {custom}"] += size
            if custom == "name":
                names = function_names(data, pos + length, end)
        else:
            sections[SECTIONS.get(kind, f"section {kind}")] += size
            if kind == 2:
                imports = imported_functions(data, at)
            elif kind == 10:
                count, pos = leb(data, at)
                for index in range(count):
                    body, pos = leb(data, pos)
                    bodies.append((imports + index, body))
                    pos += body
        at = end
    return sections, bodies, names


def owner(name, depth):
    """`crate` or `crate::module` of a demangled name (impl blocks included)."""
    name = re.sub(r"\[[0-9a-f]+\]", "", name)
    match = re.match(r"<?(?:impl )?(?:&mut |&)?([A-Za-z_][\w]*(?:::[A-Za-z_]\w*)*)", name)
    if not match:
        return "(unnamed)"
    return "::".join(match.group(1).split("::")[:depth])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wasm")
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sections, bodies, names = read(args.wasm)
    for section, size in sections.most_common():
        print(f"{size:>9}  {section}")
    if not names:
        print("no name section: use the wasm before wasm-opt / strip")
    total = sum(size for _, size in bodies)
    by_owner = Counter()
    for index, size in bodies:
        by_owner[owner(names.get(index, ""), args.depth)] += size
    print(f"\n{total:>9}  code, by {'crate' if args.depth == 1 else 'module'}:")
    for name, size in by_owner.most_common(args.top):
        print(f"{size:>9}  {100 * size / total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
