"""The test set-up itself: property tests are repeatable by default."""

from __future__ import annotations

import os

from hypothesis import settings


def test_property_tests_are_derandomised_by_default():
    if os.environ.get("HYPOTHESIS_PROFILE", "repeatable") == "repeatable":
        assert settings.default.derandomize is True
        assert settings.default.database is None
