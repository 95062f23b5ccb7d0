"""schema.org JSON-LD for the public pages: articles, productions, people and quotes (the
publisher and the contributors are `site_jsonld`'s).

Built as plain dicts in Python and serialised by the `jsonld` filter, never
written as JSON in a template. An article never carries an AggregateRating: the
reader rating rates the explainer itself, and search engines reject
self-serving ratings on articles. Readers' stars for a production itself become its
`aggregateRating` (`reader.reviews`), as does a review's `Review`.
"""

from django.conf import settings

from core.http import absolute_url

from .site_jsonld import author_reference, publisher

# --------------------------------------------------------------------------- productions


def production_reference(production):
    """A short mention of a production, for `about` or `isBasedOn` elsewhere."""
    return {
        "@type": production.schema_type,
        "name": production.title,
        "url": absolute_url(production.get_absolute_url()),
    }


def season_reference(season, series):
    """A TVSeason inside its series."""
    return {
        "@type": "TVSeason",
        "name": season.display_title,
        "seasonNumber": season.number,
        "partOfSeries": production_reference(series),
    }


def episode_reference(episode):
    """A short mention of an episode, for `about` or a season's episode list."""
    return {
        "@type": "TVEpisode",
        "name": episode.title,
        "episodeNumber": episode.number,
        "url": absolute_url(episode.get_absolute_url()),
        "partOfSeason": season_reference(episode.season, episode.season.production),
        "partOfSeries": production_reference(episode.season.production),
    }


def episode_mention(episode, *, in_series=False):
    """An episode an article is about: enough to point at it (its own page says the rest).
    Inside its series' own mention (`in_series`) it need not name the series again."""
    data = {"@type": "TVEpisode", "episodeNumber": episode.number}
    if episode.has_own_title:
        data["name"] = episode.title
    data["url"] = absolute_url(episode.get_absolute_url())
    if not in_series:
        data["partOfSeries"] = {"@id": absolute_url(episode.season.production.get_absolute_url())}
    return data


def article_about(article):
    """What an article is about: its productions (a series with the episodes it covers inside
    it), then episodes of series it does not name, then its people."""
    episodes = {}
    for episode in article.episodes.all():
        episodes.setdefault(episode.season.production_id, []).append(episode)
    about = []
    for production in article.productions.all():
        data = production_reference(production)
        covered = episodes.pop(production.pk, [])
        if covered:
            data["episode"] = [episode_mention(episode, in_series=True) for episode in covered]
        about.append(data)
    about += [episode_mention(episode) for covered in episodes.values() for episode in covered]
    return about + [person_reference(person) for person in article.people.all()]


def episode_jsonld(episode, credits=()):
    """TVEpisode with its number, season, series, date and the people credited on it."""
    data = {
        "@context": "https://schema.org",
        **episode_reference(episode),
        "@id": absolute_url(episode.get_absolute_url()),
    }
    if episode.air_date:
        data["datePublished"] = episode.air_date.isoformat()
    if episode.runtime_minutes:
        data["timeRequired"] = f"PT{episode.runtime_minutes}M"
    if episode.quotable_synopsis:
        data["description"] = episode.quotable_synopsis
    if episode.adapts_id:
        data["isBasedOn"] = production_reference(episode.adapts)
    roles = {"actor": "actor", "director": "director", "writer": "author", "creator": "creator"}
    for credit in credits:
        key = roles.get(credit.role)
        if key is not None:
            data.setdefault(key, []).append(person_reference(credit.person))
    return data


def production_jsonld(production, credits=(), seasons=()):
    """TVSeries, Movie or Book (by kind) with its people, so search engines can link them."""
    data = {
        "@context": "https://schema.org",
        "@type": production.schema_type,
        "@id": absolute_url(production.get_absolute_url()),
        "name": production.title,
        "url": absolute_url(production.get_absolute_url()),
    }
    if production.synopsis:
        data["description"] = production.synopsis
    if production.poster:
        data["image"] = absolute_url(production.poster.full_url())
    if production.release_date:
        key = "startDate" if production.schema_type == "TVSeries" else "datePublished"
        data[key] = production.release_date.isoformat()
    elif production.year:
        data["datePublished"] = str(production.year)
    if production.episode_count and production.schema_type == "TVSeries":
        data["numberOfEpisodes"] = production.episode_count
    if production.platform:
        key = "publisher" if production.schema_type == "Book" else "productionCompany"
        data[key] = {"@type": "Organization", "name": production.platform}
    if production.based_on_id:
        data["isBasedOn"] = production_reference(production.based_on)
    if seasons and production.schema_type == "TVSeries":
        data["numberOfSeasons"] = len(seasons)
        data["containsSeason"] = [
            {
                "@type": "TVSeason",
                "name": season.display_title,
                "seasonNumber": season.number,
                "numberOfEpisodes": len(season.episodes.all()),
                "episode": [
                    {
                        "@type": "TVEpisode",
                        "name": episode.title,
                        "episodeNumber": episode.number,
                        "url": absolute_url(episode.get_absolute_url()),
                    }
                    for episode in season.episodes.all()
                ],
            }
            for season in seasons
        ]
    roles = {"actor": "actor", "director": "director", "author": "author", "creator": "creator"}
    for credit in credits:
        key = roles.get(credit.role)
        if key is None:
            continue
        person = {
            "@type": "Person",
            "name": credit.person.name,
            "url": absolute_url(credit.person.get_absolute_url()),
        }
        if key == "actor" and credit.character_name and production.schema_type != "Book":
            data.setdefault("character", []).append(
                {"@type": "Person", "name": credit.character_name}
            )
        data.setdefault(key, []).append(person)
    return data


