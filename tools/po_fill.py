"""Fill empty msgstr entries of a .po catalogue from a JSON dictionary {msgid: msgstr}.

Usage: python tools/po_fill.py motcua/locale/en/LC_MESSAGES/django.po tools/en.json
Entries already translated are left alone; prints the msgids that are still empty and are
not ASCII (i.e. Vietnamese text that still needs an English wording).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _unquote(block: list[str]) -> str:
    return "".join(json.loads(line) for line in block)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def fill(po_path: Path, table: dict[str, str | list[str]]) -> list[str]:
    lines = po_path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    missing: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("msgid ") and not line.startswith("msgid_plural"):
            block = [line[6:]]
            i += 1
            while i < len(lines) and lines[i].startswith('"'):
                block.append(lines[i])
                i += 1
            msgid = _unquote(block)
            out.append("msgid " + block[0])
            out.extend(block[1:])
            plural = None
            if i < len(lines) and lines[i].startswith("msgid_plural "):
                plural = lines[i]
                out.append(plural)
                i += 1
            # copy msgstr block(s), filling when empty
            while i < len(lines) and lines[i].startswith("msgstr"):
                head, _, first = lines[i].partition(" ")
                sblock = [first]
                i += 1
                while i < len(lines) and lines[i].startswith('"'):
                    sblock.append(lines[i])
                    i += 1
                current = _unquote(sblock)
                if msgid and not current and msgid in table:
                    value = table[msgid]
                    if isinstance(value, list):
                        index = int(head[7:-1]) if head.startswith("msgstr[") else 0
                        value = value[min(index, len(value) - 1)]
                    out.append(f"{head} {_quote(value)}")
                else:
                    if msgid and not current and not msgid.isascii():
                        missing.append(msgid)
                    out.append(f"{head} {sblock[0]}")
                    out.extend(sblock[1:])
            continue
        out.append(line)
        i += 1
    text = "\n".join(out) + "\n"
    text = re.sub(r'"#, fuzzy\n', '"\n', text)
    po_path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    still = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    for m in still:
        print("untranslated:", m)
    sys.exit(0)
