from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
