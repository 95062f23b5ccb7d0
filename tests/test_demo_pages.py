"""The demo's standing pages and corrections: About, the masthead, the policies, contact,
privacy and terms in Marquee's own words, in the footer, and a correction in the log."""

import io
import json
import re

from django.core.management import call_command
from django.utils.html import escape

import pytest

from articles.demo import TRUE_STORY_SLUG
from articles.models import Correction
from pages.models import StandingPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_has_every_standing_page_published_in_the_footer(client, demo):
    pages = StandingPage.objects.published()

    assert set(pages.values_list("role", flat=True)) == set(StandingPage.Role.values)
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for page in pages:
        assert f'<a href="{page.get_absolute_url()}">{page.title}</a>' in footer
        assert client.get(page.get_absolute_url()).status_code == 200


def test_the_demo_privacy_page_says_what_the_site_stores(client, demo):
    privacy = client.get("/privacy/").content.decode()

    for stored in ("IP address", "marquee_voter", "marquee_watched", "email address"):
        assert stored in privacy
    assert "download" in privacy and "delete your account" in privacy


def test_the_demo_masthead_names_the_demo_staff(client, demo):
    masthead = client.get("/masthead/").content.decode()

    for name in ("Eda Marsh", "Wes Okafor", "Mo Lindqvist"):
        assert name in masthead


def test_the_demo_corrections_log_shows_its_correction(client, demo):
    correction = Correction.objects.get(article__slug=TRUE_STORY_SLUG)

    log = client.get("/corrections/").content.decode()

    assert escape(correction.note) in log
    assert escape(correction.note) in client.get(f"/{TRUE_STORY_SLUG}/").content.decode()


def test_the_demo_home_page_names_every_policy_and_each_answers(client, demo):
    html = client.get("/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (organisation,) = [o for o in json.loads(blocks[0]) if o["@type"] == "NewsMediaOrganization"]

    named = [organisation[key] for key in ("publishingPrinciples", "ethicsPolicy")]
    named += [organisation[key] for key in ("correctionsPolicy", "masthead")]
    named += [organisation[key] for key in ("verificationFactCheckingPolicy",)]
    named += [organisation["actionableFeedbackPolicy"]]
    for url in named:
        path = "/" + url.split("/", 3)[3]
        assert client.get(path).status_code == 200, url


def test_loading_the_demo_again_keeps_an_editor_s_page_edit(demo):
    StandingPage.objects.filter(slug="about").update(title="About us")

    call_command("load_demo", stdout=io.StringIO())

    assert StandingPage.objects.get(slug="about").title == "About us"
    assert StandingPage.objects.count() == 8 and Correction.objects.count() == 1
