"""Load the demo content idempotently: find by natural key, create what is missing."""

import os
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from images import renditions
from images.models import Image
from people.models import Credit, Person, Quote, Source
from productions.models import Availability, Episode, Production, Season

from ..models import Article, ArticleBlock
from ..richtext import sanitize_html
from ..services import articles_update_search_vectors
from .bylines import load_bylines
from .content import (
    ARTICLES,
    AVAILABILITIES,
    BLOCKS,
    CREDITS,
    DEMO_CREDIT,
    PEOPLE,
    PRODUCTIONS,
    QUOTES,
    SOURCES,
    person_picture,
    poster_picture,
)
from .disclosure import load_disclosure
from .embeds import load_trailer
from .episodes import ARTICLE_EPISODES, EPISODE_CREDITS, SEASONS, SPOILER_EPISODES
from .extras import load_demo_sections
from .offers import load_offers
from .pictures import placeholder_png
from .rankings import load_rankings
from .reviews import load_review
from .schedule import load_schedule

DEFAULT_ADMIN_PASSWORD = "marquee-admin"
#: One demo sign-in per editorial role: (username, group, first name, last name).
DEMO_STAFF = [
    ("editor", "Editor", "Eda", "Marsh"),
    ("writer", "Writer", "Wes", "Okafor"),
    ("moderator", "Moderator", "Mo", "Lindqvist"),
]
#: Fixed namespace so a demo block has the same uid in every database.
BLOCK_NAMESPACE = uuid.UUID("6f0c1a52-3d5e-4c1b-9f57-6a2f0e9d8b10")


# --- Users ------------------------------------------------------------------


def ensure_demo_user(
    username,
    *,
    password,
    reset_password=False,
    email="",
    first_name="",
    last_name="",
    is_staff=False,
    is_superuser=False,
):
    """A demo sign-in an editor can use at once; returns (user, created, password_works).

    An existing user keeps their password unless `reset_password` asks for the
    demo one, so a changed password survives `make run`.
    """
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff or is_superuser,
            "is_superuser": is_superuser,
        },
    )
    password_works = not created and user.check_password(password)
    if created or (reset_password and not password_works):
        user.set_password(password)
        user.save(update_fields=["password"])
        password_works = True
    return user, created, password_works


# --- Loading ----------------------------------------------------------------


