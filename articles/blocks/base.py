"""What every kind of article block declares, and the ordered registry of kinds."""

import functools
import operator

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

#: Payload fields that point at another row: empty is NULL there, "" everywhere else.
RELATION_FIELDS = frozenset({"quote", "also_read", "source", "spoils_up_to", "image", "production"})


def _empty(field):
    return Q(**{field: None}) if field in RELATION_FIELDS else Q(**{field: ""})


#: How much of a block's own text its title bar in the admin shows.
TITLE_WORDS = 12


def field_text(block, name):
    """What payload field `name` of `block` says in words: a relation's name, text untagged."""
    if name in RELATION_FIELDS:
        if not getattr(block, f"{name}_id", None):
            return ""
        try:
            return str(getattr(block, name))
        except ObjectDoesNotExist:
            return ""
    return strip_tags(str(getattr(block, name, "") or "")).replace("&nbsp;", " ").strip()


def _filled(field):
    return Q(**{f"{field}__isnull": False}) if field in RELATION_FIELDS else ~Q(**{field: ""})


class BlockKind:
    """One kind of block an editor can add to an article body, and how readers see it.

    Subclass it, fill in the attributes, decorate the class with `@register`, and add
    `templates/blocks/<name>.html`: the model's choices and constraints, the admin form,
    the article page, word counts, revisions and inline feedback all follow.
    """

    #: The value stored in `ArticleBlock.kind`; never change it once blocks exist.
    name = ""
    #: What editors see in the kind <select> and in revision comparisons.
    label = ""
    #: Payload fields this kind fills; a kind that does not use a payload field leaves it empty.
    fields = ()
    #: Further fields its admin form shows, which the database lets any kind hold.
    details = ()
    #: Fields that must be filled (from `fields` or `details`).
    required = ()
    #: What an editor reads when a block of this kind has the wrong shape.
    message = ""
    #: Form fields whose words `plain_text` returns: the admin's live word count reads these
    #: (a relation, such as a quote, counts the words its picker shows).
    word_fields = ()
    #: Whether readers spend picture time on it (reading time).
    counts_as_picture = False
    #: Whether readers can comment on this passage (inline feedback).
    takes_feedback = False
    #: Whether consecutive blocks of this kind render as one group (one template call).
    grouped = False
    #: Whether its blocks are the numbered entries of a ranked list (`Article.entry_numbers`).
    ranked = False
    #: Whether its blocks are entries of the article's table of contents.
    in_table_of_contents = False
    #: Relations the article page needs loaded with its blocks (`select_related`).
    select_related = ()
    #: Form fields whose words name the block in its admin title bar, first filled wins
    #: (static/admin/marquee/blocks.js reads the same list to keep the title live; a
    #: relation gives the name its picker shows).
    title_fields = ()
    #: What editors call a field in this kind where the model's own name does not say it
    #: (a spoiler's heading is its label): revision comparisons name changed fields so.
    field_labels = {}

    @property
    def template(self):
        """The template that renders it on the article page: `blocks/<name>.html`."""
        return f"blocks/{self.name}.html"

    @property
    def form_fields(self):
        """Every field the admin shows for this kind, in order."""
        return (*self.fields, *self.details)

    def plain_text(self, block):
        """The words readers read in it, without markup: word count, excerpts, search."""
        return ""

    #: Payload fields whose words readers only see when they open the block themselves (a
    #: spoiler's hidden text): never quoted outside it, never searched, never in a snippet.
    hidden_fields = ()

    def quotable_text(self, block):
        """The words that may leave the block: search documents, excerpts, anything quoted
        outside the article page. The plain text unless the kind hides some of it."""
        return self.plain_text(block)

    def excerpt(self, block):
        """What may be quoted of it outside the block itself (a comment's "On the passage",
        the list of passages): its quotable text."""
        return self.quotable_text(block)

    def field_label(self, model_field):
        """The label of one of its fields in revision comparisons: "Spoils up to"."""
        label = str(self.field_labels.get(model_field.name, model_field.verbose_name))
        return label[:1].upper() + label[1:]

    def title(self, block):
        """What the block's title bar in the admin says after the kind: its own first words."""
        for name in self.title_fields:
            text = " ".join(field_text(block, name).split())
            if text:
                return Truncator(text).words(TITLE_WORDS)
        return ""

    def anchor(self, block):
        """The id its block gets on the page when it is in the table of contents."""
        return slugify(block.heading)[:60]

    def jsonld(self, block):
        """A schema.org object this block adds to the article page, or None."""
        return None

    def csp_sources(self, block):
        """Content-Security-Policy sources the article page needs for this block once a
        reader asks for it ({"frame-src": [...], "script-src": [...]}), or {}."""
        return {}

    def publish_problems(self, block, number):
        """What block `number` still lacks before the article may go public."""
        return []

    def incomplete(self):
        """`publish_problems` as a query: a Q on ArticleBlock matching blocks it would refuse."""
        return None

    def constraint(self, payload_fields):
        """The database rule "a block of this kind has its fields and nothing else"."""
        empty_rest = [_empty(field) for field in payload_fields if field not in self.fields]
        required = functools.reduce(operator.and_, map(_filled, self.required), Q())
        return models.CheckConstraint(
            condition=~Q(kind=self.name) | functools.reduce(operator.and_, empty_rest, required),
            name=f"block_{self.name}_shape",
            violation_error_message=self.message,
        )

    def __repr__(self):
        return f"<block kind {self.name}>"


