"""Every URL the site answers, asked by every kind of visitor: who gets what is written down.

A new URL pattern fails this module until its row says what each visitor should get.
"""

import pytest

from tests.authorisation_fixtures import ROLES, admin_url, build_world, url_names
from tests.authorisation_matrix import EXPECTED

pytestmark = pytest.mark.django_db


def public_url(name, w):
    article, comment = w["published"], w["comment"]
    return {
        "healthz": "/healthz",
        "readyz": "/readyz",
        "sitemap": "/sitemap.xml",
        "sitemap_section": "/sitemap-articles.xml",
        "news_sitemap": "/news-sitemap.xml",
        "robots_txt": "/robots.txt",
        "ads_txt": "/ads.txt",
        "production_feed": f"/productions/{w['production'].slug}/feed/",
        "production_feed_atom": f"/productions/{w['production'].slug}/feed/atom/",
        "productions:detail": w["production"].get_absolute_url(),
        "productions:episode": w["rows"]["productions.episode"].get_absolute_url(),
        "productions:watched": f"/productions/{w['production'].slug}/watched/",
        "schedule": "/schedule/",
        "country_set": "/country/",
        "schedule_ics": "/schedule.ics",
        "production_schedule_ics": f"/productions/{w['production'].slug}/schedule.ics",
        "people:detail": w["person"].get_absolute_url(),
        "authors:index": "/authors/",
        "authors:detail": w["contributor"].get_absolute_url(),
        "authors:feed": f"{w['contributor'].get_absolute_url()}feed/",
        "authors:feed_atom": f"{w['contributor'].get_absolute_url()}feed/atom/",
        "people:quote": w["quote"].get_absolute_url(),
        "api:oembed": f"/oembed/?url=http://testserver{article.get_absolute_url()}",
        "api:home": "/api/v1/",
        "api:v1:api-root": "/api/v1/",
        "api:v1:get_article": f"/api/v1/articles/{article.slug}/",
        "api:v1:get_person": f"/api/v1/people/{w['person'].slug}/",
        "api:v1:get_production": f"/api/v1/productions/{w['production'].slug}/",
        "api:v1:get_quote": f"/api/v1/quotes/{w['quote'].pk}/",
        "api:v1:list_articles": "/api/v1/articles/",
        "api:v1:list_comments": f"/api/v1/articles/{article.slug}/comments/",
        "api:v1:list_people": "/api/v1/people/",
        "api:v1:list_productions": "/api/v1/productions/",
        "api:v1:list_quotes": "/api/v1/quotes/",
        "api:v1:list_tags": "/api/v1/tags/",
        "api:v1:openapi-json": "/api/v1/openapi.json",
        "api:v1:openapi-view": "/api/v1/docs/",
        "articles:home": "/",
        "articles:search": "/search/?q=thriller",
        "articles:feed": "/feed/",
        "articles:feed_atom": "/feed/atom/",
        "articles:tag": "/tags/thrillers/",
        "articles:tag_feed": "/tags/thrillers/feed/",
        "articles:tag_feed_atom": "/tags/thrillers/feed/atom/",
        "articles:preview": f"/preview/{w['preview_token']}/",
        "articles:page_preview": w["page_preview_url"],
        "articles:corrections": "/corrections/",
        "articles:corrections_feed": "/corrections/feed/",
        "articles:corrections_feed_atom": "/corrections/feed/atom/",
        "articles:detail": article.get_absolute_url(),
        "discussion:comment_post": f"/discussion/{article.pk}/comment/",
        "discussion:comments": f"/discussion/{article.pk}/comments/",
        "discussion:me": f"/discussion/{article.pk}/me/",
        "discussion:rate": f"/discussion/{article.pk}/rate/",
        "discussion:production_rate": f"/discussion/production/{w['production'].pk}/rate/",
        "discussion:subscribe": f"/discussion/{article.pk}/subscribe/",
        "discussion:vote": f"/discussion/comment/{comment.pk}/vote/",
        "discussion:comment_edit": f"/discussion/comment/{comment.pk}/edit/",
        "discussion:comment_delete": f"/discussion/comment/{comment.pk}/delete/",
        "discussion:subscription_confirm": f"/discussion/confirm/{w['confirm_token']}/",
        "discussion:unsubscribe": f"/discussion/unsubscribe/{w['unsubscribe_token']}/",
        "account_login": "/accounts/login/",
        "account_request_login_code": "/accounts/login/code/",
        "account_confirm_login_code": "/accounts/login/code/confirm/",
        "account_logout": "/accounts/logout/",
        "account_inactive": "/accounts/inactive/",
        "account_email": "/accounts/email/",
        "account_email_verification_sent": "/accounts/confirm-email/",
        "members:profile": "/accounts/profile/",
        "members:claim": "/accounts/profile/claim/",
        "members:export": "/accounts/profile/data.json",
        "members:delete": "/accounts/profile/delete/",
        "members:follow_remove": f"/accounts/profile/follows/{w['follow'].pk}/remove/",
        "members:follow": f"/follow/production/{w['production'].slug}/",
        "members:subscription_remove": "/accounts/profile/subscriptions/1/remove/",
        "members:follow_confirm": f"/follow/confirm/{w['follow_confirm_token']}/",
        "members:follow_unsubscribe": f"/follow/unsubscribe/{w['follow_unsubscribe_token']}/",
        "members:follow_unsubscribe_all": f"/follow/unsubscribe-all/{w['follows_token']}/",
        "admin:index": "/admin/",
        "admin:login": "/admin/login/",
        "admin:logout": "/admin/logout/",
        "admin:password_change": "/admin/password_change/",
        "admin:password_change_done": "/admin/password_change/done/",
        "admin:autocomplete": "/admin/autocomplete/",
        "admin:jsi18n": "/admin/jsi18n/",
        "admin:view_on_site": "/admin/r/0/0/",
        "admin:app_list": "/admin/articles/",
    }.get(name)


