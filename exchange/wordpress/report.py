"""What an import did and what it could not map, as the command prints it at the end."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts of what was created, updated or left alone, and every item that needs an editor."""

    counts: Counter = field(default_factory=Counter)
    #: (post title, what it lacks) for posts published here without everything a publish needs.
    incomplete: list = field(default_factory=list)
    #: Sentences about what could not be mapped, one per item.
    unmapped: list = field(default_factory=list)

    def count(self, what):
        self.counts[what] += 1

    def note(self, sentence):
        self.unmapped.append(sentence)

    def lines(self):
        yield "Imported: " + (
            ", ".join(f"{what} {number}" for what, number in sorted(self.counts.items()))
            or "nothing"
        )
        if self.incomplete:
            yield "Published, though a publish here would ask for more:"
            for title, lacks in self.incomplete:
                yield f"  “{title}” lacks: {'; '.join(lacks)}"
        if self.unmapped:
            yield "Could not map:"
            for sentence in self.unmapped:
                yield f"  {sentence}"
