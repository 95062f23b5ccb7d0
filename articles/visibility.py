"""Which tags, people, productions, quotes and contributors readers may see named.

The catalogue is public: editors add people, productions and quotes to be shown, and a
person credited on a production's page is named there. What keeps an entry out of public
view is an embargo: an explainer that is not published (a draft, one in review, one
scheduled for later, one archived) names it, and no published explainer does. Such an entry
has no page, feed, follow link, sitemap entry, API answer or search result, and no public
page lists it, until an explainer naming it is published. A tag is public only while a
published explainer carries it (a tag has nothing to show without one).

"Names it" means: an explainer's tags, people, productions or episodes (an episode names
its series, also as the episode a spoiler block spoils up to), the productions of its ranked
entries, and the quotes of its quote blocks (a quote names its speaker). A person is also
public when credited on a public production or when a public quote is theirs: those pages
name them already.

Each rule is one condition on the model's own rows, added to the query a view makes anyway
(`public_people(Person.objects.select_related(…))`): no extra query, the same answer for a
page, a list and a count. Reader pages, feeds, sitemaps, search, the API, oEmbed and follow
links all ask here.

Why SQL and not the ORM: written as nested `Exists` querysets, the person rule took Django
30 ms to build on every request and PostgreSQL 25 ms to plan (14 subqueries, each joined to
`published()` as a subquery), and PostgreSQL hashed every published explainer's blocks to
answer a page of quotes (110 ms); all to run in under 1 ms. Written here once, from the
models' own table and column names, it costs nothing to build, 1-3 ms to plan, and looks up
each row's own links (at 10,000 explainers: a person 6 ms, a production 4 ms, a quote 2 ms,
the sitemap's 1,000 quotes 33 ms). What "published" means is `ArticleQuerySet.published()`'s
rule; `tests/test_visibility.py` checks that both agree for every status and time.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Expression
from django.utils import timezone

from taggit.models import Tag, TaggedItem

from people.models import Credit, Person, Quote
from productions.models import Episode, Production, Season

from .models import Article, ArticleBlock, Byline, Contributor


class _Sql:
    """One rule being written: fresh aliases for each subquery, parameters in text order."""

    def __init__(self, connection):
        self.quote = connection.ops.quote_name
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        # PostgreSQL turns a one-way EXISTS into a hash of every row it could match (all of
        # the published explainers' blocks: 110 ms at 10k explainers) where looking up the
        # row's own few links takes microseconds; OFFSET 0 keeps it a lookup.
        self.fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
        self.params = []
        self._aliases = 0

    def alias(self):
        self._aliases += 1
        return f"vis{self._aliases}"

    def table(self, model):
        return self.quote(model._meta.db_table)

    def column(self, alias, model, field):
        return f"{alias}.{self.quote(model._meta.get_field(field).column)}"

    def pk(self, alias, model):
        return f"{alias}.{self.quote(model._meta.pk.column)}"

    def _published(self, article):
        """The article aliased `article` is one readers see (`ArticleQuerySet.published()`)."""
        statuses = ", ".join(["%s"] * len(Article.LIVE_STATUSES))
        self.params += [*Article.LIVE_STATUSES, self.now]
        status = self.column(article, Article, "status")
        publish_at = self.column(article, Article, "publish_at")
        return f"{status} IN ({statuses}) AND {publish_at} IS NOT NULL AND {publish_at} <= %s"

    def named(self, links, row_id, *, published=False):
        """EXISTS: an explainer (with `published`, a published one) names the row `row_id`
        through one of `links` (functions writing the tables and columns of one way)."""
        selects = []
        for link in links:
            tables, target, article_id, condition = link(self)
            where = [condition] if condition else []
            where.append(f"{target} = {row_id}")
            if published:
                article = self.alias()
                tables += f" JOIN {self.table(Article)} {article} ON "
                tables += f"{self.pk(article, Article)} = {article_id}"
                where.append(self._published(article))
            selects.append(f"SELECT 1 FROM {tables} WHERE {' AND '.join(where)}")
        return f"EXISTS ({' UNION ALL '.join(selects)}{self.fence})"

    def named_in_public_or_not_at_all(self, links, row_id):
        unnamed = self.named(links, row_id)
        return f"(NOT {unnamed} OR {self.named(links, row_id, published=True)})"


def _m2m(relation, target):
    """An explainer's many-to-many `relation` (people, productions, episodes)."""

    def link(sql):
        through, row = Article._meta.get_field(relation).remote_field.through, sql.alias()
        tables = f"{sql.table(through)} {row}"
        return tables, sql.column(row, through, target), sql.column(row, through, "article"), ""

    return link


def _series_of(sql, link):
    """`link`'s episode, as the series it belongs to."""
    tables, episode_id, article_id, condition = link(sql)
    episode, season = sql.alias(), sql.alias()
    tables += f" JOIN {sql.table(Episode)} {episode} ON {sql.pk(episode, Episode)} = {episode_id}"
    tables += f" JOIN {sql.table(Season)} {season} ON {sql.pk(season, Season)} = "
    tables += sql.column(episode, Episode, "season")
    return tables, sql.column(season, Season, "production"), article_id, condition


