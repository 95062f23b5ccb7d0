from django.urls import path

from . import views

app_name = "productions"

urlpatterns = [
    path("productions/<slug:slug>/", views.ProductionDetailView.as_view(), name="detail"),
]
