"""Reading rater files (careerplan.model.feedback) and pooling them for one person's plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from careerplan.errors import InputError, Problem, ValidationFailed
from careerplan.model.feedback import OthersView, RaterFile, others_view
from careerplan.store.validation import problem_at, problems_from
from careerplan.store.yamlio import YamlDoc, load_yaml

if TYPE_CHECKING:
    from careerplan.model.assessment import RaterQuestions
    from careerplan.model.catalogue import Catalogue
    from careerplan.model.profile import Profile


def validate_rater_data(data: Any, name: str, catalogue: Catalogue) -> RaterFile:
    """Rater-file data checked against the catalogue (answers typed in the terminal)."""
    words = catalogue.assessment.rater
    assert words is not None
    return _validate(data, YamlDoc(name=name, data=data), catalogue.vocab.ids(), words)


def load_rater_file(
    path: Path, vocabularies: dict[str, list[str]], words: RaterQuestions
) -> RaterFile:
    doc = load_yaml(Path(path), what="feedback file")
    return _validate(doc.data, doc, vocabularies, words)


def _validate(
    data: Any, doc: YamlDoc, vocabularies: dict[str, list[str]], words: RaterQuestions
) -> RaterFile:
    if not isinstance(data, dict) or "relationship" not in data:
        raise ValidationFailed(
            [
                problem_at(
                    doc,
                    (),
                    "is not a feedback file: expected `for:`, `relationship:` and `ratings:` "
                    "(made by `careerplan form --rater`)",
                )
            ]
        )
    try:
        context = {"vocabularies": {**vocabularies, "relationships": words.ids()}}
        return RaterFile.model_validate(data, context=context)
    except ValidationError as exc:
        raise ValidationFailed(problems_from(exc, doc)) from None


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


FOLDER_SUFFIX = ".feedback"
"""Rater files for `NAME.yaml` may sit in a folder `NAME.feedback/` beside it (a mentor's
batch folder reads only the files directly inside it, so they are not taken for profiles)."""


def feedback_paths(profile: Profile, profile_path: Path | None, given: list[Path]) -> list[Path]:
    """The profile's own `feedback:` files (relative to the profile), the YAML files in its
    `NAME.feedback/` folder, and those given."""
    base = profile_path.parent if profile_path is not None else Path.cwd()
    listed = [base / name for name in profile.feedback]
    folder: list[Path] = []
    if profile_path is not None:
        beside = profile_path.parent / f"{profile_path.stem}{FOLDER_SUFFIX}"
        if beside.is_dir():
            folder = sorted(
                p
                for p in beside.iterdir()
                if p.is_file()
                and p.suffix.lower() in (".yaml", ".yml")
                and not p.name.startswith(".")
            )
    return list(dict.fromkeys([*listed, *folder, *given]))


def load_feedback(paths: list[Path], profile: Profile, catalogue: Catalogue) -> OthersView | None:
    """Others' view of this person, from these rater files (None when there are none)."""
    if not paths:
        return None
    words = catalogue.assessment.rater
    if words is None:
        raise InputError(
            "this catalogue's assessment.yaml has no `rater:` questions, so feedback files "
            "cannot be read; add them as the shipped one does"
        )
    vocabularies = catalogue.vocab.ids()
    raters: list[RaterFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            rater = load_rater_file(path, vocabularies, words)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        if profile.name and not _same_person(rater.feedback_for, profile.name):
            raise InputError(
                f"{path}: is feedback for {rater.feedback_for!r}, not for {profile.name!r}; "
                "check you have the right person's file"
            )
        raters.append(rater)
    if problems:
        raise ValidationFailed(problems)
    areas = vocabularies["areas"]
    return others_view(raters, dict(profile.ratings), areas, words)