# --------------------------------------------------------------------------- people and quotes


def person_reference(person):
    """A short mention of a person, for `about`, `author` or `creator` elsewhere."""
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }


def person_jsonld(person, links=()):
    """A Person with bio, photo and official profiles (sameAs)."""
    data = {
        "@context": "https://schema.org",
        **person_reference(person),
        "@id": absolute_url(person.get_absolute_url()),
    }
    if person.bio:
        data["description"] = person.bio
    if person.photo:
        data["image"] = absolute_url(person.photo.full_url())
    same_as = [link.url for link in links]
    if same_as:
        data["sameAs"] = same_as
    return data


def source_citation(source):
    """A Source as the CreativeWork a quote or a fact is cited from."""
    citation = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        citation["url"] = source.url
    if source.outlet:
        citation["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.published_on:
        citation["datePublished"] = source.published_on.isoformat()
    return citation


def quote_jsonld(quote, productions=()):
    """A Quotation: the words, who said them, where they were published, what they are about."""
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "@id": absolute_url(quote.get_absolute_url()),
        "url": absolute_url(quote.get_absolute_url()),
        "text": quote.text,
    }
    if quote.speaker_id:
        data["creator"] = person_reference(quote.speaker)
    if quote.source_id:
        data["citation"] = source_citation(quote.source)
    about = [production_reference(production) for production in productions]
    if about:
        data["about"] = about
    return data


# --------------------------------------------------------------------------- articles


def sponsor_jsonld(article):
    """Who paid for a sponsored explainer, as the schema.org Organization it names."""
    sponsor = {"@type": "Organization", "name": article.sponsor_name}
    if article.sponsor_url:
        sponsor["url"] = article.sponsor_url
    if article.sponsor_logo and article.sponsor_logo.file:
        sponsor["logo"] = {
            "@type": "ImageObject",
            "url": absolute_url(article.sponsor_logo.file.url),
        }
    return sponsor


def article_jsonld(article):
    """NewsArticle with its byline, dates, image, publisher and what it is about."""
    url = absolute_url(article.get_absolute_url())
    # In byline order; only an article without a byline is the publication's own.
    authors = [author_reference(contributor) for contributor in article.byline]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "headline": article.title[:110],
        "description": article.seo_description or article.standfirst,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": (article.published_date or article.created_at).isoformat(),
        "dateModified": (article.last_modified or article.modified_at).isoformat(),
        "author": authors or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(),
        "articleSection": article.get_kind_display(),
        "about": article_about(article),
    }
    if article.hero_image:
        # Discover and Top Stories pick a shape (16:9, 4:3, 1:1) from the list; a hero too
        # small for all of them still gives its link-preview crop.
        urls = article.hero_image.search_urls() or [article.hero_image.share_url()]
        data["image"] = [absolute_url(url) for url in urls]
    if article.is_sponsored:
        data["sponsor"] = sponsor_jsonld(article)
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data


def claim_subject(article, productions):
    """The production a verdict is about: one the headline names (the series or film before
    the book it adapts), else the first one the article covers."""
    title = article.title.casefold()
    named = [production for production in productions if production.title.casefold() in title]
    named.sort(key=lambda production: production.schema_type == "Book")
    return (named or productions)[0]


def claim_review_jsonld(article):
    """ClaimReview for a true-story verdict: the claim, our rating of it and the sources."""
    if not article.verdict:
        return None
    url = absolute_url(article.get_absolute_url())
    productions = list(article.productions.all())
    claim = (
        f"{claim_subject(article, productions).title} is based on a true story"
        if productions
        else article.title
    )
    item = {"@type": "Claim", "name": claim}
    sources = [source_citation(source) for source in article.verdict_sources.all()]
    if sources:
        item["appearance"] = sources
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{url}#verdict",
        "url": f"{url}#verdict",
        "claimReviewed": claim,
        "itemReviewed": item,
        "datePublished": (article.published_date or article.created_at).isoformat(),
        "author": publisher(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": article.verdict_score,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": article.verdict_summary or article.get_verdict_display(),
        },
    }


def item_list_jsonld(article):
    """A ranked list's ItemList (Google's "summary page" carousel): one ListItem per entry,
    its `position` the number readers see beside it, its `url` the production's page (its
    `name` too, which the summary-page pattern allows and other checkers ask for)."""
    entries = sorted(article.ranked_entries(), key=lambda block: block.rank)
    if not entries:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": article.title,
        "numberOfItems": len(entries),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": block.rank,
                "name": block.production.title,
                "url": absolute_url(block.production.get_absolute_url()),
            }
            for block in entries
        ],
    }


def article_page_jsonld(article):
    """Everything the article page declares, as one list of JSON-LD objects.

    Block kinds may add their own (articles.blocks `jsonld` hook): an embedded video adds
    its `VideoObject`. A ranked list adds its ItemList.
    """
    blocks = [block.spec.jsonld(block) for block in article.blocks.all()]
    found = [article_jsonld(article), claim_review_jsonld(article), item_list_jsonld(article)]
    found += blocks
    return [data for data in found if data]
