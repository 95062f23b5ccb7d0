from django.urls import path, register_converter

from articles.tags import TAG_SLUG_PATTERN

from . import views
from .models import Follow


class FollowKindConverter:
    """What can be followed, by name: production, person or tag."""

    regex = "|".join(Follow.Kind.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FollowSlugConverter(FollowKindConverter):
    """The followed page's slug: a person's or production's, or a tag's Unicode one."""

    regex = TAG_SLUG_PATTERN


register_converter(FollowKindConverter, "followkind")
register_converter(FollowSlugConverter, "followslug")

app_name = "members"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/claim/", views.claim, name="claim"),
    path("accounts/profile/data.json", views.export, name="export"),
    path("accounts/profile/delete/", views.delete, name="delete"),
    path("accounts/profile/follows/<int:pk>/remove/", views.follow_remove, name="follow_remove"),
    path(
        "accounts/profile/subscriptions/<int:pk>/remove/",
        views.subscription_remove,
        name="subscription_remove",
    ),
    # By slug, as the page it follows: an id would let anyone walk every row by number.
    path("follow/<followkind:kind>/<followslug:slug>/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/unsubscribe/<str:token>/", views.follow_unsubscribe, name="follow_unsubscribe"),
    path(
        "follow/unsubscribe-all/<str:token>/",
        views.follow_unsubscribe_all,
        name="follow_unsubscribe_all",
    ),
]
