"""The demo newsroom's content: people, productions, credits, sources, quotes, articles.

The prose is Marquee's own. Facts, names and the short attributed quotes come
from public interviews; the source records are placeholders under
https://example.com/ because their real addresses are not checked here.
"""

import datetime

from people.models import Credit
from productions.models import Production

from ..models import Article, ArticleBlock
from .pictures import Picture, initials

UTC = datetime.UTC
DEMO_CREDIT = "Illustration: Marquee demo"

PEOPLE = [
    {
        "slug": "harlan-coben",
        "name": "Harlan Coben",
        "bio": (
            "American crime novelist from New Jersey, known for standalone thrillers in "
            "which an ordinary family stumbles into something dark. Since agreeing a "
            "multi-series deal with Netflix, he has turned a run of his books into "
            "television, many of them relocated to England."
        ),
    },
    {
        "slug": "james-nesbitt",
        "name": "James Nesbitt",
        "bio": (
            "Northern Irish actor, familiar to British viewers from Cold Feet and The Missing. "
            "In Run Away he plays Simon Greene, a father who goes looking for his runaway "
            "daughter and finds far more than he bargained for."
        ),
    },
    {
        "slug": "minnie-driver",
        "name": "Minnie Driver",
        "bio": (
            "English actor and singer, Oscar-nominated for Good Will Hunting. In Run Away "
            "she plays Ingrid Greene, Simon's wife, who holds the family together while "
            "their daughter is missing."
        ),
    },
    {
        "slug": "charlotte-coben",
        "name": "Charlotte Coben",
        "bio": (
            "Writer and producer, and Harlan Coben's daughter. On Run Away she was an "
            "associate producer and wrote two of the eight episodes."
        ),
    },
]

PRODUCTIONS = [
    {
        "slug": "run-away-novel",
        "title": "Run Away",
        "kind": Production.Kind.NOVEL,
        "year": 2019,
        "platform": "Century",
        "synopsis": (
            "Harlan Coben's 2019 thriller about a father who spots his missing daughter in a "
            "New York park and sets off after her, into a world of addiction, a closed cult "
            "and a string of killings."
        ),
    },
    {
        "slug": "run-away",
        "title": "Run Away",
        "kind": Production.Kind.SERIES,
        "year": 2026,
        "release_date": datetime.date(2026, 1, 1),
        "platform": "Netflix",
        "episode_count": 8,
        "based_on": "run-away-novel",
        "synopsis": (
            "Simon Greene's eldest daughter Paige has vanished into addiction with a "
            "boyfriend her parents distrust. When Simon finds her, and loses her again, his "
            "search drags the family into murder, a secretive cult and a past nobody "
            "admitted to. Eight episodes, adapted from Harlan Coben's novel."
        ),
        "filming_locations": "Manchester\nNorth-west England",
    },
    {
        "slug": "fool-me-once",
        "title": "Fool Me Once",
        "kind": Production.Kind.SERIES,
        "year": 2024,
        "release_date": datetime.date(2024, 1, 1),
        "platform": "Netflix",
        "episode_count": 8,
        "synopsis": (
            "A grieving widow sees her murdered husband on the footage of a hidden nanny "
            "camera, and starts to doubt everything she was told about his death. Adapted "
            "from Harlan Coben's novel."
        ),
    },
    {
        "slug": "the-stranger",
        "title": "The Stranger",
        "kind": Production.Kind.SERIES,
        "year": 2020,
        "release_date": datetime.date(2020, 1, 30),
        "platform": "Netflix",
        "episode_count": 8,
        "synopsis": (
            "A stranger tells a settled family man a secret about his wife; within days she "
            "has disappeared. Adapted from Harlan Coben's novel."
        ),
    },
]

AVAILABILITIES = [
    {
        "production": "run-away",
        "platform": "Netflix",
        "country": "",
        "available_from": datetime.date(2026, 1, 1),
        "url": "https://www.netflix.com/",
    },
    {
        "production": "fool-me-once",
        "platform": "Netflix",
        "country": "",
        "available_from": datetime.date(2024, 1, 1),
        "url": "https://www.netflix.com/",
    },
    {
        "production": "the-stranger",
        "platform": "Netflix",
        "country": "",
        "available_from": datetime.date(2020, 1, 30),
        "url": "https://www.netflix.com/",
    },
]

