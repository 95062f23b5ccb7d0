"""The demo newsroom: the *Run Away* explainer, its people, productions and quotes.

`manage.py load_demo` calls `load_demo()`. Every object is
found by a natural key (a slug, a URL, a speaker and their words, a block's
fixed uid) and created only when missing, so running it twice changes
nothing, and edits an editor makes to demo content survive `make run`.
`refresh=True` puts the demo values back.

The prose is Marquee's own. Facts, names and the short attributed quotes
come from public interviews; the source records are placeholders
under https://example.com/ because their real addresses are not checked
here, and the pictures are drawn with Pillow (no downloads).
"""

from .content import CAST_GUIDE_SLUG, DEMO_CREDIT, TRUE_STORY_SLUG
from .loader import DEFAULT_ADMIN_PASSWORD, DemoReport, ensure_demo_user, load_demo

__all__ = [
    "CAST_GUIDE_SLUG",
    "DEFAULT_ADMIN_PASSWORD",
    "DEMO_CREDIT",
    "TRUE_STORY_SLUG",
    "DemoReport",
    "ensure_demo_user",
    "load_demo",
]