@dataclass
class DemoReport:
    """What `load_demo` did: counts per model of created, updated and found rows."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    images_drawn: int = 0
    admin_username: str = "admin"
    admin_password: str = ""
    admin_password_works: bool = True
    #: (role, username, password, password_works) for each demo staff user.
    staff_logins: list = field(default_factory=list)

    def summary(self):
        def describe(counter):
            return ", ".join(f"{count} {label}" for label, count in sorted(counter.items()))

        total_created = sum(self.created.values())
        total_found = sum(self.found.values())
        parts = [f"created {total_created}"]
        if total_created:
            parts[-1] += f" ({describe(self.created)})"
        if self.updated:
            parts.append(f"updated {sum(self.updated.values())} ({describe(self.updated)})")
        parts.append(f"found {total_found} already there")
        parts.append(f"drew {self.images_drawn} pictures")
        return "Demo content: " + "; ".join(parts) + "."

    def login_line(self):
        url = f"{settings.SITE_URL}/admin/"
        if self.admin_password_works:
            password = self.admin_password
        else:
            password = "(changed since the demo was loaded; set DEMO_ADMIN_PASSWORD to reset it)"
        lines = [f"Admin: {url}  user {self.admin_username}  password {password}"]
        for role, username, staff_password, works in self.staff_logins:
            if not works:
                staff_password = "(changed since; set DEMO_STAFF_PASSWORD to reset it)"
            lines.append(f"{role}: {url}  user {username}  password {staff_password}")
        return "\n".join(lines)


class DemoLoader:
    """Finds or creates each demo object in dependency order, keeping a `DemoReport`."""

    def __init__(self, *, refresh=False):
        self.refresh = refresh
        self.report = DemoReport()
        self.people = {}
        self.productions = {}
        self.sources = {}
        self.quotes = {}
        self.articles = {}

    def sync(self, model, lookup, values=None):
        """Find the row by `lookup`; create it with `values` if missing, or reset it on refresh."""
        values = values or {}
        label = str(model._meta.verbose_name_plural)
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model.objects.create(**lookup, **values)
            self.report.created[label] += 1
            return instance, True
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if self.refresh and changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save()
            self.report.updated[label] += 1
        else:
            self.report.found[label] += 1
        return instance, False

    def library_image(self, picture):
        """The library image of a generated picture (found by its file); a lost file is drawn
        again, and a refresh resets its words."""
        values = {"alt": picture.alt, "credit": DEMO_CREDIT, "caption": picture.caption}
        image, created = self.sync(Image, {"file": picture.path}, values)
        storage = image.file.storage
        drawn = False
        if not storage.exists(picture.path):
            content = placeholder_png(
                picture.text, size=picture.size, caption=picture.caption, seed=picture.path
            )
            saved = storage.save(picture.path, ContentFile(content))
            self.report.images_drawn += 1
            drawn = True
            if saved != picture.path:  # another process wrote the file first: keep its name
                image.file.name = saved
                image.save(update_fields=["file"])
        # The picture is named, not uploaded, so its size and copies are made here.
        if drawn or not renditions.is_current(image.file_renditions, image.file):
            image.refresh_renditions()
        return image

    def picture(self, instance, field_name, picture, *, fill):
        """Point `field_name` at the picture's library image when asked (`fill`)."""
        image = self.library_image(picture)
        if fill and getattr(instance, f"{field_name}_id") != image.pk:
            setattr(instance, field_name, image)
            instance.save(update_fields=[field_name])

    def load(self):
        self.load_users()
        self.load_people()
        self.load_productions()
        self.load_episodes()
        load_schedule(self)
        load_offers(self)
        self.load_credits()
        self.load_sources_and_quotes()
        self.load_articles()
        load_disclosure(self)
        load_bylines(self)
        load_demo_sections(self)
        load_trailer(self)
        load_review(self)
        load_rankings(self)
        return self.report

    def load_users(self):
        explicit = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        password = explicit or DEFAULT_ADMIN_PASSWORD
        self.admin, created, works = ensure_demo_user(
            "admin",
            password=password,
            reset_password=bool(explicit) or self.refresh,
            email="admin@marquee.example",
            first_name="Marquee",
            last_name="Desk",
            is_superuser=True,
        )
        label = str(get_user_model()._meta.verbose_name_plural)
        (self.report.created if created else self.report.found)[label] += 1
        self.report.admin_username = self.admin.get_username()
        self.report.admin_password = password
        self.report.admin_password_works = works
        self.load_staff()

    def load_staff(self):
        """One user per editorial role, in the group the roles migration made."""
        from ..roles import ensure_editorial_roles

        groups = ensure_editorial_roles()
        explicit = os.environ.get("DEMO_STAFF_PASSWORD", "")
        label = str(get_user_model()._meta.verbose_name_plural)
        for username, group_name, first_name, last_name in DEMO_STAFF:
            password = explicit or f"marquee-{username}"
            user, created, works = ensure_demo_user(
                username,
                password=password,
                reset_password=bool(explicit) or self.refresh,
                email=f"{username}@marquee.example",
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
            )
            user.groups.add(groups[group_name])
            (self.report.created if created else self.report.found)[label] += 1
            self.report.staff_logins.append((group_name, username, password, works))

    def load_people(self):
        for data in PEOPLE:
            picture = person_picture(data)
            person, created = self.sync(
                Person,
                {"slug": data["slug"]},
                {"name": data["name"], "bio": data["bio"]},
            )
            self.picture(
                person,
                "photo",
                picture,
                fill=created or self.refresh,
            )
            self.people[data["slug"]] = person

    def load_productions(self):
        for data in PRODUCTIONS:
            values = {key: value for key, value in data.items() if key != "slug"}
            if "based_on" in values:
                values["based_on"] = self.productions[values["based_on"]]
            production, created = self.sync(Production, {"slug": data["slug"]}, values)
            self.picture(
                production,
                "poster",
                poster_picture(data),
                fill=created or self.refresh,
            )
            self.productions[data["slug"]] = production
        for data in AVAILABILITIES:
            self.sync(
                Availability,
                {
                    "production": self.productions[data["production"]],
                    "platform": data["platform"],
                    "country": data["country"],
                    "available_from": data["available_from"],
                },
                {"url": data["url"]},
            )

    def load_episodes(self):
        """Seasons and their episodes, keyed (series slug, season, episode) for what names them."""
        self.episodes = {}
        for data in SEASONS:
            series = self.productions[data["production"]]
            season, _ = self.sync(
                Season,
                {"production": series, "number": data["number"]},
                {"release_date": data["release_date"]},
            )
            for item in data["episodes"]:
                values = {key: value for key, value in item.items() if key != "number"}
                episode, _ = self.sync(
                    Episode, {"season": season, "number": item["number"]}, values
                )
                self.episodes[(data["production"], data["number"], item["number"])] = episode

    def load_credits(self):
        for data in CREDITS:
            credit, created = self.sync(
                Credit,
                {
                    "person": self.people[data["person"]],
                    "production": self.productions[data["production"]],
                    "role": data["role"],
                    "character_name": data.get("character_name", ""),
                },
                {"note": data.get("note", ""), "billing_order": data.get("billing_order", 0)},
            )
            named = EPISODE_CREDITS.get((data["person"], data["production"], data["role"]))
            if named and (created or self.refresh or not credit.episodes.exists()):
                credit.episodes.set([self.episodes[key] for key in named])

    def load_sources_and_quotes(self):
        for data in SOURCES:
            values = {key: value for key, value in data.items() if key != "url"}
            self.sources[data["url"]], _ = self.sync(Source, {"url": data["url"]}, values)
        for key, data in QUOTES.items():
            quote, created = self.sync(
                Quote,
                {"speaker": self.people[data["speaker"]], "text": data["text"]},
                {
                    "source": self.sources[data["source"]],
                    "context": data["context"],
                    "is_paraphrase": data.get("is_paraphrase", False),
                },
            )
            if created or self.refresh:
                quote.productions.set([self.productions[slug] for slug in data["productions"]])
            self.quotes[key] = quote

    def load_articles(self):
        fresh = set()
        for data in ARTICLES:
            values = {
                "title": data["title"],
                "standfirst": data["standfirst"],
                "kind": data["kind"],
                "status": Article.Status.PUBLISHED,
                "publish_at": data["publish_at"],
                "first_published_at": data["publish_at"],
                "is_featured": data["is_featured"],
                "verdict": data.get("verdict", ""),
                "verdict_summary": data.get("verdict_summary", ""),
                "seo_title": data.get("seo_title", ""),
                "seo_description": data.get("seo_description", ""),
                "review_by": data.get("review_by"),
            }
            article, created = self.sync(Article, {"slug": data["slug"]}, values)
            self.picture(
                article,
                "hero_image",
                data["hero"],
                fill=created or self.refresh,
            )
            if created or self.refresh:
                article.authors.set([self.admin])
                article.tags.set(data["tags"])
                article.productions.set([self.productions[slug] for slug in data["productions"]])
                article.people.set([self.people[slug] for slug in data["people"]])
                article.episodes.set(
                    [self.episodes[key] for key in ARTICLE_EPISODES.get(article.slug, [])]
                )
                article.verdict_sources.set(
                    [self.sources[url] for url in data.get("verdict_sources", [])]
                )
                fresh.add(article.slug)
            self.articles[data["slug"]] = article
        # Blocks after every article exists, so "also read" can point either way.
        for slug, blocks in BLOCKS.items():
            if slug in fresh:
                self.load_blocks(self.articles[slug], blocks)
            else:
                label = str(ArticleBlock._meta.verbose_name_plural)
                self.report.found[label] += self.articles[slug].blocks.count()
        # Search finds the new or refreshed pieces by their words, as after an editor's save.
        articles_update_search_vectors(self.articles[slug].pk for slug in sorted(fresh))

    def load_blocks(self, article, blocks):
        """The article's body as the demo writes it; on refresh, blocks an editor added go."""
        uids = []
        for position, (key, kind, fields) in enumerate(blocks, start=1):
            episode = SPOILER_EPISODES.get((article.slug, key))
            if episode:
                fields = {**fields, "spoils_up_to": episode}
            uid = uuid.uuid5(BLOCK_NAMESPACE, f"{article.slug}/{key}")
            uids.append(uid)
            values = {"article": article, "position": position * 10, "kind": kind}
            for name, value in fields.items():
                if name == "picture":
                    values["image"] = self.library_image(value)
                elif name == "quote":
                    values["quote"] = self.quotes[value]
                elif name == "also_read":
                    values["also_read"] = self.articles[value]
                elif name == "source":
                    values["source"] = self.sources[value]
                elif name == "spoils_up_to":
                    values["spoils_up_to"] = self.episodes[value]
                elif name == "text":
                    # Compare with what the field will store, so a refresh sees no change.
                    values["text"] = sanitize_html(value)
                else:
                    values[name] = value
            self.sync(ArticleBlock, {"uid": uid}, values)
        if self.refresh:
            article.blocks.exclude(uid__in=uids).delete()


def load_demo(*, refresh=False):
    """Create the demo newsroom (what `make run` shows); returns a `DemoReport`."""
    with transaction.atomic():
        return DemoLoader(refresh=refresh).load()
