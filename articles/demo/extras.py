"""Demo sections apps above `articles` add: the loader runs each after its own content.

`articles` cannot import those apps; each registers a function `section(loader)` in its
`AppConfig.ready()` (pages: the standing pages and a correction), and the loader calls them
with itself, so they use its `sync` and `report`.
"""

_sections = []


def register_demo_section(section):
    if section not in _sections:
        _sections.append(section)
    return section


def load_demo_sections(loader):
    for section in list(_sections):
        section(loader)