def concrete_url(name, world):
    return public_url(name, world) or admin_url(name, world)


def observe(world):
    """{url name: {role: GET status}} for every named URL."""
    seen = {}
    for name in sorted(url_names()):
        url = concrete_url(name, world)
        seen[name] = {role: world["clients"][role].get(url).status_code for role in ROLES}
    return seen


def test_every_url_name_has_a_row_in_the_matrix():
    assert sorted(url_names() - EXPECTED.keys()) == []
    assert sorted(EXPECTED.keys() - url_names()) == []


def test_every_url_answers_every_visitor_as_the_matrix_says(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    expected = {
        name: dict(zip(ROLES, map(int, row.split()), strict=True)) for name, row in EXPECTED.items()
    }

    seen = observe(world)

    wrong = {
        name: {
            role: (expected[name][role], status)
            for role, status in row.items()
            if status != expected[name][role]
        }
        for name, row in seen.items()
    }
    assert {name: row for name, row in wrong.items() if row} == {}


def test_drafts_are_404_for_everyone_on_public_urls(editorial_roles, settings):
    world = build_world(editorial_roles, settings)

    for client in world["clients"].values():
        assert client.get("/secret-draft/").status_code == 404
        assert client.get("/about-us/").status_code == 404  # a draft standing page


def test_a_writer_cannot_add_or_change_a_standing_page(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    page = world["rows"]["pages.standingpage"]
    data = {"title": "Ours", "slug": "ours", "status": "published", "footer_order": 0}

    writer = world["clients"]["writer"]
    assert writer.post("/admin/pages/standingpage/add/", data).status_code == 403
    assert writer.post(f"/admin/pages/standingpage/{page.pk}/change/", data).status_code == 403
    preview = {**data, "_preview": "1"}
    assert writer.post(f"/admin/pages/standingpage/{page.pk}/change/", preview).status_code == 403
    page.refresh_from_db()
    assert page.title == "About us" and not type(page).objects.filter(slug="ours").exists()


def test_follow_links_of_what_only_a_draft_names_are_404_for_everyone(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    production = world["production"]

    for client in world["clients"].values():
        for kind, slug in (
            ("tag", "embargoed"),
            ("person", "embargoed-person"),
            ("production", "embargoed-show"),
        ):
            assert client.get(f"/follow/{kind}/{slug}/").status_code == 404
            assert client.post(f"/follow/{kind}/{slug}/").status_code == 404
        # The old address by id is no address at all.
        assert client.get(f"/follow/production/{production.pk}/").status_code == 404


def test_a_preview_link_needs_a_valid_token(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    token = world["preview_token"]

    for client in world["clients"].values():
        assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
        assert client.get("/preview/not-a-token/").status_code == 404


def test_a_moderator_cannot_publish(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    moderator = world["clients"]["moderator"]
    draft = world["draft"]

    response = moderator.post(
        f"/admin/articles/article/{draft.pk}/change/", {"title": "Taken over", "_publish": "1"}
    )

    draft.refresh_from_db()
    assert response.status_code == 403
    assert (draft.title, draft.status) == ("A draft", "draft")
