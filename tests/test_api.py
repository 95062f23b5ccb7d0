"""The read API: every answer has the shape its OpenAPI schema promises, and shows only what
a reader page shows (no drafts, no pending comments, no emails or IPs)."""

import datetime
import json

from django.utils import timezone

import jsonschema
import pytest

from api.serialize import BLOCK_FIELDS
from articles.blocks import registry
from articles.models import Article, ArticleBlock
from tests.embeds import stored_embed_block
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    CommentFactory,
    CorrectionFactory,
    HeadingBlockFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
    library_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def assert_matches_schema(openapi, path, body, status="200"):
    """`body` validates against the schema OpenAPI gives for GET `path` answering `status`."""
    operation = openapi["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator(
        {**schema, "components": openapi["components"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    ).validate(body)


@pytest.fixture
def explainer():
    """A published explainer with a block of every kind, a verdict, tags, people, productions."""
    production = ProductionFactory(title="Run Away", slug="run-away")
    person = PersonFactory(name="Harlan Coben", slug="harlan-coben")
    article = ArticleFactory(
        published=True,
        with_hero=True,
        slug="is-run-away-true",
        verdict=Article.Verdict.FICTION,
        verdict_summary="Fiction, inspired by a real family moment.",
        authors=[UserFactory(first_name="Ada", last_name="Writer")],
    )
    article.tags.add("crime")
    article.productions.add(production)
    article.people.add(person)
    article.verdict_sources.add(SourceFactory())
    quote = QuoteFactory(speaker=person, text="It is not a true story.")
    quote.productions.add(production)
    BlockFactory(article=article, text="<p>Opening <strong>words</strong>.</p>")
    HeadingBlockFactory(article=article, heading="What is true")
    QuoteBlockFactory(article=article, quote=quote)
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.IMAGE,
        text="",
        image=library_image(),
        image_alt="A park at dusk",
        caption="Where it was filmed",
    )
    stored_embed_block(
        article,
        title="Run Away | Official Trailer",
        author_name="Netflix",
        html="<blockquote>never sent</blockquote>",
        thumbnail=library_image("trailer.png", alt="Run Away | Official Trailer"),
    )
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.ALSO_READ,
        text="",
        also_read=ArticleFactory(published=True),
    )
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.FACT_FICTION,
        text="",
        claim="The daughter ran away",
        in_reality="Invented for the series",
        fact_verdict="invented",
        source=SourceFactory(),
    )
    BlockFactory(article=article, kind=ArticleBlock.Kind.SPOILER, heading="Ending", text="<p>X</p>")
    BlockFactory(article=article, kind=ArticleBlock.Kind.AD_SLOT, text="")
    CorrectionFactory(article=article)
    AvailabilityFactory(production=production)
    first = CommentFactory(article=article, body="First!")
    CommentFactory(article=article, parent=first, body="A reply.")
    return article


def test_every_endpoint_answers_in_the_shape_of_its_openapi_schema(client, openapi, explainer):
    person, production = explainer.people.get(), explainer.productions.get()
    quote = explainer.blocks.get(kind="quote").quote
    urls = {
        "/api/v1/articles/": "/api/v1/articles/",
        "/api/v1/articles/{slug}/": f"/api/v1/articles/{explainer.slug}/",
        "/api/v1/articles/{slug}/comments/": f"/api/v1/articles/{explainer.slug}/comments/",
        "/api/v1/people/": "/api/v1/people/",
        "/api/v1/people/{slug}/": f"/api/v1/people/{person.slug}/",
        "/api/v1/productions/": "/api/v1/productions/",
        "/api/v1/productions/{slug}/": f"/api/v1/productions/{production.slug}/",
        "/api/v1/quotes/": "/api/v1/quotes/",
        "/api/v1/quotes/{quote_id}/": f"/api/v1/quotes/{quote.pk}/",
        "/api/v1/tags/": "/api/v1/tags/",
    }
    # A new endpoint fails here until it is added above.
    assert set(urls) == set(openapi["paths"])
    for path, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.json()
        assert_matches_schema(openapi, path, body)
        if "items" in body:
            assert body["items"], f"{url} listed nothing: the test would prove nothing"


