"""A damaged draft is one clear message, never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerplan.assess.drafts import load_draft
from careerplan.errors import InputError


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1, "state": {}, "answered": "x"},
        {"version": 1, "state": {}, "options": [1]},
        {"version": 1, "state": []},
        ["not", "a", "draft"],
    ],
)
def test_damaged_draft_is_an_input_error(tmp_path: Path, body):
    path = tmp_path / "assess-draft.json"
    path.write_text(json.dumps(body))
    with pytest.raises(InputError, match="the saved answers are damaged"):
        load_draft(path)
