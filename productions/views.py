from django.views.generic import DetailView

from .models import Production


class ProductionDetailView(DetailView):
    """A production's page: what it is and where to watch it."""

    model = Production
