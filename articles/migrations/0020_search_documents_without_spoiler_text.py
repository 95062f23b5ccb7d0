import articles.search
from django.db import migrations
from django.db.models import Prefetch


def refill_search_vectors(apps, schema_editor):
    """Stored search documents drop the hidden text of spoilers that no episode folds: they
    held it until now, so a search for a twist found the article that reveals it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    ArticleBlock = apps.get_model("articles", "ArticleBlock")
    blocks = ArticleBlock.objects.select_related("quote").order_by("position", "id")
    rows = Article.objects.prefetch_related(Prefetch("blocks", queryset=blocks))
    for article in rows.iterator(chunk_size=500):
        Article.objects.filter(pk=article.pk).update(
            search_vector=articles.search.search_vector(article)
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_catalogue_requests")]

    operations = [migrations.RunPython(refill_search_vectors, migrations.RunPython.noop)]
