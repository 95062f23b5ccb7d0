"""Reading the environment: the three helpers config/settings.py and its parts share."""

import os


def env_bool(name, default=False):
    """Read a yes/no variable: 1, true, yes and on (any case) mean yes."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default
