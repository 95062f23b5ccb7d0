from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote"),
]
