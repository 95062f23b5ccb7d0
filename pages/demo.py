"""The demo's standing pages, in Marquee's own words, and one correction for /corrections/.

Registered with the demo loader (`articles.demo.extras`) in `PagesConfig.ready()`; found by
slug like the rest of the demo, so an editor's changes survive unless `--refresh`.
"""

from articles.demo import TRUE_STORY_SLUG
from articles.models import Article, Correction
from articles.richtext import sanitize_html

from .models import StandingPage

Role = StandingPage.Role

PAGES = [
    {
        "slug": "about",
        "title": "About Marquee",
        "role": Role.ABOUT,
        "meta_description": "Who we are and what we explain: true stories, endings and casts.",
        "body": """
<p>Marquee explains films, series and books the week people watch them: whether a story
is true, what an ending means, who plays whom. Every explainer names its sources, and a
true-story verdict links to the interviews and records it rests on.</p>
<p>We are a small desk of writers and editors. Writers draft; an editor reviews and
publishes every piece. When we get something wrong we correct it in the open.</p>
<p>Marquee carries no paywall. Some where-to-watch links earn us a commission; they are
marked, and a sponsored explainer says who paid for it at the top.</p>""",
    },
    {
        "slug": "masthead",
        "title": "Masthead",
        "role": Role.MASTHEAD,
        "meta_description": "The people who write and edit Marquee.",
        "body": """
<h3>Editors</h3>
<p>Eda Marsh, editor: reviews and publishes every explainer and answers corrections.</p>
<h3>Writers</h3>
<p>Wes Okafor, writer: true stories and cast guides.</p>
<h3>Community</h3>
<p>Mo Lindqvist, moderator: reads every held comment and keeps the discussion civil.</p>""",
    },
    {
        "slug": "standards",
        "title": "Editorial standards",
        "role": Role.STANDARDS,
        "meta_description": "How we report, source and separate paid content from editorial.",
        "body": """
<p>We say where each fact comes from. A quote is attributed to the person who said it and
the outlet that published it; a claim we cannot source stays out.</p>
<p>We say what we do not know. A verdict of “partly true” or “inspired by real events”
says which parts are invented.</p>
<p>Paid content is labelled. Sponsors never see or approve an explainer before it is
published, and affiliate links do not decide what we cover.</p>
<p>We warn before spoilers and fold them by how far you have watched.</p>""",
    },
    {
        "slug": "corrections-policy",
        "title": "Corrections policy",
        "role": Role.CORRECTIONS_POLICY,
        "meta_description": "How we correct mistakes, and where to find every correction.",
        "body": """
<p>When an explainer gets a fact wrong we fix it and add a dated note at the end of the
piece saying what changed. We do not quietly rewrite published facts.</p>
<p>Small fixes that change no meaning (a typo, a broken link) are made without a note.
An update that adds new information is marked as an update, not a correction.</p>
<p>To report a mistake, use the contact page; an editor answers every report.</p>""",
    },
    {
        "slug": "fact-checking",
        "title": "Fact-checking policy",
        "role": Role.FACT_CHECKING,
        "meta_description": "How a true-story verdict is checked before it is published.",
        "body": """
<p>Every explainer is read by an editor before it is published. A true-story verdict
lists the sources it rests on: interviews with the makers, court and news records, the
book a series adapts.</p>
<p>We prefer primary sources to other explainers, and we name them, so readers can check
our reading for themselves.</p>""",
    },
    {
        "slug": "contact",
        "title": "Contact",
        "role": Role.CONTACT,
        "meta_description": "How to reach the editors, report a mistake or ask about your data.",
        "body": """
<p>Write to the editors at <a href="mailto:editors@marquee.example">editors@marquee.example</a>
with questions, tips and corrections. Tell us the explainer and the sentence; we answer
every report of a mistake.</p>
<p>For your data (a download or deleting your account), sign in and use your account page,
or write to <a href="mailto:privacy@marquee.example">privacy@marquee.example</a>.</p>""",
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "role": Role.PRIVACY,
        "meta_description": "What Marquee stores about readers, and why.",
        "body": """
<p>You can read Marquee without an account and without cookies.</p>
<h3>What we store</h3>
<ul>
<li><strong>Comments</strong>: what you write, the name you give, your email address (never
shown), and the IP address and browser your comment came from, to fight spam and abuse.</li>
<li><strong>Votes and star ratings</strong>: a random voter id kept in a cookie
(<code>marquee_voter</code>) and the IP address, so each reader counts once.</li>
<li><strong>Follows and reply mail</strong>: your email address and what you follow; nothing
is sent until you confirm the address, and every mail has an unsubscribe link.</li>
<li><strong>Accounts</strong>: your email address and profile name. You sign in with a code
we email you; there is no password to leak.</li>
</ul>
<h3>Cookies</h3>
<p>A session cookie when you sign in or post, a voter cookie when you vote or rate, and
<code>marquee_watched</code> when you tell us how far you have watched a series (so we fold
spoilers). None is set just for reading, and there are no advertising trackers.</p>
<h3>Your rights</h3>
<p>Signed in, you can download everything we hold about you and delete your account from
your account page; comments you want kept stay, without your name.</p>""",
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "role": Role.TERMS,
        "meta_description": "The rules for reading, commenting and reusing Marquee.",
        "body": """
<p>Marquee's explainers are ours; quote them briefly with a link. Pictures belong to
their credited owners.</p>
<p>Comments must be on topic and civil. Moderators hold, hide or remove comments that are
abusive, spam or spoil without warning, and may ban addresses that keep doing it.</p>
<p>Where-to-watch information is checked when written but changes; check with the
service before you subscribe.</p>""",
    },
]

#: Footer order: who we are first, the legal pages last.
FOOTER_ORDER = ["about", "masthead", "standards", "corrections-policy", "fact-checking"]
FOOTER_ORDER += ["contact", "privacy", "terms"]

CORRECTION_NOTE = (
    "An earlier version said the novel was published in 2020. Harlan Coben's Run Away "
    "was published in 2019."
)


def load_demo_pages(loader):
    """The eight standing pages, published and in the footer, and a correction."""
    for data in PAGES:
        values = {
            "title": data["title"],
            "role": data["role"],
            "meta_description": data["meta_description"],
            "body": sanitize_html(data["body"]),
            "status": StandingPage.Status.PUBLISHED,
            "show_in_footer": True,
            "footer_order": FOOTER_ORDER.index(data["slug"]) + 1,
        }
        loader.sync(StandingPage, {"slug": data["slug"]}, values)
    article = Article.objects.filter(slug=TRUE_STORY_SLUG).first()
    if article is not None:
        loader.sync(
            Correction,
            {"article": article, "kind": Correction.Kind.CORRECTION, "note": CORRECTION_NOTE},
        )
