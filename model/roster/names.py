"""Name normalisation: the roster's names are compared and stored without white space."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+", re.UNICODE)


def normalise_name(name: str) -> str:
    """Remove every kind of white space, full-width included ("高  博" → "高博")."""
    # NFKC folds the ideographic space U+3000 and other width variants first.
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))
