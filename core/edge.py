"""Edge caches in front of the app (placeholder until the purge backends land)."""


class PurgeFailed(Exception):
    """An edge did not take a purge."""


def backends():
    return []
