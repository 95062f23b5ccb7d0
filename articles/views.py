from django.views.generic import DetailView, ListView

from .models import Article


class HomeView(ListView):
    """The latest published explainers, featured first."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing().order_by("-is_featured", "-publish_at")


class ArticleDetailView(DetailView):
    """An explainer as readers see it; unpublished ones are 404 for everyone."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().prefetch_related(
            "authors", "blocks__quote__speaker", "blocks__quote__source"
        )