def test_article_detail_gives_blocks_as_their_kinds_fields(client, explainer):
    body = client.get(f"/api/v1/articles/{explainer.slug}/").json()

    blocks = {block["kind"]: block["fields"] for block in body["blocks"]}
    # Every kind but a ranked list's entries (tests/test_ranked_lists.py has those).
    assert list(blocks) == [kind.name for kind in registry if not kind.ranked]
    assert blocks["rich_text"] == {"text": "<p>Opening <strong>words</strong>.</p>"}
    assert blocks["heading"] == {"heading": "What is true"}
    assert blocks["quote"]["quote"]["text"] == "It is not a true story."
    assert blocks["quote"]["quote"]["speaker"]["name"] == "Harlan Coben"
    assert blocks["quote"]["quote"]["productions"][0]["slug"] == "run-away"
    assert blocks["image"]["image"]["alt"] == "A park at dusk"
    assert blocks["image"]["image"]["url"].startswith("http://testserver/media/")
    assert blocks["image"]["caption"] == "Where it was filmed"
    # An embed is a link with the library's copy of its picture, never the provider's HTML.
    embed = blocks["media_embed"]["embed_url"]
    assert embed["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert embed["title"] == "Run Away | Official Trailer"
    assert embed["provider"] == "YouTube"
    assert embed["thumbnail"]["url"].startswith("http://testserver/media/")
    assert "never sent" not in json.dumps(body)
    assert blocks["also_read"]["also_read"]["url"].startswith("http://testserver/")
    assert blocks["fact_fiction"]["fact_verdict"] == "invented"
    assert blocks["fact_fiction"]["source"]["outlet"] == "Netflix Tudum"
    # A spoiler names the episode it spoils up to (none here) so clients can fold it.
    assert blocks["spoiler"] == {"heading": "Ending", "text": "<p>X</p>", "spoils_up_to": None}
    assert blocks["ad_slot"] == {}
    assert body["verdict_detail"]["label"] == "Fiction"
    assert len(body["verdict_detail"]["sources"]) == 1
    assert body["byline"] == ["Ada Writer"]
    assert body["tags"][0]["slug"] == "crime"
    assert body["corrections"][0]["note"].startswith("An earlier version")


def test_every_field_a_block_kind_declares_has_a_writer():
    declared = {name for kind in registry for name in kind.form_fields}
    assert declared <= set(BLOCK_FIELDS)


def test_an_also_read_block_hides_a_target_that_is_no_longer_public(client, explainer):
    target = explainer.blocks.get(kind="also_read").also_read
    Article.objects.filter(pk=target.pk).update(status=Article.Status.DRAFT)

    body = client.get(f"/api/v1/articles/{explainer.slug}/").json()

    block = next(block for block in body["blocks"] if block["kind"] == "also_read")
    assert block["fields"]["also_read"] is None


def test_productions_show_only_where_to_watch_them_today(client):
    production = ProductionFactory()
    today = timezone.localdate()
    AvailabilityFactory(production=production, platform="Now", available_from=today)
    AvailabilityFactory(
        production=production,
        platform="Ended",
        available_from=today - datetime.timedelta(days=30),
        available_until=today - datetime.timedelta(days=1),
    )
    AvailabilityFactory(
        production=production, platform="Later", available_from=today + datetime.timedelta(days=3)
    )

    body = client.get(f"/api/v1/productions/{production.slug}/").json()

    assert [offer["platform"] for offer in body["availability"]] == ["Now"]


def test_drafts_and_scheduled_articles_never_appear(client, explainer):
    draft = ArticleFactory(title="Secret draft", slug="secret-draft")
    draft.tags.add("embargoed-topic")
    scheduled = ArticleFactory(scheduled=True, slug="not-yet")
    CommentFactory(article=draft, body="On a draft")

    listing = client.get("/api/v1/articles/").json()
    assert draft.pk not in [item["id"] for item in listing["items"]]
    assert scheduled.pk not in [item["id"] for item in listing["items"]]
    for slug in ("secret-draft", "not-yet"):
        assert client.get(f"/api/v1/articles/{slug}/").status_code == 404
        assert client.get(f"/api/v1/articles/{slug}/comments/").status_code == 404
    tags = [item["slug"] for item in client.get("/api/v1/tags/").json()["items"]]
    assert tags == ["crime"]


def test_pending_spam_and_removed_comments_never_appear(client, explainer):
    CommentFactory(article=explainer, pending=True, body="Waiting for a moderator")
    CommentFactory(article=explainer, status="spam", body="Buy now")
    CommentFactory(article=explainer, status="removed", body="Taken down")

    body = client.get(f"/api/v1/articles/{explainer.slug}/comments/").json()

    assert [item["author_name"] for item in body["items"]] != []
    texts = " ".join(item["body_html"] for item in body["items"])
    assert "First!" in texts and "A reply." in texts
    assert "Waiting" not in texts and "Buy now" not in texts and "Taken down" not in texts


def test_comments_carry_their_parent_so_threads_can_be_rebuilt(client, explainer):
    body = client.get(f"/api/v1/articles/{explainer.slug}/comments/").json()

    first, reply = body["items"]
    assert first["parent_id"] is None
    assert reply["parent_id"] == first["id"]


def test_no_email_ip_or_moderation_data_is_ever_shown(client, explainer):
    comment = explainer.comments.first()
    everything = "".join(
        client.get(url).content.decode()
        for url in (
            f"/api/v1/articles/{explainer.slug}/",
            f"/api/v1/articles/{explainer.slug}/comments/",
            "/api/v1/articles/",
            "/api/v1/people/",
        )
    )
    assert comment.guest_email not in everything
    assert comment.ip not in everything
    for field in ("hold_reason", "user_agent", "email", "status", "search_vector", "review_by"):
        assert f'"{field}"' not in everything


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=crime", {"is-run-away-true"}),
        ("production=run-away", {"is-run-away-true"}),
        ("person=harlan-coben", {"is-run-away-true"}),
        ("kind=news", {"breaking"}),
        ("tag=nothing-tagged", set()),
    ],
)
def test_articles_can_be_filtered(client, explainer, query, expected):
    ArticleFactory(published=True, slug="breaking", kind=Article.Kind.NEWS)

    body = client.get(f"/api/v1/articles/?{query}").json()

    assert {item["slug"] for item in body["items"]} == expected


