"""A large WordPress export made of a real one's posts: for the importer's memory test and
`make bench-import` (the posts of tests/fixtures/wordpress/public/theme-unit-test-data.xml,
GPL-2.0-or-later, copied N times under new ids)."""

import re
from functools import partial
from pathlib import Path

PUBLIC = Path(__file__).parent / "fixtures" / "wordpress" / "public"
SOURCE = PUBLIC / "theme-unit-test-data.xml"

_ITEM = re.compile(r"<item>.*?</item>", re.S)
_TYPE = re.compile(r"<wp:post_type>(?:<!\[CDATA\[)?\s*(\w+)")
_POST_ID = re.compile(r"(<wp:post_id>)(\d+)(</wp:post_id>)")
_NAME = re.compile(r"(<wp:post_name>(?:<!\[CDATA\[)?)([^<\]]*)")
_COMMENT_ID = re.compile(r"(<wp:comment_(?:id|parent)>)(\d+)(</wp:comment_(?:id|parent)>)")
_LINK = re.compile(r"(<link>[^<]*?)/?(</link>)")
_GUID = re.compile(r"(<guid[^>]*>[^<]*?)(\?p=\d+)?(</guid>)")
_THUMBNAIL = re.compile(
    r"<wp:postmeta>\s*<wp:meta_key>(?:<!\[CDATA\[)?_thumbnail_id.*?</wp:postmeta>", re.S
)


def _shift(match, offset):
    number = int(match[2])
    return f"{match[1]}{number + offset if number else 0}{match[3]}"


def write_large_export(target, posts, source=SOURCE):
    """An export at `target` with `posts` posts (and their comments), written as it goes:
    the real export's posts in turn, each copy with new post and comment ids, slugs and
    addresses, as posts of one site have."""
    text = source.read_text(encoding="utf-8")
    items = _ITEM.findall(text)
    head = text[: text.index("<item>")]
    tail = text[text.rindex("</item>") + len("</item>") :]
    posts_only = [item for item in items if _TYPE.search(item).group(1) == "post"]
    templates = [_THUMBNAIL.sub("", item) for item in posts_only]
    with open(target, "w", encoding="utf-8") as out:
        out.write(head)
        for number in range(posts):
            offset = 100_000 * (1 + number)
            item = templates[number % len(templates)]
            item = _POST_ID.sub(rf"\g<1>{offset}\g<3>", item)
            item = _NAME.sub(rf"\g<1>\g<2>-{number}", item, count=1)
            item = _LINK.sub(rf"\g<1>-{number}/\g<2>", item, count=1)
            item = _GUID.sub(rf"\g<1>?p={offset}\g<3>", item, count=1)
            item = _COMMENT_ID.sub(partial(_shift, offset=offset), item)
            out.write(item + "\n")
        out.write(tail)
    return target
