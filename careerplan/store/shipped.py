"""The shipped catalogue's files read on their own, for code given no catalogue: the
frameworks (for renderers) and the funding rules (for an organisation folder that has none).
"""

from __future__ import annotations

import functools
from typing import Any

from careerplan.model.frameworks import Frameworks


def shipped_frameworks() -> Frameworks:
    """The shipped catalogue/frameworks.yaml, for renderers given no catalogue (loaded once).

    The catalogue loader checks the same file against the vocabularies; here it is read as
    it is, so a missing file means no frameworks rather than an error.
    """
    return _shipped()


@functools.cache
def _shipped() -> Frameworks:
    from careerplan.paths import shipped_dir
    from careerplan.store.yamlio import load_yaml

    path = shipped_dir() / "frameworks.yaml"
    if not path.is_file():
        return Frameworks()
    doc = load_yaml(path, what="catalogue file")
    return Frameworks.model_validate(doc.data or {})


def load_default() -> dict[str, Any]:
    """The shipped funding.yaml as data (for a catalogue folder that has none)."""
    from careerplan.paths import shipped_dir
    from careerplan.store.yamlio import load_yaml

    doc = load_yaml(shipped_dir() / "funding.yaml", what="catalogue file")
    return doc.data
