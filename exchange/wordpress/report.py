"""What an import did, post by post, and what it lost or changed: printed, or written as CSV
or JSON for the editors who will check the posts."""

import csv
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Outcomes that mean a post did not come across.
FAILED = "failed"


@dataclass
class ItemReport:
    """One post (or page): what became of it and every loss or change an editor should check."""

    wp_id: int
    post_type: str
    title: str
    outcome: str = ""
    #: Where readers (or, for a draft, editors) find it in Marquee.
    address: str = ""
    notes: list = field(default_factory=list)

    def note(self, sentence):
        self.notes.append(sentence)

    @property
    def label(self):
        return f"{self.post_type} {self.wp_id} “{self.title}”"


@dataclass
class ImportReport:
    """Counts per kind, one entry per post, notes about the export as a whole."""

    site: str = ""
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    items: list = field(default_factory=list)
    #: Sentences about the file or the site rather than one post.
    general: list = field(default_factory=list)
    #: (post title, what it lacks) for posts published here without everything a publish needs.
    incomplete: list = field(default_factory=list)

    def item(self, wp_id, post_type, title):
        entry = ItemReport(wp_id=wp_id, post_type=post_type, title=title)
        self.items.append(entry)
        return entry

    def count(self, what, number=1):
        if number:
            self.counts[what] += number

    def note(self, sentence):
        self.general.append(sentence)

    @property
    def failed(self):
        """Whether any post could not be imported: the command's exit code says so."""
        return any(entry.outcome == FAILED for entry in self.items)

    def lines(self):
        if self.dry_run:
            yield "Dry run: nothing was written. This is what an import would do."
        yield f"Site: {self.site}" if self.site else "Site: (none named)"
        yield "Counts: " + (
            ", ".join(f"{what} {number}" for what, number in sorted(self.counts.items()))
            or "nothing"
        )
        for sentence in self.general:
            yield sentence
        noted = [entry for entry in self.items if entry.notes]
        if noted:
            yield "Per post, what was lost or changed:"
            for entry in noted:
                yield f"  {entry.label} ({entry.outcome})"
                for sentence in entry.notes:
                    yield f"    - {sentence}"
        if self.incomplete:
            yield "Published, though a publish here would ask for more:"
            for title, lacks in self.incomplete:
                yield f"  “{title}” lacks: {'; '.join(lacks)}"
        if self.failed:
            failed = sum(entry.outcome == FAILED for entry in self.items)
            yield f"{failed} post(s) could not be imported: see above."

    def write(self, path):
        """The report as `path` names it: .json (everything) or .csv (one row per note)."""
        path = Path(path)
        check_report_path(path)
        if path.suffix.lower() == ".json":
            data = {
                "site": self.site,
                "dry_run": self.dry_run,
                "counts": dict(sorted(self.counts.items())),
                "general": self.general,
                "items": [asdict(entry) for entry in self.items],
                "incomplete": [{"title": t, "lacks": lacks} for t, lacks in self.incomplete],
            }
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            return
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["wp_id", "type", "title", "outcome", "address", "note"])
            for entry in self.items:
                row = [entry.wp_id, entry.post_type, entry.title, entry.outcome, entry.address]
                for sentence in entry.notes or [""]:
                    writer.writerow([*row, sentence])


def check_report_path(path):
    """Refused before the import starts, not after it: a report goes to a .csv or .json file."""
    if Path(path).suffix.lower() not in (".csv", ".json"):
        raise ValueError(f"{Path(path).name}: a report is written as .csv or .json")