def _block(field):
    """What an explainer's blocks point at through `field` (a quote, a spoiled episode)."""

    def link(sql):
        block = sql.alias()
        article_id = sql.column(block, ArticleBlock, "article")
        tables = f"{sql.table(ArticleBlock)} {block}"
        return tables, sql.column(block, ArticleBlock, field), article_id, ""

    return link


def _series_covered(sql):
    return _series_of(sql, _m2m("episodes", "episode"))


def _series_spoiled(sql):
    return _series_of(sql, _block("spoils_up_to"))


def _speaker_quoted(sql):
    tables, quote_id, article_id, condition = _block("quote")(sql)
    quote = sql.alias()
    tables += f" JOIN {sql.table(Quote)} {quote} ON {sql.pk(quote, Quote)} = {quote_id}"
    return tables, sql.column(quote, Quote, "speaker"), article_id, condition


def _tagged(sql):
    row = sql.alias()
    sql.params.append(ContentType.objects.get_for_model(Article).pk)
    tag, article_id = sql.column(row, TaggedItem, "tag"), sql.column(row, TaggedItem, "object_id")
    condition = f"{sql.column(row, TaggedItem, 'content_type')} = %s"
    return f"{sql.table(TaggedItem)} {row}", tag, article_id, condition


PRODUCTION_LINKS = (
    _m2m("productions", "production"),
    _series_covered,
    _series_spoiled,
    _block("production"),
)
QUOTE_LINKS = (_block("quote"),)
PERSON_LINKS = (_m2m("people", "person"), _speaker_quoted)


def _production_rule(sql, row_id):
    """No explainer names the production (or one of its episodes), or a published one does."""
    return sql.named_in_public_or_not_at_all(PRODUCTION_LINKS, row_id)


def _quote_rule(sql, row_id):
    """No explainer quotes it, or a published one does."""
    return sql.named_in_public_or_not_at_all(QUOTE_LINKS, row_id)


def _person_rule(sql, row_id):
    """No explainer names or quotes the person, or a published one does, or a public
    production credits them, or a public quote is theirs."""
    named = sql.named_in_public_or_not_at_all(PERSON_LINKS, row_id)
    credit, quote = sql.alias(), sql.alias()
    credited = (
        f"EXISTS (SELECT 1 FROM {sql.table(Credit)} {credit} "
        f"WHERE {sql.column(credit, Credit, 'person')} = {row_id} "
        f"AND {_production_rule(sql, sql.column(credit, Credit, 'production'))}{sql.fence})"
    )
    said = (
        f"EXISTS (SELECT 1 FROM {sql.table(Quote)} {quote} "
        f"WHERE {sql.column(quote, Quote, 'speaker')} = {row_id} "
        f"AND {_quote_rule(sql, sql.pk(quote, Quote))}{sql.fence})"
    )
    return f"({named} OR {credited} OR {said})"


def _bylined(sql):
    row = sql.alias()
    contributor = sql.column(row, Byline, "contributor")
    return f"{sql.table(Byline)} {row}", contributor, sql.column(row, Byline, "article"), ""


def _contributor_rule(sql, row_id):
    """A published explainer has them on its byline."""
    return sql.named((_bylined,), row_id, published=True)


def _tag_rule(sql, row_id):
    """A published explainer carries the tag."""
    return sql.named((_tagged,), row_id, published=True)


class _IsPublic(Expression):
    """A filter condition on the rows of the query it is in: whether readers may see each
    named, by `rule`. Written for the query's own table, whatever alias it has (a subquery
    is relabelled `U0`…)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, rule):
        super().__init__(output_field=BooleanField())
        self.rule = rule

    def __repr__(self):
        return f"{type(self).__name__}({self.rule.__name__})"

    def as_sql(self, compiler, connection):
        query = compiler.query
        alias = compiler.quote_name_unless_alias(next(iter(query.alias_map)))
        row_id = f"{alias}.{connection.ops.quote_name(query.get_meta().pk.column)}"
        sql = _Sql(connection)
        return self.rule(sql, row_id), sql.params


def public_tags(tags=None):
    """`tags` (every tag by default) that readers may see named."""
    return (Tag.objects.all() if tags is None else tags).filter(_IsPublic(_tag_rule))


def public_productions(productions=None):
    """`productions` (every one by default) that readers may see named."""
    productions = Production.objects.all() if productions is None else productions
    return productions.filter(_IsPublic(_production_rule))


def public_people(people=None):
    """`people` (everyone by default) that readers may see named."""
    return (Person.objects.all() if people is None else people).filter(_IsPublic(_person_rule))


def public_quotes(quotes=None):
    """`quotes` (every one by default) that readers may see."""
    return (Quote.objects.all() if quotes is None else quotes).filter(_IsPublic(_quote_rule))


def public_contributors(contributors=None):
    """`contributors` (everyone by default) with a published explainer on their byline: only
    they have an author page, feed and sitemap entry. A profile whose only bylines are on
    drafts or embargoed pieces stays unseen, so no byline leaks before its piece."""
    contributors = Contributor.objects.all() if contributors is None else contributors
    return contributors.filter(_IsPublic(_contributor_rule))
