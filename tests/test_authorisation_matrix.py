"""Every URL the site answers, asked by every kind of visitor: who gets what is written down.

A new URL pattern fails this module until its row says what each visitor should get.
"""

import pytest

from tests.authorisation_fixtures import ROLES, admin_url, build_world, url_names

pytestmark = pytest.mark.django_db


#: GET status per visitor, in the order of ROLES:
#: anonymous guest reader other_reader writer editor moderator superuser.
#: Staff-only pages send everyone not staff to the login page (302). Admin rows about one row
#: ask for: another writer's draft (a writer is sent back to the index, 302: not theirs),
#: another reader's comment, and an id no row has where the model has no fixture row
#: (axes, tasks, mail log: the admin sends the user back, 302). A valid preview token opens
#: the draft for anyone who holds the link; a wrong one is a 404 (see the tests below).
EXPECTED = {
    "account_confirm_login_code": "302 302 302 302 302 302 302 302",
    "account_email": "302 302 302 302 302 302 302 302",
    "account_email_verification_sent": "302 302 302 302 302 302 302 302",
    "account_inactive": "200 200 200 200 200 200 200 200",
    "account_login": "200 200 302 302 302 302 302 302",
    "account_logout": "302 302 200 200 200 200 200 200",
    "account_request_login_code": "200 200 302 302 302 302 302 302",
    "members:claim": "405 405 405 405 405 405 405 405",
    "members:delete": "302 302 200 200 403 403 403 403",
    "members:export": "302 302 200 200 403 403 403 403",
    "members:follow": "200 200 200 200 200 200 200 200",
    "members:follow_confirm": "200 200 200 200 200 200 200 200",
    "members:follow_remove": "405 405 405 405 405 405 405 405",
    "members:follow_unsubscribe": "200 200 200 200 200 200 200 200",
    "members:follow_unsubscribe_all": "200 200 200 200 200 200 200 200",
    "members:profile": "302 302 200 200 403 403 403 403",
    "members:subscription_remove": "405 405 405 405 405 405 405 405",
    "admin:app_list": "302 302 302 302 200 200 200 200",
    "admin:articles_article_add": "302 302 302 302 200 200 403 200",
    "admin:articles_article_change": "302 302 302 302 302 200 200 200",
    "admin:articles_article_autosave": "302 302 302 302 405 405 405 405",
    "admin:articles_article_autosave_discard": "302 302 302 302 405 405 405 405",
    "admin:articles_article_changelist": "302 302 302 302 200 200 200 200",
    "admin:articles_article_compare": "302 302 302 302 403 404 404 404",
    "admin:articles_article_delete": "302 302 302 302 302 200 403 200",
    "admin:articles_article_duplicate": "302 302 302 302 405 405 405 405",
    "admin:articles_article_schedule": "302 302 302 302 403 200 403 200",
    "admin:articles_article_freshness": "302 302 302 302 403 200 403 200",
    "admin:articles_article_history": "302 302 302 302 302 200 200 200",
    "admin:articles_article_recover": "302 302 302 302 403 404 403 404",
    "admin:articles_article_recoverlist": "302 302 302 302 403 200 403 200",
    "admin:articles_article_revision": "302 302 302 302 404 404 404 404",
    "admin:articles_article_tag_suggest": "302 302 302 302 200 200 403 200",
    "admin:articles_slugredirect_add": "302 302 302 302 403 200 403 200",
    "admin:articles_slugredirect_change": "302 302 302 302 403 200 403 200",
    "admin:articles_slugredirect_changelist": "302 302 302 302 403 200 403 200",
    "admin:articles_slugredirect_delete": "302 302 302 302 403 200 403 200",
    "admin:articles_slugredirect_history": "302 302 302 302 403 200 403 200",
    "admin:auth_group_add": "302 302 302 302 403 403 403 200",
    "admin:auth_group_change": "302 302 302 302 403 403 403 200",
    "admin:auth_group_changelist": "302 302 302 302 403 403 403 200",
    "admin:auth_group_delete": "302 302 302 302 403 403 403 200",
    "admin:auth_group_history": "302 302 302 302 403 403 403 200",
    "admin:auth_user_add": "302 302 302 302 403 403 403 200",
    "admin:auth_user_change": "302 302 302 302 403 200 403 200",
    "admin:auth_user_changelist": "302 302 302 302 403 200 403 200",
    "admin:auth_user_delete": "302 302 302 302 403 403 403 200",
    "admin:auth_user_history": "302 302 302 302 403 200 403 200",
    "admin:auth_user_password_change": "302 302 302 302 403 403 403 200",
    "admin:autocomplete": "302 302 302 302 403 403 403 403",
    "admin:axes_accessattempt_add": "302 302 302 302 403 403 403 403",
    "admin:axes_accessattempt_change": "302 302 302 302 403 403 403 302",
    "admin:axes_accessattempt_changelist": "302 302 302 302 403 403 403 200",
    "admin:axes_accessattempt_delete": "302 302 302 302 403 403 403 302",
    "admin:axes_accessattempt_history": "302 302 302 302 302 302 302 302",
    "admin:axes_accessfailurelog_add": "302 302 302 302 403 403 403 403",
    "admin:axes_accessfailurelog_change": "302 302 302 302 403 403 403 302",
    "admin:axes_accessfailurelog_changelist": "302 302 302 302 403 403 403 200",
    "admin:axes_accessfailurelog_delete": "302 302 302 302 403 403 403 302",
    "admin:axes_accessfailurelog_history": "302 302 302 302 302 302 302 302",
    "admin:axes_accesslog_add": "302 302 302 302 403 403 403 403",
    "admin:axes_accesslog_change": "302 302 302 302 403 403 403 302",
    "admin:axes_accesslog_changelist": "302 302 302 302 403 403 403 200",
    "admin:axes_accesslog_delete": "302 302 302 302 403 403 403 302",
    "admin:axes_accesslog_history": "302 302 302 302 302 302 302 302",
    "admin:discussion_ban_add": "302 302 302 302 403 403 200 200",
    "admin:discussion_ban_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_ban_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_ban_delete": "302 302 302 302 403 403 200 200",
    "admin:discussion_ban_history": "302 302 302 302 403 403 200 200",
    "admin:discussion_comment_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_comment_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_comment_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_comment_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_comment_history": "302 302 302 302 403 403 200 200",
    "admin:discussion_commentvote_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_commentvote_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_commentvote_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_commentvote_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_commentvote_history": "302 302 302 302 403 403 200 200",
    "admin:discussion_maildelivery_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_maildelivery_change": "302 302 302 302 403 403 302 302",
    "admin:discussion_maildelivery_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_maildelivery_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_maildelivery_history": "302 302 302 302 302 302 302 302",
    "admin:discussion_moderationflag_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_moderationflag_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_moderationflag_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_moderationflag_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_moderationflag_history": "302 302 302 302 403 403 200 200",
    "admin:discussion_moderationlog_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_moderationlog_change": "302 302 302 302 403 403 302 302",
    "admin:discussion_moderationlog_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_moderationlog_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_moderationlog_history": "302 302 302 302 302 302 302 302",
    "admin:discussion_rating_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_rating_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_rating_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_rating_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_rating_history": "302 302 302 302 403 403 200 200",
    "admin:account_emailaddress_add": "302 302 302 302 403 403 403 200",
    "admin:account_emailaddress_change": "302 302 302 302 403 403 403 302",
    "admin:account_emailaddress_changelist": "302 302 302 302 403 403 403 200",
    "admin:account_emailaddress_delete": "302 302 302 302 403 403 403 302",
    "admin:account_emailaddress_history": "302 302 302 302 302 302 302 302",
    "admin:members_announcement_add": "302 302 302 302 403 403 403 200",
    "admin:members_announcement_change": "302 302 302 302 403 403 403 302",
    "admin:members_announcement_changelist": "302 302 302 302 403 403 403 200",
    "admin:members_announcement_delete": "302 302 302 302 403 403 403 302",
    "admin:members_announcement_history": "302 302 302 302 302 302 302 302",
    "admin:members_follow_add": "302 302 302 302 403 403 403 200",
    "admin:members_follow_change": "302 302 302 302 403 403 403 200",
    "admin:members_follow_changelist": "302 302 302 302 403 403 403 200",
    "admin:members_follow_delete": "302 302 302 302 403 403 403 200",
    "admin:members_follow_history": "302 302 302 302 403 403 403 200",
    "admin:members_follownotice_add": "302 302 302 302 403 403 403 200",
    "admin:members_follownotice_change": "302 302 302 302 403 403 403 302",
    "admin:members_follownotice_changelist": "302 302 302 302 403 403 403 200",
    "admin:members_follownotice_delete": "302 302 302 302 403 403 403 302",
    "admin:members_follownotice_history": "302 302 302 302 302 302 302 302",
    "admin:members_readerprofile_add": "302 302 302 302 403 403 403 200",
    "admin:members_readerprofile_change": "302 302 302 302 403 403 403 200",
    "admin:members_readerprofile_changelist": "302 302 302 302 403 403 403 200",
    "admin:members_readerprofile_delete": "302 302 302 302 403 403 403 200",
    "admin:members_readerprofile_history": "302 302 302 302 403 403 403 200",
    "admin:discussion_subscription_add": "302 302 302 302 403 403 403 403",
    "admin:discussion_subscription_change": "302 302 302 302 403 403 200 200",
    "admin:discussion_subscription_changelist": "302 302 302 302 403 403 200 200",
    "admin:discussion_subscription_delete": "302 302 302 302 403 403 403 403",
    "admin:discussion_subscription_history": "302 302 302 302 403 403 200 200",
    "admin:django_tasks_database_dbtaskresult_add": "302 302 302 302 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_change": "302 302 302 302 403 403 403 302",
    "admin:django_tasks_database_dbtaskresult_changelist": "302 302 302 302 403 403 403 200",
    "admin:django_tasks_database_dbtaskresult_delete": "302 302 302 302 403 403 403 403",
    "admin:django_tasks_database_dbtaskresult_history": "302 302 302 302 302 302 302 302",
    "admin:index": "302 302 302 302 200 200 200 200",
    "admin:images_image_add": "302 302 302 302 200 200 403 200",
    "admin:images_image_change": "302 302 302 302 200 200 403 200",
    "admin:images_image_changelist": "302 302 302 302 200 200 403 200",
    "admin:images_image_delete": "302 302 302 302 403 200 403 200",
    "admin:images_image_history": "302 302 302 302 200 200 403 200",
    "admin:jsi18n": "302 302 302 302 200 200 200 200",
    "admin:login": "200 200 200 200 302 302 302 302",
    "admin:logout": "302 302 302 302 405 405 405 405",
    "admin:password_change": "302 302 302 302 200 200 200 200",
    "admin:password_change_done": "302 302 302 302 200 200 200 200",
    "admin:people_credit_add": "302 302 302 302 200 200 403 200",
    "admin:people_credit_change": "302 302 302 302 200 200 403 200",
    "admin:people_credit_changelist": "302 302 302 302 200 200 403 200",
    "admin:people_credit_delete": "302 302 302 302 403 200 403 200",
    "admin:people_credit_history": "302 302 302 302 200 200 403 200",
    "admin:people_person_add": "302 302 302 302 200 200 403 200",
    "admin:people_person_change": "302 302 302 302 200 200 403 200",
    "admin:people_person_changelist": "302 302 302 302 200 200 403 200",
    "admin:people_person_delete": "302 302 302 302 403 200 403 200",
    "admin:people_person_history": "302 302 302 302 200 200 403 200",
    "admin:people_quote_add": "302 302 302 302 200 200 403 200",
    "admin:people_quote_change": "302 302 302 302 200 200 403 200",
    "admin:people_quote_changelist": "302 302 302 302 200 200 403 200",
    "admin:people_quote_delete": "302 302 302 302 403 200 403 200",
    "admin:people_quote_history": "302 302 302 302 200 200 403 200",
    "admin:people_source_add": "302 302 302 302 200 200 403 200",
    "admin:people_source_change": "302 302 302 302 200 200 403 200",
    "admin:people_source_changelist": "302 302 302 302 200 200 403 200",
    "admin:people_source_delete": "302 302 302 302 403 200 403 200",
    "admin:people_source_history": "302 302 302 302 200 200 403 200",
    "admin:exchange_importeditem_add": "302 302 302 302 403 403 403 403",
    "admin:exchange_importeditem_change": "302 302 302 302 403 403 403 302",
    "admin:exchange_importeditem_changelist": "302 302 302 302 403 403 403 200",
    "admin:exchange_importeditem_delete": "302 302 302 302 403 403 403 302",
    "admin:exchange_importeditem_history": "302 302 302 302 302 302 302 302",
    "admin:exchange_legacyurl_add": "302 302 302 302 403 403 403 200",
    "admin:exchange_legacyurl_change": "302 302 302 302 403 403 403 302",
    "admin:exchange_legacyurl_changelist": "302 302 302 302 403 403 403 200",
    "admin:exchange_legacyurl_delete": "302 302 302 302 403 403 403 302",
    "admin:exchange_legacyurl_history": "302 302 302 302 302 302 302 302",
    "admin:productions_availability_add": "302 302 302 302 403 200 403 200",
    "admin:productions_availability_change": "302 302 302 302 200 200 403 200",
    "admin:productions_availability_changelist": "302 302 302 302 200 200 403 200",
    "admin:productions_availability_delete": "302 302 302 302 403 200 403 200",
    "admin:productions_availability_history": "302 302 302 302 200 200 403 200",
    "admin:productions_episode_add": "302 302 302 302 403 200 403 200",
    "admin:productions_episode_change": "302 302 302 302 200 200 403 200",
    "admin:productions_episode_changelist": "302 302 302 302 200 200 403 200",
    "admin:productions_episode_delete": "302 302 302 302 403 200 403 200",
    "admin:productions_episode_history": "302 302 302 302 200 200 403 200",
    "admin:productions_season_add": "302 302 302 302 403 200 403 200",
    "admin:productions_season_change": "302 302 302 302 200 200 403 200",
    "admin:productions_season_changelist": "302 302 302 302 200 200 403 200",
    "admin:productions_season_delete": "302 302 302 302 403 200 403 200",
    "admin:productions_season_history": "302 302 302 302 200 200 403 200",
    "admin:productions_production_add": "302 302 302 302 403 200 403 200",
    "admin:productions_production_change": "302 302 302 302 200 200 403 200",
    "admin:productions_production_changelist": "302 302 302 302 200 200 403 200",
    "admin:productions_production_delete": "302 302 302 302 403 200 403 200",
    "admin:productions_production_history": "302 302 302 302 200 200 403 200",
    "admin:taggit_tag_add": "302 302 302 302 403 200 403 200",
    "admin:taggit_tag_change": "302 302 302 302 200 200 403 200",
    "admin:taggit_tag_changelist": "302 302 302 302 200 200 403 200",
    "admin:taggit_tag_delete": "302 302 302 302 403 200 403 200",
    "admin:taggit_tag_history": "302 302 302 302 200 200 403 200",
    "admin:taggit_tag_merge_tags": "302 302 302 302 403 200 403 200",
    "admin:view_on_site": "302 302 302 302 404 404 404 404",
    "api:oembed": "200 200 200 200 200 200 200 200",
    "api:home": "302 302 302 302 302 302 302 302",
    # Shadowed by api:home (django-ninja's own answers only in DEBUG).
    "api:v1:api-root": "302 302 302 302 302 302 302 302",
    "api:v1:get_article": "200 200 200 200 200 200 200 200",
    "api:v1:get_person": "200 200 200 200 200 200 200 200",
    "api:v1:get_production": "200 200 200 200 200 200 200 200",
    "api:v1:get_quote": "200 200 200 200 200 200 200 200",
    "api:v1:list_articles": "200 200 200 200 200 200 200 200",
    "api:v1:list_comments": "200 200 200 200 200 200 200 200",
    "api:v1:list_people": "200 200 200 200 200 200 200 200",
    "api:v1:list_productions": "200 200 200 200 200 200 200 200",
    "api:v1:list_quotes": "200 200 200 200 200 200 200 200",
    "api:v1:list_tags": "200 200 200 200 200 200 200 200",
    "api:v1:openapi-json": "200 200 200 200 200 200 200 200",
    "api:v1:openapi-view": "200 200 200 200 200 200 200 200",
    "articles:detail": "200 200 200 200 200 200 200 200",
    "articles:feed": "200 200 200 200 200 200 200 200",
    "articles:feed_atom": "200 200 200 200 200 200 200 200",
    "articles:home": "200 200 200 200 200 200 200 200",
    "articles:preview": "200 200 200 200 200 200 200 200",
    "articles:search": "200 200 200 200 200 200 200 200",
    "articles:tag": "200 200 200 200 200 200 200 200",
    "articles:tag_feed": "200 200 200 200 200 200 200 200",
    "articles:tag_feed_atom": "200 200 200 200 200 200 200 200",
    "discussion:comment_delete": "405 405 405 405 405 405 405 405",
    "discussion:comment_edit": "404 404 404 200 404 404 404 404",
    "discussion:comment_post": "200 200 200 200 200 200 200 200",
    "discussion:comments": "302 302 302 302 302 302 302 302",
    "discussion:me": "200 200 200 200 200 200 200 200",
    "discussion:rate": "200 200 200 200 200 200 200 200",
    "discussion:subscribe": "200 200 200 200 200 200 200 200",
    "discussion:subscription_confirm": "200 200 200 200 200 200 200 200",
    "discussion:unsubscribe": "200 200 200 200 200 200 200 200",
    "discussion:vote": "200 200 200 200 200 200 200 200",
    "healthz": "200 200 200 200 200 200 200 200",
    "people:detail": "200 200 200 200 200 200 200 200",
    "people:quote": "200 200 200 200 200 200 200 200",
    "production_feed": "200 200 200 200 200 200 200 200",
    "production_feed_atom": "200 200 200 200 200 200 200 200",
    "productions:detail": "200 200 200 200 200 200 200 200",
    "productions:episode": "200 200 200 200 200 200 200 200",
    # POST only: the "how far have you watched?" form.
    "productions:watched": "405 405 405 405 405 405 405 405",
    "readyz": "200 200 200 200 200 200 200 200",
    "robots_txt": "200 200 200 200 200 200 200 200",
    "sitemap": "200 200 200 200 200 200 200 200",
    "sitemap_section": "200 200 200 200 200 200 200 200",
}


def public_url(name, w):
    article, comment = w["published"], w["comment"]
    return {
        "healthz": "/healthz",
        "readyz": "/readyz",
        "sitemap": "/sitemap.xml",
        "sitemap_section": "/sitemap-articles.xml",
        "robots_txt": "/robots.txt",
        "production_feed": f"/productions/{w['production'].slug}/feed/",
        "production_feed_atom": f"/productions/{w['production'].slug}/feed/atom/",
        "productions:detail": w["production"].get_absolute_url(),
        "productions:episode": w["rows"]["productions.episode"].get_absolute_url(),
        "productions:watched": f"/productions/{w['production'].slug}/watched/",
        "people:detail": w["person"].get_absolute_url(),
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
        "articles:detail": article.get_absolute_url(),
        "discussion:comment_post": f"/discussion/{article.pk}/comment/",
        "discussion:comments": f"/discussion/{article.pk}/comments/",
        "discussion:me": f"/discussion/{article.pk}/me/",
        "discussion:rate": f"/discussion/{article.pk}/rate/",
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
        "members:follow": f"/follow/production/{w['production'].pk}/",
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
