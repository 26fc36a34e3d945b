"""Golden files: each format for each persona, byte for byte.

A change in a golden file is a change users see. Regenerate deliberately with
`python -m pytest tests/test_export_golden.py --regen-golden` and read the diff.
"""

from __future__ import annotations

import pytest
from export_support import EXTENSIONS, GOLDEN, PERSONAS, plan_path, run


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_export_matches_golden_file(persona: str, fmt: str, golden) -> None:
    result = run("export", plan_path(persona), "--to", fmt)
    assert result.exit_code == 0, result.stderr
    golden(GOLDEN / f"{persona}.{EXTENSIONS[fmt]}", result.stdout_bytes)


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_written_file_is_what_is_printed(tmp_path, fmt: str) -> None:
    out = tmp_path / f"plan.{EXTENSIONS[fmt]}"
    printed = run("export", plan_path("new-md"), "--to", fmt)
    written = run("export", plan_path("new-md"), "--out", out)
    assert written.exit_code == 0, written.stderr
    assert f"Wrote {out} ({fmt})" in written.stderr
    assert out.read_bytes() == printed.stdout_bytes
