from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView

from .models import Article, SlugRedirect


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

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A published article's former slug answers with a permanent redirect.
            old = (
                SlugRedirect.objects.filter(
                    old_slug=kwargs.get("slug"),
                    article__in=Article.objects.published(),
                )
                .select_related("article")
                .first()
            )
            if old is None:
                raise
            return redirect(old.article.get_absolute_url(), permanent=True)


class ArticlePreviewView(ArticleDetailView):
    """A draft as readers will see it, at a signed link that expires; 404 when tampered or old."""

    def get_queryset(self):
        return Article.objects.prefetch_related(
            "authors", "blocks__quote__speaker", "blocks__quote__source"
        )

    def get_object(self, queryset=None):
        from .preview import article_id_from_token

        article_id = article_id_from_token(self.kwargs["token"])
        if article_id is None:
            raise Http404("This preview link is invalid or has expired.")
        try:
            return self.get_queryset().get(pk=article_id)
        except Article.DoesNotExist as exc:
            raise Http404("No such article.") from exc

    def get(self, request, *args, **kwargs):
        # The redirect fallback of the public page does not apply to previews.
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(noindex=True, is_preview=True, **kwargs)