def test_an_unknown_kind_is_a_clear_error(client):
    response = client.get("/api/v1/articles/?kind=gossip")

    assert response.status_code == 422
    assert "kind" in json.dumps(response.json())


def test_quotes_can_be_filtered_by_speaker(client, explainer):
    QuoteFactory(text="Someone else said this.")

    body = client.get("/api/v1/quotes/?speaker=harlan-coben").json()

    assert [item["text"] for item in body["items"]] == ["It is not a true story."]


def test_an_old_slug_is_sent_to_the_articles_address_now(client, explainer):
    from articles.models import SlugRedirect

    SlugRedirect.objects.create(old_slug="old-address", article=explainer)

    detail = client.get("/api/v1/articles/old-address/")
    comments = client.get("/api/v1/articles/old-address/comments/?limit=5")

    assert detail.status_code == 301
    assert detail["Location"] == f"/api/v1/articles/{explainer.slug}/"
    assert comments.status_code == 301
    assert comments["Location"] == f"/api/v1/articles/{explainer.slug}/comments/?limit=5"


def test_a_person_comes_with_their_credits(client):
    from tests.factories import CreditFactory

    credit = CreditFactory(character_name="Simon Greene", production__title="Run Away")

    body = client.get(f"/api/v1/people/{credit.person.slug}/").json()

    assert body["credits"] == [
        {
            "production": {
                "id": credit.production.pk,
                "name": "Run Away",
                "slug": credit.production.slug,
                "url": f"http://testserver{credit.production.get_absolute_url()}",
            },
            "role": "actor",
            "role_label": "Actor",
            "character_name": "Simon Greene",
            "note": "",
        }
    ]