class Registry:
    """The kinds of block, in the order editors see them in the kind <select>."""

    def __init__(self):
        self._kinds = {}

    def register(self, kind_class):
        """Add one kind (a class decorator); its name must be new."""
        kind = kind_class()
        if not kind.name or kind.name in self._kinds:
            raise ValueError(f"A block kind needs a new name, not {kind.name!r}.")
        self._kinds[kind.name] = kind
        return kind_class

    def __iter__(self):
        return iter(self._kinds.values())

    def __len__(self):
        return len(self._kinds)

    def __getitem__(self, name):
        return self._kinds[name]

    def get(self, name):
        return self._kinds.get(name)

    @property
    def names(self):
        return list(self._kinds)

    def payload_fields(self):
        """The fields some kind fills, in registry order: each kind leaves the others' empty."""
        return list(dict.fromkeys(field for kind in self for field in kind.fields))

    def hiding(self, field):
        """The kinds whose `field` readers open themselves (its words are never searched)."""
        return [kind.name for kind in self if field in kind.hidden_fields]

    def title_fields_by_kind(self):
        """{kind: title fields} for the admin script that keeps block titles live."""
        return {kind.name: list(kind.title_fields) for kind in self}

    def select_related(self):
        """What the article page loads with its blocks, for every kind at once."""
        return list(dict.fromkeys(name for kind in self for name in kind.select_related))

    def csp_sources(self, blocks):
        """{directive: sources} a page showing `blocks` needs beyond the site's strict policy
        (an embed's player frame and script, used only after the reader's click)."""
        sources = {}
        for block in blocks:
            spec = self.get(block.kind)
            for directive, hosts in (spec.csp_sources(block) if spec else {}).items():
                listed = sources.setdefault(directive, [])
                listed.extend(host for host in hosts if host not in listed)
        return {directive: hosts for directive, hosts in sources.items() if hosts}

    def choices_class(self, *, module, qualname):
        """`ArticleBlock.Kind`: a TextChoices whose members are the registered kinds."""
        members = [(kind.name.upper(), (kind.name, kind.label)) for kind in self]
        return models.TextChoices(
            qualname.rpartition(".")[2], members, module=module, qualname=qualname
        )

    def constraints(self):
        """One CheckConstraint per kind, named `block_<kind>_shape`."""
        payload = self.payload_fields()
        return [kind.constraint(payload) for kind in self]


registry = Registry()
register = registry.register
