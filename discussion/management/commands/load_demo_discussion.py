from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article, ArticleBlock
from discussion import services
from discussion.models import Comment, ProductionRating
from productions.models import Production

#: The demo readers' stars for the series itself: its audience score (shown from three).
DEMO_SERIES_RATINGS = [5, 4, 4, 3, 5]
DEMO_SERIES_SLUG = "run-away"

#: (key, name, email, body, reply to key, on a quote?, spoiler?)
DEMO_COMMENTS = [
    (
        "ana",
        "Ana P.",
        "ana@example.com",
        "I binged it in two nights. Knowing Coben took the park scene from a real moment makes the "
        "opening hit harder.",
        None,
        False,
        False,
    ),
    (
        "li",
        "Li Wei",
        "li@example.com",
        "Is the Beacon based on any real group? It felt very specific.",
        None,
        False,
        False,
    ),
    (
        "sam",
        "Sam",
        "sam@example.com",
        "The fact-vs-fiction table answers it: invented for the story.",
        "li",
        False,
        False,
    ),
    ("li2", "Li Wei", "li@example.com", "Thanks, I missed that table.", "sam", False, False),
    (
        "jo",
        "Jo",
        "jo@example.com",
        "This line explains so much about where the whole story comes from.",
        None,
        True,
        False,
    ),
    (
        "kit",
        "Kit",
        "kit@example.com",
        "The last episode reveal about who was pulling the strings still annoys me.",
        None,
        False,
        True,
    ),
]
DEMO_RATINGS = [5, 4, 4, 5, 3, 4]


class Command(BaseCommand):
    help = (
        "Add a small demo discussion (comments, a reply thread, inline feedback, ratings and one "
        "comment waiting in the moderation queue) under the first published explainer. Run after "
        "load_demo; does nothing if that explainer already has comments."
    )

    def handle(self, *args, **options):
        article = Article.objects.published().order_by("publish_at", "id").first()
        if article is None:
            raise CommandError("No published explainer: run `manage.py load_demo` first.")
        self.rate_series()
        if Comment.objects.filter(article=article).exists():
            self.stdout.write(f"“{article}” already has comments: nothing to do.")
            return
        moderator = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if moderator is None:
            raise CommandError("No superuser to approve the demo comments: run load_demo first.")
        quote = article.blocks.filter(kind=ArticleBlock.Kind.QUOTE).first()
        posted = {}
        for key, name, email, body, parent, on_quote, spoiler in DEMO_COMMENTS:
            comment = services.comment_post(
                article=article,
                body=body,
                guest_name=name,
                guest_email=email,
                parent=posted.get(parent),
                anchor_block=quote if on_quote else None,
                is_spoiler=spoiler,
                ip="192.0.2.10",
            )
            services.comment_approve(comment=comment, moderator=moderator, note="Demo")
            posted[key] = comment
        for number, stars in enumerate(DEMO_RATINGS):
            services.rating_set(article=article, voter_key=f"g:demo-{number}", value=stars)
        for number in range(3):
            services.comment_vote(
                comment=posted["ana"], voter_key=f"g:demo-{number}", value=1, ip="192.0.2.11"
            )
        services.comment_post(
            article=article,
            body="First time here: does the novel end the same way?",
            guest_name="New reader",
            guest_email="new.reader@example.com",
            ip="192.0.2.12",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo discussion under “{article}”: {len(posted)} comments, "
                f"{len(DEMO_RATINGS)} ratings, 1 comment waiting for a moderator."
            )
        )

    def rate_series(self):
        """The demo readers' ratings of Run Away itself, once."""
        series = Production.objects.filter(slug=DEMO_SERIES_SLUG).first()
        if series is None or ProductionRating.objects.filter(production=series).exists():
            return
        for number, stars in enumerate(DEMO_SERIES_RATINGS):
            services.production_rating_set(
                production=series, voter_key=f"g:demo-{number}", value=stars
            )
        self.stdout.write(
            f"Demo readers rated “{series.title}”: {len(DEMO_SERIES_RATINGS)} ratings."
        )
