"""The release a process runs: what every stored page is keyed by, so a deploy is never hidden.

A stored page was rendered by some code, templates and static files; a copy made by the
previous release must not be served by the next one. The stamp is the code's version
(`RELEASE`, e.g. the commit a deploy sets, else a digest of the project's Python files) and
a digest of every template and of the static manifest (the hashed names pages link to).
It is computed once per process, when first asked: a restart picks up whatever changed.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

#: What renders a page, besides templates: the project's own Python code.
_CODE_SUFFIXES = (".py",)
_SKIPPED_DIRS = {".venv", ".git", "node_modules", "media", "staticfiles", "tests", "__pycache__"}


def _files(root, suffixes):
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(names):
            if name.endswith(suffixes):
                yield Path(folder) / name


def _digest(paths):
    digest = hashlib.blake2b(digest_size=8)
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _template_dirs():
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    return [d for d in dirs if d.is_dir()]


def _static_manifest():
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    return [manifest] if settings.STATIC_ROOT and manifest.is_file() else []


@functools.cache
def stamp():
    """A short string naming this release: code version, templates and static manifest."""
    base = Path(settings.BASE_DIR)
    code = os.environ.get("RELEASE") or _digest(_files(base, _CODE_SUFFIXES))
    templates = [p for d in _template_dirs() for p in _files(d, (".html", ".txt", ".xml"))]
    rendered = _digest([*templates, *_static_manifest()])
    return hashlib.blake2b(f"{code}:{rendered}".encode(), digest_size=6).hexdigest()
