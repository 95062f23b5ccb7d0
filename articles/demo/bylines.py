"""The demo's bylines: a staff writer and a guest contributor with profiles and portrait cards.

The people are invented for the demo and their pictures are drawn portrait cards (initials on
a colour, as `pictures.py` draws every demo picture), never a real person's photo.
"""

from ..bylines import desk_access_from_byline
from ..models import Article, Byline, Contributor, ContributorLink
from .content import CAST_GUIDE_SLUG, PERSON_PICTURE_SIZE, TRUE_STORY_SLUG
from .disclosure import SPONSORED_SLUG
from .pictures import Picture, initials

#: The demo's contributors: `username` links a demo staff account; None is a guest.
CONTRIBUTORS = [
    {
        "slug": "wes-okafor",
        "name": "Wes Okafor",
        "username": "writer",
        "job_title": "Senior writer, TV",
        "beat": "TV drama, Harlan Coben adaptations",
        "bio": (
            "Wes writes Marquee's true-story explainers: what a series took from life, what "
            "it invented, and where the line between them sits.\n\n"
            "He checks every claim against the source it came from, and says so when a "
            "story is only inspired by real events."
        ),
        "links": [("Personal site", "https://wes-okafor.example/")],
    },
    {
        "slug": "juno-tallis",
        "name": "Juno Tallis",
        "username": None,
        "job_title": "Contributing critic",
        "beat": "Crime fiction, book-to-screen adaptations",
        "bio": (
            "Juno reads the novel before the series airs and writes for Marquee as a guest: "
            "what an adaptation keeps, what it changes, and why the ending moved."
        ),
        "links": [
            ("Newsletter", "https://juno-tallis.example/newsletter/"),
            ("Mastodon", "https://mastodon.example/@junotallis"),
        ],
    },
]
#: Each demo explainer's byline, in order.
BYLINES = {
    TRUE_STORY_SLUG: ["wes-okafor", "juno-tallis"],
    CAST_GUIDE_SLUG: ["wes-okafor"],
    SPONSORED_SLUG: ["juno-tallis"],
}


def contributor_picture(contributor):
    return Picture(
        path=f"contributors/demo-{contributor['slug']}.png",
        text=initials(contributor["name"]),
        alt=f"An illustrated portrait card with the initials of {contributor['name']}",
        size=PERSON_PICTURE_SIZE,
        caption=contributor["name"],
    )


def load_bylines(loader):
    """The contributors, their links and the explainers' bylines, found or made through the
    loader (so a reload changes nothing and `--refresh` resets them)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    found = {}
    for data in CONTRIBUTORS:
        values = {key: data[key] for key in ("name", "job_title", "beat", "bio")}
        if data["username"]:
            values["user"] = users.filter(username=data["username"]).first()
        contributor, created = loader.sync(Contributor, {"slug": data["slug"]}, values)
        loader.picture(
            contributor, "photo", contributor_picture(data), fill=created or loader.refresh
        )
        for position, (label, url) in enumerate(data["links"]):
            lookup = {"contributor": contributor, "url": url}
            loader.sync(ContributorLink, lookup, {"label": label, "position": position})
        found[data["slug"]] = contributor
    for slug, names in BYLINES.items():
        article = Article.objects.get(slug=slug)
        # An editor's byline survives a reload; `--refresh` puts the demo's back.
        if article.bylines.exists() and not loader.refresh:
            continue
        article.bylines.exclude(contributor__slug__in=names).delete()
        for position, name in enumerate(names):
            lookup = {"article": article, "contributor": found[name]}
            loader.sync(Byline, lookup, {"position": position})
        desk_access_from_byline(article=article)
