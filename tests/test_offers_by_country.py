"""Where to watch by country: offers carry a country and a type, a reader chooses their
country (cookie, account), sees its offers first, worldwide next, the rest folded; the page
cache keeps one copy per chosen country and never gives one country's copy to another."""

import datetime
import json
import re

from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client
from django.urls import reverse

import pytest

from core.countries import COUNTRY_COOKIE, parse_region
from members.adapter import ReaderAccountAdapter
from members.models import ReaderProfile
from productions.models import Availability
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    EpisodeFactory,
    ProductionFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

FROM = datetime.date(2026, 1, 1)


@pytest.fixture
def run_away(db):
    production = ProductionFactory(title="Run Away", slug="run-away")
    article = ArticleFactory(published=True, title="Is Run Away a true story?")
    article.productions.add(production)
    AvailabilityFactory(production=production, platform="Netflix", available_from=FROM)
    AvailabilityFactory(
        production=production,
        platform="BBC iPlayer",
        country="GB",
        offer_type="free",
        available_from=FROM,
    )
    AvailabilityFactory(
        production=production,
        platform="Apple TV",
        country="US",
        offer_type="rent",
        available_from=FROM,
    )
    return production


def first_platform(html):
    """The first platform the where-to-watch section names."""
    section = html.split('id="watch-title"', 1)[1]
    return re.search(r"<li>(?:<a [^>]*>|<strong>)([^<]+)", section).group(1)


def reader_in(country):
    client = Client()
    if country:
        client.cookies[COUNTRY_COOKIE] = country
    return client


def test_readers_in_gb_and_us_see_their_own_offers_first_from_the_same_cached_page(run_away):
    url = run_away.get_absolute_url()
    gb, us, nobody = reader_in("GB"), reader_in("us"), reader_in(None)

    first = {name: c.get(url) for name, c in (("gb", gb), ("us", us), ("none", nobody))}
    again = {name: c.get(url) for name, c in (("gb", gb), ("us", us), ("none", nobody))}

    assert [r["X-Page-Cache"] for r in first.values()] in (
        ["miss", "miss", "hit"],  # GB is the default: the reader with no choice shares it
        ["miss", "miss", "miss"],
    )
    assert [r["X-Page-Cache"] for r in again.values()] == ["hit", "hit", "hit"]
    pages = {name: r.content.decode() for name, r in again.items()}
    assert first_platform(pages["gb"]) == "BBC iPlayer"
    assert first_platform(pages["us"]) == "Apple TV"
    assert first_platform(pages["none"]) == "BBC iPlayer"  # DEFAULT_COUNTRY is GB
    assert "in the United Kingdom" in pages["gb"] and "in the United States" in pages["us"]
    # The other country's offers are folded under "Other countries", never lost.
    assert pages["gb"].index("<summary>Other countries</summary>") < pages["gb"].index("Apple TV")
    assert again["gb"]["Vary"] == "Accept-Encoding, Cookie"
    assert "private" not in again["us"]["Cache-Control"]


def test_with_no_default_country_worldwide_comes_first_and_countries_follow(run_away, settings):
    settings.DEFAULT_COUNTRY = ""
    html = reader_in(None).get(run_away.get_absolute_url()).content.decode()
    assert first_platform(html) == "Netflix"
    assert html.index("United Kingdom</h3>") < html.index("United States of America</h3>")


def test_a_page_with_worldwide_offers_only_shows_no_country_form(db):
    production = ProductionFactory(slug="fool-me-once")
    ArticleFactory(published=True).productions.add(production)
    AvailabilityFactory(production=production, platform="Netflix")
    html = reader_in("US").get(production.get_absolute_url()).content.decode()
    assert "Netflix" in html and "Showing offers for" not in html


def test_the_country_form_works_without_javascript(run_away):
    client = reader_in(None)
    url = run_away.get_absolute_url()
    assert 'action="/country/"' in client.get(url).content.decode()

    response = client.post("/country/", {"country": "US", "next": f"{url}#watch-title"})

    assert response.status_code == 303
    assert response["Location"] == f"{url}#watch-title"
    assert response.cookies[COUNTRY_COOKIE].value == "US"
    assert first_platform(client.get(url).content.decode()) == "Apple TV"


def test_the_country_form_refuses_what_is_not_a_country_and_other_sites(run_away):
    client = reader_in("GB")
    assert client.post("/country/", {"country": "Narnia"}).status_code == 400
    assert client.cookies[COUNTRY_COOKIE].value == "GB"  # nothing lost
    away = client.post("/country/", {"country": "FR", "next": "https://evil.example/"})
    assert away["Location"] == "/"
    cleared = client.post("/country/", {"country": "", "next": "/"})
    assert cleared.cookies[COUNTRY_COOKIE].value == ""


def test_a_signed_in_reader_keeps_their_country_on_the_account_and_in_the_export(run_away, reader):
    client = Client()
    client.force_login(reader)
    client.post("/country/", {"country": "US", "next": "/"})
    assert ReaderProfile.objects.get(user=reader).country == "US"

    # Another browser, no cookie: the account's country still comes first.
    other = Client()
    other.force_login(reader)
    assert first_platform(other.get(run_away.get_absolute_url()).content.decode()) == "Apple TV"

    data = json.loads(other.get(reverse("members:export")).content)
    assert data["account"]["country"] == "US"


