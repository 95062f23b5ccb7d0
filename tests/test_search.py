"""Search over public explainers, people, productions, quotes: one view, SQLite or PostgreSQL."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import ArticleFactory, PersonFactory, ProductionFactory, QuoteFactory


@pytest.fixture
def content(db):
    ArticleFactory(published=True, title="Is Run Away a true story?")
    ArticleFactory(title="Run Away draft notes")
    ArticleFactory(scheduled=True, title="Run Away finale tomorrow")
    PersonFactory(name="Harlan Coben", bio="Author of Run Away.")
    ProductionFactory(title="Run Away", synopsis="A father searches for his daughter.")
    QuoteFactory(text="Run away before the cult finds you.")
    ProductionFactory(title="Fool Me Once")


def test_search_finds_public_articles_people_productions_and_quotes(client, content):
    response = client.get("/search/", {"q": "run away"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Is Run Away a true story?" in html
    assert "Run Away draft notes" not in html
    assert "Run Away finale tomorrow" not in html
    assert "Harlan Coben" in html
    assert 'href="/productions/' in html
    assert "Run away before the cult finds you." in html
    assert "Fool Me Once" not in html


def test_search_can_be_narrowed_to_one_kind(client, content):
    response = client.get("/search/", {"q": "run away", "type": "people"})

    sections = response.context["sections"]
    assert [section["key"] for section in sections] == ["people"]
    assert [person.name for person in sections[0]["items"]] == ["Harlan Coben"]


def test_empty_query_asks_for_words(client, db):
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Type a word or two to search" in response.content.decode()


def test_too_long_query_is_refused_with_a_message(client, db):
    response = client.get("/search/", {"q": "word " * 100})

    assert response.status_code == 200
    assert "That search is too long" in response.content.decode()
    assert "sections" not in response.context


def test_no_match_says_so(client, content):
    html = client.get("/search/", {"q": "zebra"}).content.decode()

    assert "Nothing matches “zebra”" in html


def test_article_results_are_paginated_and_keep_the_query(client, db):
    for n in range(12):
        ArticleFactory(published=True, title=f"Ending explained {n}")

    first = client.get("/search/", {"q": "ending"})
    second = client.get("/search/", {"q": "ending", "page": 2})

    assert len(first.context["sections"][0]["items"]) == 10
    assert len(second.context["sections"][0]["items"]) == 2
    assert 'href="?q=ending&amp;page=2"' in first.content.decode()


def test_search_pages_ask_not_to_be_indexed(client, db):
    assert (
        '<meta name="robots" content="noindex, follow">'
        in client.get("/search/?q=x").content.decode()
    )


@pytest.mark.postgres
def test_postgres_ranks_title_matches_above_body_matches(client, db):
    ArticleFactory(
        published=True,
        title="What happens at the end of the series",
        standfirst="Everything about the Coben finale and its twists.",
    )
    ArticleFactory(published=True, title="Coben explained", standfirst="The author and his method.")

    response = client.get("/search/", {"q": "Coben"})

    titles = [article.title for article in response.context["sections"][0]["items"]]
    assert titles == ["Coben explained", "What happens at the end of the series"]


@pytest.mark.postgres
def test_postgres_search_understands_word_forms(client, db):
    ArticleFactory(published=True, title="The killings explained")

    response = client.get("/search/", {"q": "killing"})

    assert [a.title for a in response.context["sections"][0]["items"]] == ["The killings explained"]


def test_fallback_needs_every_word(client, content):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the fallback only runs on SQLite")
    response = client.get("/search/", {"q": "run daughter", "type": "productions"})

    assert [p.title for p in response.context["sections"][0]["items"]] == ["Run Away"]


def test_search_finds_words_in_the_body_once_per_article(client, db):
    from tests.factories import BlockFactory, HeadingBlockFactory

    article = ArticleFactory(published=True, title="Is it real?")
    BlockFactory(article=article, text="<p>The Strawberry Fields scene.</p>")
    BlockFactory(article=article, text="<p>More about Strawberry Fields.</p>")
    HeadingBlockFactory(article=article, heading="A park in New York")
    draft = ArticleFactory(title="Draft")
    BlockFactory(article=draft, text="<p>Strawberry Fields again.</p>")

    by_text = client.get("/search/", {"q": "strawberry fields", "type": "articles"})
    by_heading = client.get("/search/", {"q": "park york", "type": "articles"})

    assert [a.title for a in by_text.context["sections"][0]["items"]] == ["Is it real?"]
    assert [a.title for a in by_heading.context["sections"][0]["items"]] == ["Is it real?"]


def test_a_nul_character_in_the_query_is_a_400_rather_than_a_failure(client, content):
    # PostgreSQL refuses NUL in any text parameter: the query must never reach it.
    response = client.get("/search/", {"q": "run a\x00way"})

    assert response.status_code == 400
    assert "That address cannot be read" in response.content.decode()


@pytest.mark.postgres
def test_a_word_most_explainers_use_is_ranked_among_its_newest_matches(client, db, monkeypatch):
    monkeypatch.setattr("reader.search.ARTICLE_CANDIDATES", 3)
    monkeypatch.setattr("reader.views.site.ARTICLE_CANDIDATES", 3)
    now = timezone.now()
    for days in range(5):
        ArticleFactory(
            published=True,
            title=f"Finale notes {days}",
            publish_at=now - datetime.timedelta(days=days + 1),
        )

    response = client.get("/search/", {"q": "finale"})

    section = response.context["sections"][0]
    assert [article.title for article in section["items"]] == [
        "Finale notes 0",
        "Finale notes 1",
        "Finale notes 2",
    ]
    assert 'Explainers <span class="muted">(3+)</span>' in response.content.decode()


@pytest.mark.postgres
def test_quotes_are_found_by_their_words_or_their_speakers_name(client, db):
    speaker = PersonFactory(name="Harlan Coben")
    QuoteFactory(text="I take all my fears and channel them.", speaker=speaker)
    QuoteFactory(text="The park scene was real.", speaker=PersonFactory(name="Minnie Driver"))
    QuoteFactory(text="Nothing to see here.", context="On a lake", speaker=None)

    def found(query):
        response = client.get("/search/", {"q": query, "type": "quotes"})
        return sorted(quote.text for quote in response.context["sections"][0]["items"])

    assert found("fears") == ["I take all my fears and channel them."]
    assert found("Coben") == ["I take all my fears and channel them."]
    assert found("lake") == ["Nothing to see here."]


@pytest.mark.postgres
def test_people_and_productions_are_found_by_any_of_their_searched_words(client, db):
    PersonFactory(name="Harlan Coben", bio="Writes thrillers set in New Jersey.")
    PersonFactory(name="Minnie Driver", bio="Plays a detective.")
    ProductionFactory(title="Run Away", platform="Netflix", synopsis="A father searches.")
    ProductionFactory(title="Fool Me Once", platform="Prime", synopsis="A widow sees her husband.")

    def found(query, kind):
        response = client.get("/search/", {"q": query, "type": kind})
        return [
            getattr(item, "name", None) or item.title
            for item in response.context["sections"][0]["items"]
        ]

    assert found("coben", "people") == ["Harlan Coben"]
    assert found("jersey thrillers", "people") == ["Harlan Coben"]
    assert found("netflix", "productions") == ["Run Away"]
    assert found("widow", "productions") == ["Fool Me Once"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "fields", "index"),
    [
        ("people.Person", ["name", "bio"], "person_words_gin"),
        ("productions.Production", ["title", "platform", "synopsis"], "production_words_gin"),
    ],
)
def test_people_and_productions_are_matched_through_their_word_index(db, model, fields, index):
    from django.apps import apps
    from django.db import connection

    from reader.search import _matching

    # The rows that hold the words, as search finds them: with every other way of reading
    # the table made dear, the plan shows whether the word index serves that expression.
    queryset = _matching(apps.get_model(model), fields, "true story")
    with connection.cursor() as cursor:
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan
