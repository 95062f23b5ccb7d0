"""schema.org JSON-LD for who publishes and who writes: the publisher the home page declares
(NewsMediaOrganization with its policy pages, and the WebSite with its search box), the
reference every article and claim points at, and the contributors (a byline's Person, an
author page's ProfilePage). `structured_data` builds the pages' own data from these.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from core.http import absolute_url

#: schema.org's property for each standing-page role the publisher declares (the home page's
#: NewsMediaOrganization); a role with no published page is left out.
POLICY_PROPERTIES = {
    "standards": ("publishingPrinciples", "ethicsPolicy"),
    "corrections_policy": ("correctionsPolicy",),
    "fact_checking": ("verificationFactCheckingPolicy",),
    "masthead": ("masthead",),
    "contact": ("actionableFeedbackPolicy",),
}


def organization_id():
    """The publisher's one `@id`, declared on the home page and pointed at from articles."""
    return f"{settings.SITE_URL}/#organization"


def publisher():
    """The publication, by reference to the home page's NewsMediaOrganization, with the name
    and logo Google reads on the article itself (its article checks ask for both)."""
    return {
        "@type": "NewsMediaOrganization",
        "@id": organization_id(),
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/logo.svg"))},
    }


def organization_jsonld(policies):
    """The publisher in full: name, address, logo and each published policy page
    (`policies`: {role: path})."""
    data = {"@context": "https://schema.org", **publisher()}
    for role in policies:
        for name in POLICY_PROPERTIES.get(role, ()):
            data[name] = absolute_url(policies[role])
    return data


def website_jsonld():
    """The site with its search box (SearchAction), published by the organisation."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{settings.SITE_URL}/#website",
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
        "publisher": {"@id": organization_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(reverse("articles:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def home_jsonld(policies):
    """What the home page declares: the publisher and the site."""
    return [organization_jsonld(policies), website_jsonld()]


def author_reference(contributor):
    """A name on the byline as a schema.org Person: the name alone (no job title in it, as
    Google asks) and the author page that says who they are."""
    return {
        "@type": "Person",
        "name": contributor.name,
        "url": absolute_url(contributor.get_absolute_url()),
    }


def profile_page_jsonld(contributor, links=()):
    """An author page: a ProfilePage whose main entity is the contributor as a Person, with
    what they do (jobTitle), know (knowsAbout, from the beat) and where else they are (sameAs)."""
    url = absolute_url(contributor.get_absolute_url())
    person = {**author_reference(contributor), "@id": f"{url}#person"}
    if contributor.photo_id:
        person["image"] = absolute_url(contributor.photo.full_url())
    if contributor.bio:
        person["description"] = " ".join(contributor.bio.split())
    if contributor.job_title:
        person["jobTitle"] = contributor.job_title
    if contributor.knows_about:
        person["knowsAbout"] = contributor.knows_about
    same_as = [link.url for link in links]
    if same_as:
        person["sameAs"] = same_as
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "name": contributor.name,
        "dateCreated": contributor.created_at.isoformat(),
        "dateModified": contributor.modified_at.isoformat(),
        "mainEntity": person,
    }
