"""What WordPress ran or built when showing a page, with no words of the post: left out,
and said."""

from .base import Mapper, mapper, shorten

_REMOVED = {
    "script": "scripts removed",
    "style": "styles removed",
    "noscript": "fallbacks for browsers without JavaScript removed",
    "form": "forms removed",
    "fieldset": "forms removed",
    "svg": "drawings (SVG) removed",
    "math": "formulas (MathML) removed",
    "canvas": "canvases removed",
    "x-dynamic": "dynamic blocks removed",
    "hr": "separators removed",
}


@mapper
class RemovedMapper(Mapper):
    """Scripts, styles, forms and blocks WordPress builds when showing the page: left out, said."""

    def matches(self, node):
        return node.tag in _REMOVED

    def drafts(self, node, mapping):
        mapping.counts[_REMOVED[node.tag]] += 1
        if node.tag in {"form", "fieldset"}:
            words = shorten(node.plain_text(), 80)
            mapping.note(f"<form> removed{f' (it said “{words}”)' if words else ''}")
        elif node.tag == "x-dynamic":
            mapping.note(
                f"WordPress block “{node.attrs['name']}” removed: it has no saved content, "
                "WordPress built it each time the page was shown"
            )
        return []
