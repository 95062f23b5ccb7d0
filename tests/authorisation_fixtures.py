"""The people and rows the authorisation matrix requests every URL as (tests only)."""

from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.bylines import contributor_for
from articles.models import CatalogueRequest, SiteDisclosure, SlugRedirect
from articles.preview import preview_token
from core.models import AddressView
from discussion.models import ProductionRating
from discussion.services import subscriptions as subscription_services
from members import services as follow_services
from pages.preview import page_preview_url
from tests.discussion_forms import comment_data, post_url
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BanFactory,
    CommentFactory,
    ContributorFactory,
    CreditFactory,
    EpisodeFactory,
    ImageFactory,
    ModerationFlagFactory,
    PersonFactory,
    ProductionFactory,
    QuoteFactory,
    RatingFactory,
    SourceFactory,
    StandingPageFactory,
    SubscriptionFactory,
    UserFactory,
    VoteFactory,
)

ROLES = (
    "anonymous",
    "guest",
    "reader",
    "other_reader",
    "writer",
    "editor",
    "moderator",
    "superuser",
)
#: An id no row has: admin pages of models without a fixture row are asked for it.
MISSING = "999999"


def url_names(patterns=None, namespace=None):
    """Every named URL pattern, namespaced ("admin:index", "articles:detail")."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def admin_models():
    """{"app_label.model_name": model} for every model registered in the admin."""
    return {f"{m._meta.app_label}.{m._meta.model_name}": m for m in admin.site._registry}


def build_world(editorial_roles, settings):
    """Fixture rows and one logged-in (or cookie-carrying) client per role."""
    settings.DISCUSSION_MIN_FILL_SECONDS = 0
    settings.PAGE_CACHE_TIMEOUT = 0
    users = {
        "reader": UserFactory(username="reader"),
        "other_reader": UserFactory(username="other-reader"),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    for role in ("Writer", "Editor", "Moderator"):
        user = UserFactory(username=role.lower(), is_staff=True)
        user.groups.add(editorial_roles[role])
        users[role.lower()] = user
    # Transactional tests flush the discussion migration's grants; put them back (conftest too),
    # with the outbox's (the mail log the discussion's mail goes through) and readers' addresses.
    users["moderator"].groups.get().permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["discussion", "outbox"]),
        *Permission.objects.filter(content_type__app_label="core", codename="view_reader_email"),
    )
    other_writer = UserFactory(username="other-writer", is_staff=True)
    other_writer.groups.add(editorial_roles["Writer"])

    production = ProductionFactory(slug="run-away")
    episode = EpisodeFactory(season__production=production, number=1)
    person = PersonFactory(slug="harlan-coben")
    quote = QuoteFactory(speaker=person)
    # A guest on the published piece's byline: their author page and feeds are public.
    guest = ContributorFactory(slug="guest-writer")
    published = ArticleFactory(published=True, slug="published-piece", byline=[guest])
    published.tags.add("thrillers")
    published.productions.add(production)
    draft = ArticleFactory(slug="secret-draft", title="A draft")
    draft.authors.add(other_writer)
    # Another writer's profile: a writer keeps only their own.
    others_profile = contributor_for(other_writer)
    draft.bylines.create(contributor=others_profile)
    # Named by the draft alone: no follow link (nor any page) for anyone until it is published.
    draft.tags.add("embargoed")
    draft.people.add(PersonFactory(slug="embargoed-person"))
    draft.productions.add(ProductionFactory(slug="embargoed-show"))
    # A draft standing page: editors keep pages; its preview link opens it for whoever holds it.
    draft_page = StandingPageFactory(slug="about-us", title="About us", status="draft")
    others_comment = CommentFactory(article=published, user=users["other_reader"], guest_name="")
    subscription = SubscriptionFactory(article=published, confirmed_at=None)
    follow = follow_services.follow_request(target=production, email="fan@example.com")
    rows = {
        "auth.group": Group.objects.get(name="Writer"),
        "auth.user": users["other_reader"],
        "images.image": ImageFactory(),
        "productions.production": production,
        "productions.availability": AvailabilityFactory(production=production),
        "productions.season": episode.season,
        "productions.episode": episode,
        "people.person": person,
        "people.credit": CreditFactory(person=person, production=production),
        "people.source": SourceFactory(),
        "people.quote": quote,
        "articles.article": draft,
        "articles.contributor": others_profile,
        "articles.slugredirect": SlugRedirect.objects.create(
            article=published, old_slug="old-published-piece"
        ),
        # Another writer's request: a writer follows only their own.
        "articles.cataloguerequest": CatalogueRequest.objects.create(
            title="Missing You", subject_key="missing you", requested_by=other_writer, article=draft
        ),
        "taggit.tag": published.tags.get(),
        "pages.standingpage": draft_page,
        # The one record, with a seller: /ads.txt is served.
        "articles.sitedisclosure": SiteDisclosure.objects.create(
            ads_txt="google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0"
        ),
        "discussion.comment": others_comment,
        "discussion.rating": RatingFactory(article=published),
        "discussion.productionrating": ProductionRating.objects.create(
            production=production, voter_key="g:matrix", value=4
        ),
        "discussion.commentvote": VoteFactory(comment=others_comment),
        "discussion.ban": BanFactory(),
        "discussion.moderationflag": ModerationFlagFactory(),
        "discussion.subscription": subscription,
        "members.follow": follow,
        "members.readerprofile": follow_services.profile_for(users["other_reader"]),
        "core.addressview": AddressView.objects.create(
            viewer=users["superuser"],
            viewer_name="root",
            reader=users["other_reader"],
            whose="other-reader",
            page="User page",
        ),
    }
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if role in users:
            clients[role].force_login(users[role])
    clients["guest"].post(post_url(published), comment_data(body="A guest's first words"))
    return {
        "rows": rows,
        "clients": clients,
        "published": published,
        "draft": draft,
        "person": person,
        "contributor": guest,
        "production": production,
        "quote": quote,
        "comment": others_comment,
        "confirm_token": subscription_services.confirm_token(subscription),
        "unsubscribe_token": subscription_services.unsubscribe_token(subscription),
        "preview_token": preview_token(draft),
        "page_preview_url": page_preview_url(draft_page),
        "follow": follow,
        "follow_confirm_token": follow_services.follow_confirm_token(follow),
        "follow_unsubscribe_token": follow_services.follow_unsubscribe_token(follow),
        "follows_token": follow_services.follows_unsubscribe_token([follow]),
    }


def admin_url(name, world):
    """A concrete admin URL for `name`, or None when the name is not a model's page."""
    for label, _model in admin_models().items():
        prefix = "admin:" + label.replace(".", "_") + "_"
        if not name.startswith(prefix):
            continue
        row = world["rows"].get(label)
        object_id = str(row.pk) if row is not None else MISSING
        view = name.removeprefix(prefix)
        if view in (
            "changelist",
            "add",
            "freshness",
            "schedule",
            "recoverlist",
            "merge_tags",
            "merges",
            "autosave",
            "autosave_discard",
            "tag_suggest",
            "editing_now",
            "mail_settings",
        ):
            return reverse(name)
        if view in (
            "change",
            "delete",
            "history",
            "compare",
            "duplicate",
            "presence",
            "moderate",
            "notes",
            "answer",
        ):
            return reverse(name, args=[object_id])
        if view == "password_change":
            return reverse(name, args=[object_id])
        if view in ("recover", "merge_undo"):
            return reverse(name, args=[MISSING])
        if view in ("revision", "note_resolve", "note_delete"):
            return reverse(name, args=[object_id, MISSING])
    return None
