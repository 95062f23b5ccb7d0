"""The publisher on the home page (NewsMediaOrganization with its policies, WebSite with its
search) and articles pointing at it by `@id`; standing pages in the sitemap."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings

import pytest

from pages.models import StandingPage
from tests.factories import CorrectionFactory, StandingPageFactory
from tests.reader_data import make_article
from tests.test_structured_data import by_type, jsonld

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache_off]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ROLES = StandingPage.Role


@pytest.fixture
def policies():
    """Every role published, but the fact-checking policy, which is a draft."""
    pages = {}
    for role in ROLES:
        status = "draft" if role == ROLES.FACT_CHECKING else "published"
        pages[role] = StandingPageFactory(
            role=role, slug=role.replace("_", "-") + "-page", status=status
        )
    return pages


def test_the_home_page_declares_the_organisation_with_its_published_policies(client, policies):
    organisation = by_type(jsonld(client, "/")[0], "NewsMediaOrganization")

    def url(role):
        return f"{settings.SITE_URL}{policies[role].get_absolute_url()}"

    assert organisation["@id"] == f"{settings.SITE_URL}/#organization"
    assert organisation["name"] == settings.SITE_NAME
    assert organisation["url"] == f"{settings.SITE_URL}/"
    assert organisation["logo"]["@type"] == "ImageObject"
    assert organisation["logo"]["url"].endswith("/static/img/logo.svg")
    assert organisation["publishingPrinciples"] == url(ROLES.STANDARDS)
    assert organisation["ethicsPolicy"] == url(ROLES.STANDARDS)
    assert organisation["correctionsPolicy"] == url(ROLES.CORRECTIONS_POLICY)
    assert organisation["masthead"] == url(ROLES.MASTHEAD)
    assert organisation["actionableFeedbackPolicy"] == url(ROLES.CONTACT)
    assert "verificationFactCheckingPolicy" not in organisation  # a draft names nothing


def test_every_policy_url_the_home_page_names_answers_200(client, policies):
    organisation = by_type(jsonld(client, "/")[0], "NewsMediaOrganization")
    named = {value for key, value in organisation.items() if key.endswith(("Policy", "Principles"))}
    named.add(organisation["masthead"])

    assert len(named) == 4
    for url in named:
        assert url.startswith(settings.SITE_URL)
        assert client.get(urlsplit(url).path).status_code == 200, url


def test_without_pages_the_organisation_names_no_policy(client, db):
    organisation = by_type(jsonld(client, "/")[0], "NewsMediaOrganization")

    assert not [key for key in organisation if key.endswith(("Policy", "Principles", "masthead"))]


def test_the_home_page_declares_the_site_search(client, db):
    website = by_type(jsonld(client, "/")[0], "WebSite")

    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == f"{settings.SITE_URL}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert website["publisher"] == {"@id": f"{settings.SITE_URL}/#organization"}
    assert (
        client.get(
            urlsplit(template.replace("{search_term_string}", "crown")).path + "?q=crown"
        ).status_code
        == 200
    )


def test_articles_and_their_verdicts_point_at_the_home_page_s_organisation(client, db):
    article = make_article(verdict="mostly_true")
    objects, _ = jsonld(client, article.get_absolute_url())

    home = by_type(jsonld(client, "/")[0], "NewsMediaOrganization")
    reference = {key: home[key] for key in ("@type", "@id", "name", "url", "logo")}
    assert by_type(objects, "NewsArticle")["publisher"] == reference
    assert by_type(objects, "ClaimReview")["author"] == reference


def test_the_sitemap_lists_published_pages_and_the_corrections_log(client, db):
    StandingPageFactory(slug="about")
    StandingPageFactory(slug="draft-terms", status="draft")
    correction = CorrectionFactory()

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }

    assert f"{settings.SITE_URL}/about/" in entries
    assert f"{settings.SITE_URL}/draft-terms/" not in entries
    lastmod = entries[f"{settings.SITE_URL}/corrections/"]
    assert lastmod == correction.published_at.date().isoformat() or lastmod.startswith(
        correction.published_at.date().isoformat()
    )
