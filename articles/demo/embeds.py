"""The demo explainer's trailer: an embed block stored as a save's fetch would leave it.

The demo loads offline: the oEmbed answer below is written in YouTube's shape, and its
thumbnail is drawn with Pillow, never downloaded. The address is a plausible YouTube
address, not a checked one: this file does not claim it is Netflix's real trailer.
"""

import datetime
import uuid

from ..models import ArticleBlock
from ..services import articles_update_search_vectors
from .content import TRUE_STORY_SLUG
from .pictures import Picture

TRAILER_URL = "https://www.youtube.com/watch?v=Rn4wAy2026x"
TRAILER_TITLE = "Run Away | Official Trailer | Netflix"
TRAILER_DATE = datetime.date(2025, 12, 9)
#: What YouTube's oEmbed endpoint answers for a video, as stored on the block at save.
TRAILER_DESCRIPTION = {
    "url": TRAILER_URL,
    "provider": "youtube",
    "type": "video",
    "title": TRAILER_TITLE,
    "author_name": "Netflix",
    "author_url": "https://www.youtube.com/@Netflix",
    "width": 200,
    "height": 113,
    "thumbnail_url": "https://i.ytimg.com/vi/Rn4wAy2026x/hqdefault.jpg",
    "fetched_at": "2026-01-02T09:00:00+00:00",
}
TRAILER_PICTURE = Picture(
    path="articles/demo-run-away-trailer.png",
    text="Run Away",
    alt=TRAILER_TITLE,
    size=(1280, 720),
    caption="Official trailer",
)
#: Between the introduction (position 10) and the next block (20).
POSITION = 15


def load_trailer(loader):
    """The trailer block in the true-story explainer, created when missing (reset on refresh)."""
    from .loader import BLOCK_NAMESPACE

    article = loader.articles[TRUE_STORY_SLUG]
    # Drawn here, so credited as the demo's pictures are (a fetched one says "YouTube / …").
    picture = loader.library_image(TRAILER_PICTURE)
    values = {
        "article": article,
        "position": POSITION,
        "kind": ArticleBlock.Kind.MEDIA_EMBED,
        "embed_url": TRAILER_URL,
        "embed_data": TRAILER_DESCRIPTION,
        "embed_thumbnail": picture,
        # YouTube's oEmbed gives no date: the editor's (demo data, as the address is).
        "embed_date": TRAILER_DATE,
    }
    # A refresh first deletes blocks the demo's BLOCKS do not list: this one comes back.
    uid = uuid.uuid5(BLOCK_NAMESPACE, f"{TRUE_STORY_SLUG}/trailer")
    _block, created = loader.sync(ArticleBlock, {"uid": uid}, values)
    if created or loader.refresh:
        articles_update_search_vectors([article.pk])
