from django.views.generic import DetailView

from .models import Person, Quote


class PersonDetailView(DetailView):
    """A person's page: bio, credits and quotes."""

    model = Person


class QuoteDetailView(DetailView):
    """A quote's citable permalink."""

    queryset = Quote.objects.for_listing()
