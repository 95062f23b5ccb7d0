"""Ranked lists: a list explainer numbers its entry blocks, 1 to N or counting down."""

from django.db import models


class Ranked(models.Model):
    """The ranked-list setting of an article: readers see its entries numbered up or down."""

    countdown = models.BooleanField(
        "count down",
        default=False,
        help_text="Ranked lists: number the entries from the highest down to 1 (a “10 to 1” "
        "countdown), so the first entry on the page has the biggest number.",
    )

    class Meta:
        abstract = True

    def entry_numbers(self):
        """{block uid: number} of its entry blocks in page order (1, 2, 3… or N… 2, 1), read
        from the blocks already loaded: numbering a page of entries costs no query."""
        cached = getattr(self, "_entry_numbers", None)
        if cached is None:
            entries = [block.uid for block in self.blocks.all() if block.spec.ranked]
            count = len(entries)
            numbers = range(count, 0, -1) if self.countdown else range(1, count + 1)
            cached = self._entry_numbers = dict(zip(entries, numbers, strict=True))
        return cached

    def ranked_entries(self):
        """Its entry blocks in page order, each with its `rank` read from `entry_numbers`."""
        numbers = self.entry_numbers()
        return [block for block in self.blocks.all() if block.uid in numbers]
