"""Template tags that render the discussion under an article without the article view's help.

`articles` never imports `discussion`, so the article page only includes two seams
(`discussion/article_discussion.html`, `discussion/block_feedback.html`) and these tags fetch
what they need: one page of threads in a fixed number of queries, whatever the comment count.
"""

from django import template

from .. import http, selectors
from ..forms import CommentForm, SubscribeForm, fill_stamp
from ..models import Comment
from ..text import render_plain_text

register = template.Library()

STAR_LABELS = ["Poor", "Fair", "Good", "Very good", "Excellent"]


@register.inclusion_tag("discussion/discussion.html", takes_context=True)
def article_discussion(context, article=None):
    """Rating, comment count, sort, the reader's pending comments, the form and one page of threads.

    The reader's own state is rendered here too, so the page works without JavaScript when it is
    not cached; `discussion.js` refreshes that state from `discussion/<id>/me/` so a cached copy
    of the shared page would still show each reader their own votes, rating and pending comment.
    """
    request = context["request"]
    article = article or context["article"]
    if not article.is_public:
        # A staff preview of a draft: nobody can take part yet, so nothing is fetched.
        return {"article": article, "preview": True}
    query = request.GET
    block_uid = selectors.parse_uid(query.get("block"))
    page = selectors.thread_page(
        article=article,
        sort=query.get("sort"),
        page=query.get("page", 1),
        block_uid=block_uid,
    )
    state = selectors.reader_state(article=article, **http.reader_identity(request))
    selectors.apply_reader_state(page["nodes"], state)
    reply_to = None
    reply_to_id = selectors.parse_id(query.get("reply_to"))
    if reply_to_id is not None:
        reply_to = (
            Comment.objects.approved()
            .filter(article=article, pk=reply_to_id)
            .select_related("user")
            .first()
        )
    form = CommentForm(
        article=article,
        user=request.user,
        initial={"parent": reply_to.pk if reply_to else None},
    )
    return {
        "article": article,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
        "form": form,
        "subscribe_form": SubscribeForm(user=request.user),
        "reply_to": reply_to,
        "sorts": [(key, label) for key, (label, _order) in selectors.SORTS.items()],
        "block_uid": block_uid,
        "state": state,
        "stars": [(value, STAR_LABELS[value - 1]) for value in range(1, 6)],
        **page,
    }


@register.simple_tag
def discussion_stamp():
    """A fresh signed "form shown at" stamp for a hand-written comment form."""
    return fill_stamp()


@register.filter
def plain_text(value):
    """Reader text, escaped, links made safe, line breaks kept."""
    return render_plain_text(value)


@register.simple_tag(takes_context=True)
def sort_url(context, sort):
    request = context["request"]
    query = request.GET.copy()
    query["sort"] = sort
    query.pop("page", None)
    return f"?{query.urlencode()}#comments"


@register.simple_tag(takes_context=True)
def page_url(context, number):
    request = context["request"]
    query = request.GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}#comments"


FEEDBACK_KINDS = {"rich_text", "quote", "fact_fiction", "image", "spoiler"}


@register.filter
def takes_feedback(block):
    return getattr(block, "kind", "") in FEEDBACK_KINDS
