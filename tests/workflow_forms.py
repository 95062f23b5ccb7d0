"""The article change form as explicit data, so workflow tests say exactly what an editor posts."""

from django.utils import timezone

BLOCK_FIELDS = [
    "position",
    "kind",
    "heading",
    "text",
    "quote",
    "image",
    "image_alt",
    "image_credit",
    "caption",
    "also_read",
    "claim",
    "on_screen",
    "in_reality",
    "fact_verdict",
    "source",
    "embed_url",
    "embed_date",
]


def _value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    return value


def block_data(block):
    """The inline form values of a saved block, as the change form would post them back."""
    data = {name: _value(getattr(block, name)) for name in BLOCK_FIELDS}
    data["id"] = block.pk
    return data


def article_form_data(article=None, *, blocks=None, workflow=None, **fields):
    """POST data for the article add/change form.

    `blocks` is a list of dicts (use `block_data` for saved ones, add "DELETE":
    "on" to remove one); by default a saved article's blocks are posted unchanged.
    """
    data = {
        "title": "Is Run Away a true story?",
        "slug": "is-run-away-a-true-story",
        "standfirst": "What is true and what is invented in the Harlan Coben series.",
        "kind": "true_story",
        "tags": "",
        "allow_comments": "on",
        "publish_at_0": "",
        "publish_at_1": "",
        "hero_image": "",
        "hero_alt": "",
        "hero_credit": "",
        "verdict": "",
        "verdict_summary": "",
        "seo_title": "",
        "seo_description": "",
        "review_by": "",
    }
    if article is not None:
        data.update(
            title=article.title,
            slug=article.slug,
            standfirst=article.standfirst,
            kind=article.kind,
            hero_image=article.hero_image_id or "",
            hero_alt=article.hero_alt,
            hero_credit=article.hero_credit,
            verdict=article.verdict,
            verdict_summary=article.verdict_summary,
            review_by=article.review_by.isoformat() if article.review_by else "",
        )
        if article.kind == "review" or article.review_score is not None:
            # The review fields, as the form shows them for a review.
            data.update(
                review_scale=article.review_scale or "",
                review_score=article.review_score if article.review_score is not None else "",
                review_verdict=article.review_verdict,
                reviewed_production=article.reviewed_production_id or "",
                reviewed_season=article.reviewed_season_id or "",
                reviewed_episode=article.reviewed_episode_id or "",
            )
        data["authors"] = [user.pk for user in article.authors.all()]
        data["productions"] = [production.pk for production in article.productions.all()]
        if article.publish_at:
            local = timezone.localtime(article.publish_at)
            data["publish_at_0"] = local.strftime("%Y-%m-%d")
            data["publish_at_1"] = local.strftime("%H:%M:%S")
        if article.is_featured:
            data["is_featured"] = "on"
        if not article.allow_comments:
            del data["allow_comments"]
        if blocks is None:
            blocks = [block_data(block) for block in article.blocks.all()]
    blocks = blocks or []
    initial = sum(1 for block in blocks if block.get("id"))
    data.update(
        {
            "blocks-TOTAL_FORMS": len(blocks),
            "blocks-INITIAL_FORMS": initial,
            "blocks-MIN_NUM_FORMS": 0,
            "blocks-MAX_NUM_FORMS": 1000,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": article.corrections.count() if article else 0,
            "corrections-MIN_NUM_FORMS": 0,
            "corrections-MAX_NUM_FORMS": 1000,
        }
    )
    if article is not None and data["corrections-INITIAL_FORMS"]:
        corrections = list(article.corrections.all())
        data["corrections-TOTAL_FORMS"] = len(corrections)
        for index, correction in enumerate(corrections):
            local = timezone.localtime(correction.published_at)
            data.update(
                {
                    f"corrections-{index}-id": correction.pk,
                    f"corrections-{index}-article": article.pk,
                    f"corrections-{index}-kind": correction.kind,
                    f"corrections-{index}-note": correction.note,
                    f"corrections-{index}-published_at_0": local.strftime("%Y-%m-%d"),
                    f"corrections-{index}-published_at_1": local.strftime("%H:%M:%S"),
                }
            )
    for index, block in enumerate(blocks):
        for name, value in block.items():
            data[f"blocks-{index}-{name}"] = value
        if article is not None:
            data[f"blocks-{index}-article"] = article.pk
    if workflow:
        data["_workflow"] = workflow
    data.update(fields)
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