CREDITS = [
    {"person": "harlan-coben", "production": "run-away-novel", "role": Credit.Role.AUTHOR},
    {"person": "harlan-coben", "production": "run-away", "role": Credit.Role.CREATOR},
    {
        "person": "james-nesbitt",
        "production": "run-away",
        "role": Credit.Role.ACTOR,
        "character_name": "Simon Greene",
        "billing_order": 1,
    },
    {
        "person": "minnie-driver",
        "production": "run-away",
        "role": Credit.Role.ACTOR,
        "character_name": "Ingrid Greene",
        "billing_order": 2,
    },
    {
        "person": "charlotte-coben",
        "production": "run-away",
        "role": Credit.Role.ASSOCIATE_PRODUCER,
        "billing_order": 10,
    },
    {
        "person": "charlotte-coben",
        "production": "run-away",
        "role": Credit.Role.WRITER,
        "billing_order": 11,
    },
    {"person": "harlan-coben", "production": "fool-me-once", "role": Credit.Role.CREATOR},
    {"person": "harlan-coben", "production": "the-stranger", "role": Credit.Role.CREATOR},
]

# Placeholder citations: real outlets, titles in our words, addresses under example.com.
SOURCES = [
    {
        "url": "https://example.com/demo-sources/tudum-coben-run-away",
        "outlet": "Netflix Tudum",
        "title": "Harlan Coben on the family moment that became Run Away",
        "published_on": datetime.date(2025, 12, 18),
        "accessed_on": datetime.date(2026, 1, 2),
    },
    {
        "url": "https://example.com/demo-sources/radio-times-coben-interview",
        "outlet": "Radio Times",
        "title": "Interview: Harlan Coben on Strawberry Fields, fear and Run Away",
        "published_on": datetime.date(2025, 12, 29),
        "accessed_on": datetime.date(2026, 1, 2),
    },
    {
        "url": "https://example.com/demo-sources/tudum-run-away-cast",
        "outlet": "Netflix Tudum",
        "title": "James Nesbitt and Minnie Driver on playing the Greenes",
        "published_on": datetime.date(2026, 1, 1),
        "accessed_on": datetime.date(2026, 1, 2),
    },
]

QUOTES = {
    "coben-spiralled": {
        "speaker": "harlan-coben",
        "source": "https://example.com/demo-sources/tudum-coben-run-away",
        "text": (
            "I found some drug paraphernalia in her room when she was a teenager … "
            "And of course, my mind spiralled, that's what it does."
        ),
        "context": "Recalling the evening, years ago, that gave him the idea for Run Away.",
        "productions": ["run-away", "run-away-novel"],
    },
    "coben-strawberry-fields": {
        "speaker": "harlan-coben",
        "source": "https://example.com/demo-sources/radio-times-coben-interview",
        "text": (
            "I'm looking across at the guy, and I thought, 'What if that was my lead "
            "character's daughter?'"
        ),
        "context": "Remembering a busker he watched in Strawberry Fields, Central Park.",
        "productions": ["run-away", "run-away-novel"],
    },
    "coben-fears": {
        "speaker": "harlan-coben",
        "source": "https://example.com/demo-sources/radio-times-coben-interview",
        "text": "I take all my fears and channel them this way.",
        "context": "On why his thrillers keep putting families in danger.",
        "productions": ["run-away"],
    },
    "nesbitt-parent": {
        "speaker": "james-nesbitt",
        "source": "https://example.com/demo-sources/tudum-run-away-cast",
        "text": (
            "As a parent, it makes that easier, because you can obviously locate your "
            "feelings about your own children."
        ),
        "context": "On finding his way into Simon Greene's panic.",
        "productions": ["run-away"],
    },
    "driver-friends": {
        "speaker": "minnie-driver",
        "source": "https://example.com/demo-sources/tudum-run-away-cast",
        "text": (
            "She drew on her own experience of supporting friends through addiction to play Ingrid."
        ),
        "context": "Reported from an interview about playing Ingrid Greene.",
        "is_paraphrase": True,
        "productions": ["run-away"],
    },
}

TRUE_STORY_SLUG = "is-run-away-a-true-story"
CAST_GUIDE_SLUG = "run-away-cast-guide"

