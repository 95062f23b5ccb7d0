from django.urls import path

from . import views

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
    path("follow/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/unsubscribe/<str:token>/", views.follow_unsubscribe, name="follow_unsubscribe"),
    path(
        "follow/unsubscribe-all/<str:token>/",
        views.follow_unsubscribe_all,
        name="follow_unsubscribe_all",
    ),
]
