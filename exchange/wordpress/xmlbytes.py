"""An export's bytes as the XML parser can read them: the control characters WordPress
exports but XML forbids are dropped as the file streams, and an old WordPress's unescaped
`]]>` inside CDATA is repaired."""

#: Characters XML 1.0 forbids that WordPress exports anyway (pasted from word processors):
#: the C0 controls but tab, newline and carriage return. Single bytes in every
#: ASCII-compatible encoding, so they are dropped before the parser sees them.
_FORBIDDEN = bytes(b for b in range(32) if b not in (9, 10, 13))


class Cleaned:
    """The file's bytes without the control characters XML forbids, counted as they go."""

    def __init__(self, handle):
        self.handle = handle
        self.removed = 0
        start = handle.read(4)
        handle.seek(0)
        # UTF-16 and UTF-32 files hold zero bytes in every character: left as they are.
        self.wide = start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start

    def read(self, size=-1):
        data = self.handle.read(size)
        if self.wide:
            return data
        cleaned = data.translate(None, _FORBIDDEN)
        self.removed += len(data) - len(cleaned)
        return cleaned


def repair_cdata(data):
    """The file with every `]]>` that is inside a CDATA section escaped as WordPress now
    writes it (`]]]]><![CDATA[>`): a section ends only at a `]]>` followed by a closing tag or
    another section, as in every export WordPress writes."""
    out, position = [], 0
    while (start := data.find(b"<![CDATA[", position)) >= 0:
        body = start + len(b"<![CDATA[")
        out.append(data[position:body])
        search = body
        while True:
            end = data.find(b"]]>", search)
            if end < 0:
                return data  # an unterminated section: nothing to repair, the parser says so
            after = data[end + 3 : end + 3 + 16].lstrip()
            if after.startswith((b"</", b"<![CDATA[")):
                break
            search = end + 3
        out.append(data[body:end].replace(b"]]>", b"]]]]><![CDATA[>") + b"]]>")
        position = end + 3
    out.append(data[position:])
    return b"".join(out)
