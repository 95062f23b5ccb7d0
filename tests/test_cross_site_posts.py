"""Cross-site posts land on nothing: a post another site's page sent is refused with a 403 that
shows nothing of it, on every URL of the site; the site's own forms keep working, with and
without JavaScript, and so do clients that send neither header (the form stamp rules)."""

import re

from django.test import Client

import pytest

from discussion.models import Comment, Subscription
from tests.authorisation_fixtures import build_world, url_names
from tests.discussion_forms import comment_data, post_url
from tests.factories import SubscriptionFactory
from tests.test_authorisation_matrix import concrete_url

pytestmark = pytest.mark.django_db

FOREIGN = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
OWN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
WORDS = "Cheap pills at evil.example, trust me"
FORGED = {
    "body": WORDS,
    "name": "Forged Name",
    "email": "forged-address@evil.example",
    "notify_all": "on",
    "notify_replies": "on",
}
#: Their address alone (a signed link from a mail) proves intent: RFC 8058 one-click posts.
ONE_CLICK = {
    "discussion:unsubscribe",
    "members:follow_unsubscribe",
    "members:follow_unsubscribe_all",
}


def victim(user=None):
    """A browser that enforces CSRF as real ones do, signed in as `user`."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        browser.force_login(user)
    return browser


def assert_refused_showing_nothing(response):
    html = response.content.decode()
    assert response.status_code == 403
    assert "Sent from another website" in html
    for value in FORGED.values():
        if value != "on":
            assert value not in html
    assert "<textarea" not in html
    assert 'name="stamp"' not in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    "headers",
    [
        FOREIGN,
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://blog.testserver"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://testserver"},  # this host, but over another scheme
    ],
    ids=[
        "both",
        "origin",
        "fetch-site",
        "fetch-site-lies",
        "null",
        "sibling",
        "sibling-no-origin",
        "scheme",
    ],
)
def test_a_cross_site_comment_post_with_the_readers_session_is_refused_and_prefills_nothing(
    reader, article, discussion_settings, headers
):
    response = victim(reader).post(post_url(article), comment_data(**FORGED), headers=headers)

    assert_refused_showing_nothing(response)
    assert not Comment.objects.filter(body=WORDS).exists()


def test_every_url_refuses_every_unsafe_method_from_another_site_but_one_click_unsubscribe(
    editorial_roles, settings
):
    settings.RATELIMIT_ENABLE = False  # a thousand posts from one address: not a flood test
    world = build_world(editorial_roles, settings)
    superuser = world["clients"]["superuser"]
    wrong = {}
    for name in sorted(url_names() - ONE_CLICK):
        url = concrete_url(name, world)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(superuser, method)(url, FORGED, headers=FOREIGN)
            if response.status_code != 403 or WORDS in response.content.decode():
                wrong[(name, method)] = response.status_code

    assert wrong == {}


def test_a_one_click_unsubscribe_from_a_webmail_page_still_unsubscribes(
    client, article, discussion_settings
):
    from discussion.services import subscriptions

    subscription = SubscriptionFactory(article=article)
    url = f"/discussion/unsubscribe/{subscriptions.unsubscribe_token(subscription)}/"

    response = client.post(url, {"List-Unsubscribe": "One-Click"}, headers=FOREIGN)

    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk, unsubscribed_at=None).exists()


def test_without_javascript_an_own_post_lands_on_the_page_with_a_token_and_one_click_sends_it(
    article, discussion_settings
):
    browser = victim()

    landed = browser.post(post_url(article), comment_data(body="My own words."), headers=OWN)

    html = landed.content.decode()
    assert landed.status_code == 200
    assert "My own words." in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    sent = browser.post(
        post_url(article),
        {**comment_data(body="My own words."), **fields, "csrfmiddlewaretoken": token},
        headers=OWN,
    )
    assert sent.status_code == 302
    assert Comment.objects.filter(body="My own words.").exists()


def test_with_javascript_an_own_post_is_stored(article, discussion_settings):
    browser = victim()
    me = browser.get(f"/discussion/{article.pk}/me/", headers={"Accept": "application/json"})
    json_headers = {
        **OWN,
        "Accept": "application/json",
        "X-Requested-With": "XMLHttpRequest",
        "X-CSRFToken": me.json()["csrf"],
    }

    response = browser.post(
        post_url(article), comment_data(body="Sent by script."), headers=json_headers
    )

    assert response.status_code == 201
    assert response.json()["ok"] is True
    assert Comment.objects.filter(body="Sent by script.").exists()


def test_a_client_sending_neither_header_keeps_the_stamp_rules(article, discussion_settings):
    # curl, an old browser: the token page, pre-filled, as before; nothing stored without a token.
    response = victim().post(post_url(article), comment_data(body="From a terminal."))

    assert response.status_code == 200
    assert "From a terminal." in response.content.decode()
    assert not Comment.objects.filter(body="From a terminal.").exists()


@pytest.mark.parametrize("origin", ["http://[testserver", "http://[::1", "https://"])
def test_a_malformed_origin_is_refused_not_a_500(article, discussion_settings, origin):
    response = victim().post(
        post_url(article), comment_data(body="Odd origin."), headers={"Origin": origin}
    )

    assert response.status_code == 403
    assert "Odd origin." not in response.content.decode()


def test_behind_a_tls_proxy_the_https_origin_is_this_sites(article, discussion_settings):
    discussion_settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"X-Forwarded-Proto": "https", "Sec-Fetch-Site": "same-origin"}
    data = comment_data(body="Over TLS.")

    own = victim().post(
        post_url(article), data, headers={**proxied, "Origin": "https://testserver"}
    )
    plain = victim().post(
        post_url(article), data, headers={**proxied, "Origin": "http://testserver"}
    )

    assert own.status_code == 200 and "Over TLS." in own.content.decode()
    assert plain.status_code == 403


def test_trusted_origins_and_the_sites_other_hosts_may_post(article, discussion_settings):
    discussion_settings.CSRF_TRUSTED_ORIGINS = ["https://*.marquee.example"]
    discussion_settings.ALLOWED_HOSTS = [*discussion_settings.ALLOWED_HOSTS, "www.testserver"]
    data = comment_data(body="From a sibling.")

    trusted = victim().post(
        post_url(article), data, headers={"Origin": "https://edit.marquee.example"}
    )
    sibling = victim().post(
        post_url(article),
        data,
        headers={"Origin": "http://www.testserver", "Sec-Fetch-Site": "same-site"},
    )
    stranger = victim().post(
        post_url(article),
        data,
        headers={"Origin": "http://blog.testserver", "Sec-Fetch-Site": "same-site"},
    )

    assert [trusted.status_code, sibling.status_code, stranger.status_code] == [200, 200, 403]


def test_a_script_on_another_site_gets_a_json_refusal(reader, article, discussion_settings):
    headers = {**FOREIGN, "Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}

    response = victim(reader).post(post_url(article), comment_data(**FORGED), headers=headers)

    assert response.status_code == 403
    assert response.json()["ok"] is False
    assert WORDS not in response.content.decode()


def test_djangos_csrf_check_also_refuses_a_foreign_origin_with_a_valid_token(client, settings):
    # The forms with a CSRF token are guarded twice: Django compares Origin too.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "core.origin.CrossSiteRequestMiddleware"
    ]
    browser = victim()
    html = browser.get("/accounts/login/code/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = browser.post(
        "/accounts/login/code/",
        {"email": "someone@example.com", "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
