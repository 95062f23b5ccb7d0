from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("discussion/<int:article_id>/comment/", views.comment_post, name="comment_post"),
    path("discussion/<int:article_id>/comments/", views.comments, name="comments"),
    path("discussion/<int:article_id>/me/", views.me, name="me"),
    path("discussion/<int:article_id>/rate/", views.rate, name="rate"),
    path("discussion/<int:article_id>/subscribe/", views.subscribe, name="subscribe"),
    path(
        "discussion/production/<int:production_id>/rate/",
        views.production_rate,
        name="production_rate",
    ),
    path("discussion/comment/<int:pk>/vote/", views.vote, name="vote"),
    path("discussion/comment/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("discussion/comment/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path(
        "discussion/confirm/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("discussion/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