ARTICLES = [
    {
        "slug": TRUE_STORY_SLUG,
        "title": "Is Run Away a true story? What Harlan Coben took from his own family",
        "standfirst": (
            "Netflix's Run Away is fiction, adapted from Coben's 2019 novel. But the fear at "
            "its centre started with a real evening in the author's home."
        ),
        "kind": Article.Kind.TRUE_STORY,
        "publish_at": datetime.datetime(2026, 1, 2, 9, 0, tzinfo=UTC),
        "is_featured": True,
        "verdict": Article.Verdict.INSPIRED,
        "verdict_summary": "Fiction, inspired by a real moment in the author's family",
        "verdict_sources": [
            "https://example.com/demo-sources/tudum-coben-run-away",
            "https://example.com/demo-sources/radio-times-coben-interview",
        ],
        "seo_title": "Is Run Away a true story? The real moment behind the Netflix thriller",
        "seo_description": (
            "Run Away is fiction, based on Harlan Coben's 2019 novel, but it began with a "
            "real scare in his family. What is true, and what the series invents."
        ),
        "review_by": datetime.date(2026, 7, 1),
        "tags": ["Netflix", "Harlan Coben", "True story", "Thrillers"],
        "productions": ["run-away", "run-away-novel", "fool-me-once", "the-stranger"],
        "people": ["harlan-coben", "james-nesbitt", "minnie-driver", "charlotte-coben"],
        "hero": Picture(
            path="articles/demo-run-away-hero.png",
            text="Is Run Away a true story?",
            alt="An illustrated title card reading “Is Run Away a true story?”",
            size=(1600, 900),
            caption="Run Away · Netflix · 2026",
        ),
    },
    {
        "slug": CAST_GUIDE_SLUG,
        "title": "Run Away cast: who plays who in Harlan Coben's Netflix thriller",
        "standfirst": (
            "James Nesbitt and Minnie Driver lead the eight-part series as the Greenes, "
            "with the Coben family busy behind the camera."
        ),
        "kind": Article.Kind.CAST_GUIDE,
        "publish_at": datetime.datetime(2026, 1, 3, 9, 0, tzinfo=UTC),
        "is_featured": False,
        "seo_description": (
            "Who plays Simon and Ingrid Greene in Run Away, and who made the series behind "
            "the camera."
        ),
        "tags": ["Netflix", "Harlan Coben", "Cast"],
        "productions": ["run-away"],
        "people": ["james-nesbitt", "minnie-driver", "harlan-coben", "charlotte-coben"],
        "hero": Picture(
            path="articles/demo-run-away-cast-hero.png",
            text="Run Away: the cast",
            alt="An illustrated title card reading “Run Away: the cast”",
            size=(1600, 900),
            caption="Run Away · Netflix · 2026",
        ),
    },
]


