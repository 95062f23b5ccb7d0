"""What each public page shows, as page-cache tags: a change to any of them re-renders the page.

Read from objects the views have already loaded (ids only), so naming the tags costs no query.
"""

from core.pagecache import LISTING, tag


def image_tags(image_id):
    """A library image's alt text, credit, caption and crop show wherever it is used."""
    return [tag("image", image_id)] if image_id else []


def quote_tags(quote):
    """A quote card shows its words, its speaker and its source."""
    tags = [tag("quote", quote.pk)]
    if quote.speaker_id:
        tags.append(tag("person", quote.speaker_id))
    if quote.source_id:
        tags.append(tag("source", quote.source_id))
    return tags


def article_page(article):
    """The explainer, the people, productions, tags, quotes and sources in it, related lists."""
    tags = [*article.page_cache_tags(), LISTING]
    tags += [tag("person", person.pk) for person in article.people.all()]
    tags += [tag("production", production.pk) for production in article.productions.all()]
    tags += [tag("episode", episode.pk) for episode in article.episodes.all()]
    tags += [tag("tag", item.pk) for item in article.tags.all()]
    tags += [tag("source", source.pk) for source in article.verdict_sources.all()]
    tags += image_tags(article.hero_image_id)
    for block in article.blocks.all():
        tags += image_tags(block.image_id)
        if block.quote_id:
            tags += quote_tags(block.quote)
        if block.source_id:
            tags.append(tag("source", block.source_id))
        if block.spoils_up_to_id:
            tags.append(tag("episode", block.spoils_up_to_id))
    return tags


def person_page(person, context):
    """The person and their photo, the productions they are credited on, their quotes,
    explainers about them."""
    tags = [tag("person", person.pk), *image_tags(person.photo_id), LISTING]
    tags += [tag("production", group["production"].pk) for group in context["credit_groups"]]
    for quote in context["quotes"]:
        tags += quote_tags(quote)
    return tags


def production_page(production, context):
    """The production and its poster, its source and adaptations, cast and crew, quotes,
    explainers about it."""
    tags = [*production.page_cache_tags(), *image_tags(production.poster_id), LISTING]
    tags += [tag("production", item.pk) for item in context["adaptations"]]
    tags += [tag("person", credit.person_id) for credit in [*context["cast"], *context["crew"]]]
    for quote in context["quotes_page"]:
        tags += quote_tags(quote)
    return tags


def episode_page(episode, context):
    """The episode, its season and series, its credited people, quotes, explainers about it."""
    tags = [*episode.page_cache_tags(), tag("season", episode.season_id), LISTING]
    if episode.adapts_id:
        tags.append(tag("production", episode.adapts_id))
    tags += [tag("person", credit.person_id) for credit in context["credits"]]
    for neighbour in (context["previous_episode"], context["next_episode"]):
        if neighbour is not None:
            tags.append(tag("episode", neighbour.pk))
    for quote in context["quotes_page"]:
        tags += quote_tags(quote)
    return tags


def quote_page(quote):
    """The quote, its speaker, source and productions, the explainers using it."""
    tags = [*quote_tags(quote), LISTING]
    tags += [tag("production", production.pk) for production in quote.productions.all()]
    return tags