def signing_in(rf, reader):
    request = rf.get("/")
    request.session = Client().session
    request.user = reader
    request._messages = FallbackStorage(request)
    return request


def test_a_country_chosen_signed_out_joins_the_account_at_sign_in(rf, reader):
    request = signing_in(rf, reader)
    request.COOKIES[COUNTRY_COOKIE] = "us"
    ReaderAccountAdapter(request).post_login(
        request,
        reader,
        email_verification="none",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url="/",
    )
    assert ReaderProfile.objects.get(user=reader).country == "US"


def test_an_account_country_rides_in_the_cookie_after_sign_in(rf, reader):
    ReaderProfile.objects.update_or_create(user=reader, defaults={"country": "GB"})
    request = signing_in(rf, reader)
    response = ReaderAccountAdapter(request).post_login(
        request,
        reader,
        email_verification="none",
        signal_kwargs=None,
        email=None,
        signup=False,
        redirect_url="/",
    )
    assert response.cookies[COUNTRY_COOKIE].value == "GB"
    assert ReaderProfile.objects.get(user=reader).country == "GB"


def test_an_episode_page_shows_its_seasons_offers_first_with_the_same_country_rules(
    run_away,
):
    episode = EpisodeFactory(season=SeasonFactory(production=run_away, number=1), number=2)
    AvailabilityFactory(
        production=run_away,
        season=episode.season,
        platform="Channel 4",
        country="GB",
        available_from=FROM,
    )
    html = reader_in("GB").get(episode.get_absolute_url()).content.decode()
    assert first_platform(html) == "Channel 4"
    assert html.index("Channel 4") < html.index("BBC iPlayer") < html.index("Netflix")
    us_html = reader_in("US").get(episode.get_absolute_url()).content.decode()
    assert first_platform(us_html) == "Apple TV"


def test_the_article_line_names_the_readers_country_and_worldwide_offers_only(run_away):
    article = run_away.articles.get()
    gb = reader_in("GB").get(article.get_absolute_url()).content.decode()
    us = reader_in("US").get(article.get_absolute_url()).content.decode()
    assert "BBC iPlayer" in gb and "Apple TV" not in gb and "Netflix" in gb
    assert "Apple TV" in us and "BBC iPlayer" not in us


def test_affiliate_offers_stay_sponsored_in_every_country_group(run_away):
    AvailabilityFactory(
        production=run_away,
        platform="Prime Video",
        country="US",
        offer_type="buy",
        affiliate=True,
        url="https://www.amazon.com/",
        available_from=FROM,
    )
    html = reader_in("GB").get(run_away.get_absolute_url()).content.decode()
    assert 'href="https://www.amazon.com/" rel="sponsored noopener"' in html


def test_the_api_gives_each_offer_its_country_and_type(client, run_away):
    data = client.get(f"/api/v1/productions/{run_away.slug}/").json()
    offers = {offer["platform"]: offer for offer in data["availability"]}
    assert offers["Apple TV"]["country"] == "US" and offers["Apple TV"]["offer_type"] == "rent"
    assert offers["Netflix"]["country"] == "" and offers["Netflix"]["region"] == ""
    assert offers["BBC iPlayer"]["region"] == "United Kingdom"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("UK", ("GB", True)),
        ("  united kingdom ", ("GB", True)),
        ("GB", ("GB", True)),
        ("gbr", ("GB", True)),
        ("U.S.", ("US", True)),
        ("USA", ("US", True)),
        ("United States", ("US", True)),
        ("Worldwide", ("", True)),
        ("", ("", True)),
        ("Germany", ("DE", True)),
        ("UK & Ireland", ("", False)),
        ("Netflix", ("", False)),
    ],
)
def test_typed_regions_are_read_as_countries(typed, meant):
    assert parse_region(typed) == meant


def test_the_admin_lists_offers_whose_country_was_not_understood(admin_client, run_away):
    AvailabilityFactory(production=run_away, platform="Hulu", region_note="UK & Ireland")
    url = reverse("admin:productions_availability_changelist")
    html = admin_client.get(url, {"region_note": "kept"}).content.decode()
    assert "Country not understood" in html
    assert "UK &amp; Ireland" in html and "1 availability" in html
    assert Availability.objects.exclude(region_note="").count() == 1


def test_the_admin_picks_a_country_from_a_select_with_search(admin_client, run_away):
    url = reverse("admin:productions_availability_add")
    html = admin_client.get(url).content.decode()
    assert "data-country-select" in html and "select2.full.js" in html
    assert '<option value="US">United States of America</option>' in html
    response = admin_client.post(
        url,
        {
            "production": run_away.pk,
            "platform": "Peacock",
            "country": "US",
            "offer_type": "subscription",
            "available_from": "2026-02-01",
            "time_zone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Availability.objects.get(platform="Peacock").country == "US"
