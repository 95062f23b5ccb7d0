"""A quote's permalink: the words, the speaker, the source, the context, where it is used."""

from tests.factories import ArticleFactory, ProductionFactory, QuoteBlockFactory, QuoteFactory


def test_quote_page_shows_words_speaker_source_context_and_subjects(client, db):
    quote = QuoteFactory(text="I pass that on to you.", context="On his readers.")
    production = ProductionFactory(title="Run Away")
    quote.productions.add(production)

    html = client.get(quote.get_absolute_url()).content.decode()

    assert "<p>I pass that on to you.</p>" in html
    assert f'<a href="{quote.speaker.get_absolute_url()}">{quote.speaker.name}</a>' in html
    assert quote.source.title in html
    assert f'href="{quote.source.url}"' in html
    assert "On his readers." in html
    assert f'href="{production.get_absolute_url()}"' in html
    assert f"{quote.get_absolute_url()}</a>" in html  # the citable permalink, spelled out


def test_quote_page_lists_only_published_articles_using_it(client, db):
    quote = QuoteFactory()
    QuoteBlockFactory(quote=quote, article=ArticleFactory(published=True, title="Uses it"))
    QuoteBlockFactory(quote=quote, article=ArticleFactory(title="Draft uses it"))

    html = client.get(quote.get_absolute_url()).content.decode()

    assert "Uses it" in html
    assert "Draft uses it" not in html


def test_paraphrase_page_says_it_is_a_paraphrase(client, db):
    quote = QuoteFactory(is_paraphrase=True)

    html = client.get(quote.get_absolute_url()).content.decode()

    assert '<p class="kicker">Paraphrase</p>' in html
    assert "quote--paraphrase" in html


def test_unknown_quote_is_404(client, db):
    assert client.get("/quotes/999999/").status_code == 404
