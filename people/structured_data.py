"""schema.org JSON-LD for people and quotes, built as plain dicts (serialised by the template)."""

from productions.structured_data import absolute_url, production_reference


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
        data["image"] = absolute_url(person.photo.url)
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