def _p(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


# Blocks per article, in order: (key, kind, fields). The key fixes the block's uid.
BLOCKS = {
    TRUE_STORY_SLUG: [
        (
            "intro",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "Plenty of people reach the end of <em>Run Away</em> sure they have just "
                    "watched a dramatised court case. They have not. The eight-episode Netflix "
                    "thriller, which arrived on 1 January 2026, is fiction from the first "
                    "scene to the last: it adapts Harlan Coben's 2019 novel of the same name, "
                    "and no real family, crime or cult sits behind its plot.",
                    "What is real is the feeling that drives it. Coben has traced the story "
                    "back to an ordinary, unsettling evening at home, and the cast say they "
                    "leaned on their own lives as parents and friends to play it. Here is "
                    "what came from life, and what came from a novelist's imagination.",
                )
            },
        ),
        ("heading-idea", ArticleBlock.Kind.HEADING, {"heading": "Where the idea came from"}),
        (
            "idea-1",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "The starting point was domestic rather than criminal. When his daughter "
                    "Charlotte was a teenager, Coben came across something in her room that "
                    "no parent wants to find. By his own account it was a small amount of "
                    "cannabis, and she still insists the pipe belonged to a friend. That did "
                    "not stop his imagination from running ahead of the facts."
                )
            },
        ),
        ("quote-spiralled", ArticleBlock.Kind.QUOTE, {"quote": "coben-spiralled"}),
        (
            "idea-2",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "The worry became a question, and the question became a book. Coben has "
                    "called that evening the seed of the whole story, and the family link "
                    "did not stop there: Charlotte Coben is an associate producer on the "
                    "series and wrote two of its eight episodes.",
                    "A second picture arrived on a bench in Strawberry Fields, the corner of "
                    "Central Park that remembers John Lennon. Watching a young street "
                    "musician, Coben imagined a father recognising his missing child among "
                    "the performers. That image opens the novel, and the series keeps it: "
                    "Simon Greene first sees his daughter Paige again in a park, playing for "
                    "strangers.",
                )
            },
        ),
        ("quote-strawberry-fields", ArticleBlock.Kind.QUOTE, {"quote": "coben-strawberry-fields"}),
        ("ad-1", ArticleBlock.Kind.AD_SLOT, {}),
        ("heading-real", ArticleBlock.Kind.HEADING, {"heading": "Why it feels so real"}),
        (
            "real-1",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "Coben's thrillers tend to open on a comfortable household and a problem "
                    "any parent could face, and only then let the stakes climb. <em>Run "
                    "Away</em> follows the pattern: a settled family, a daughter lost to "
                    "addiction, a boyfriend who keeps her there. The premise is small enough "
                    "to recognise, which makes the conspiracy that follows harder to wave "
                    "away.",
                    "The author is frank about where the tension comes from. He describes his "
                    "novels as the place where the everyday anxieties of family life go, and "
                    "jokes that his readers end up carrying his worries for him.",
                )
            },
        ),
        ("quote-fears", ArticleBlock.Kind.QUOTE, {"quote": "coben-fears"}),
        (
            "real-2",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "The cast brought their own experience to it too. James Nesbitt, who "
                    "plays Simon, said being a father gave him a way into the character's "
                    "growing panic, without having to invent it."
                )
            },
        ),
        ("quote-nesbitt", ArticleBlock.Kind.QUOTE, {"quote": "nesbitt-parent"}),
        (
            "real-3",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "Minnie Driver, who plays Simon's wife Ingrid, has described drawing on "
                    "years of standing by friends through addiction, which gives the family "
                    "scenes their tired, unsentimental edge."
                )
            },
        ),
        ("quote-driver", ArticleBlock.Kind.QUOTE, {"quote": "driver-friends"}),
        (
            "image-locations",
            ArticleBlock.Kind.IMAGE,
            {
                "picture": Picture(
                    path="articles/blocks/demo-run-away-locations.png",
                    text="Filmed in Manchester",
                    alt="An illustrated card reading “Filmed in Manchester”",
                    size=(1200, 675),
                    caption="North-west England",
                ),
                "caption": "The series was shot in Manchester and around north-west England.",
            },
        ),
        (
            "real-4",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "The locations help as well. The production filmed in Manchester and "
                    "across north-west England, on streets, estates and parks that look "
                    "lived in rather than dressed for television. Ordinary places make "
                    "extraordinary events easier to believe, and a viral video of Simon "
                    "losing his temper, passed around on social media, feels uncomfortably "
                    "close to the way real stories now spread."
                )
            },
        ),
        ("ad-2", ArticleBlock.Kind.AD_SLOT, {}),
        ("heading-invented", ArticleBlock.Kind.HEADING, {"heading": "What the series invents"}),
        (
            "invented-intro",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "Everything that turns a family crisis into a conspiracy thriller is made "
                    "up. None of the following has a real-world counterpart, however often "
                    "viewers go looking for one."
                )
            },
        ),
        (
            "fact-cult",
            ArticleBlock.Kind.FACT_FICTION,
            {
                "claim": "The Beacon of the Shining Truth is a real cult.",
                "on_screen": (
                    "A closed community with a charismatic leader whose secrets tie together "
                    "Paige's disappearance and a series of deaths."
                ),
                "in_reality": (
                    "There is no such group. Coben has said he wanted to explore how cults "
                    "draw people in, but the Beacon and its leader are his invention."
                ),
                "fact_verdict": ArticleBlock.FactVerdict.INVENTED,
                "source": "https://example.com/demo-sources/radio-times-coben-interview",
            },
        ),
        (
            "fact-assassins",
            ArticleBlock.Kind.FACT_FICTION,
            {
                "claim": "Ash and Dee Dee are based on real contract killers.",
                "on_screen": (
                    "A pair of hired assassins work their way through a list of people the "
                    "cult wants silenced."
                ),
                "in_reality": (
                    "They are characters from the novel, written for suspense. No real case "
                    "or killers lie behind them."
                ),
                "fact_verdict": ArticleBlock.FactVerdict.INVENTED,
            },
        ),
        (
            "fact-genealogy",
            ArticleBlock.Kind.FACT_FICTION,
            {
                "claim": "The genealogy-site murders happened.",
                "on_screen": (
                    "Adopted adults who found each other through a DNA and family-tree "
                    "website start turning up dead."
                ),
                "in_reality": (
                    "No such killings have been reported. Coben has said he was interested in "
                    "what home DNA tests reveal about families, and built the plot around "
                    "that idea."
                ),
                "fact_verdict": ArticleBlock.FactVerdict.INVENTED,
            },
        ),
        (
            "spoiler-ending",
            ArticleBlock.Kind.SPOILER,
            {
                "heading": "Spoiler: how the killings connect",
                "text": _p(
                    "The people who die across the series are not random victims. The adopted "
                    "adults who traced each other through the genealogy website share a "
                    "connection to the cult, and that connection is exactly why the hired "
                    "killers are hunting them. It is the most far-fetched thread of the "
                    "story, and the one with the least basis in fact."
                ),
            },
        ),
        ("heading-verdict", ArticleBlock.Kind.HEADING, {"heading": "The verdict"}),
        (
            "verdict",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "<strong>Run Away is not a true story.</strong> It is a novel adapted for "
                    "television, and its cult, its killers and its murders are invented. The "
                    "fear underneath it is real, though: a father's panic over a teenage "
                    "daughter, taken from an evening in Coben's own house and stretched to "
                    "breaking point.",
                    "The series has been streaming on Netflix since 1 January 2026, alongside "
                    "Coben's earlier Netflix adaptations <em>Fool Me Once</em> and <em>The "
                    "Stranger</em>.",
                )
            },
        ),
        ("also-read-cast", ArticleBlock.Kind.ALSO_READ, {"also_read": CAST_GUIDE_SLUG}),
    ],
    CAST_GUIDE_SLUG: [
        (
            "intro",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "<em>Run Away</em> puts two familiar faces at the head of a family in "
                    "trouble, and keeps its writing in the family too. Here is who is who in "
                    "the eight-part Netflix series."
                )
            },
        ),
        ("heading-front", ArticleBlock.Kind.HEADING, {"heading": "In front of the camera"}),
        (
            "front-1",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "<strong>James Nesbitt plays Simon Greene</strong>, a father who "
                    "sees his missing daughter in a park and will not stop looking once he "
                    "has lost her again.",
                    "<strong>Minnie Driver plays Ingrid Greene</strong>, Simon's wife, who "
                    "keeps the household going while the search takes over her husband's "
                    "life.",
                )
            },
        ),
        ("quote-nesbitt", ArticleBlock.Kind.QUOTE, {"quote": "nesbitt-parent"}),
        ("heading-behind", ArticleBlock.Kind.HEADING, {"heading": "Behind the camera"}),
        (
            "behind-1",
            ArticleBlock.Kind.RICH_TEXT,
            {
                "text": _p(
                    "<strong>Harlan Coben</strong> wrote the 2019 novel and created the "
                    "series, his latest in a line of Netflix adaptations that includes "
                    "<em>Fool Me Once</em> and <em>The Stranger</em>.",
                    "<strong>Charlotte Coben</strong>, his daughter, is an associate "
                    "producer and wrote two of the episodes.",
                )
            },
        ),
        ("also-read-true-story", ArticleBlock.Kind.ALSO_READ, {"also_read": TRUE_STORY_SLUG}),
    ],
}

PERSON_PICTURE_SIZE = (600, 600)
POSTER_SIZE = (600, 900)


def person_picture(person):
    return Picture(
        path=f"people/demo-{person['slug']}.png",
        text=initials(person["name"]),
        alt=f"An illustrated portrait card with the initials of {person['name']}",
        size=PERSON_PICTURE_SIZE,
        caption=person["name"],
    )


def poster_picture(production):
    year = production.get("year")
    return Picture(
        path=f"productions/demo-{production['slug']}.png",
        text=production["title"],
        alt=f"An illustrated poster for {production['title']}"
        + (f" ({year}, {production['kind'].label.lower()})" if year else ""),
        size=POSTER_SIZE,
        caption=f"{production['kind'].label} · {year}" if year else production["kind"].label,
    )
