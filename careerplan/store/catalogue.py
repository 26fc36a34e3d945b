"""Loading and validating the catalogue: the shipped folder plus any organisation folders.

Every problem in every file is collected in one pass and raised together as
ValidationFailed; stale entries become warnings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from careerplan import clock, wording
from careerplan.errors import InputError, Problem, ValidationFailed
from careerplan.model.advice import DEFAULT_ADVICE, Advice
from careerplan.model.assessment import Assessment, Weights
from careerplan.model.catalogue import Catalogue, Origin
from careerplan.model.facts import Fact, ReviewAges, Stale, entry_facts, route_facts, stale
from careerplan.model.frameworks import Frameworks, check_areas
from careerplan.model.funding import FundingRoutes
from careerplan.model.opportunity import Opportunity
from careerplan.model.placeholders import Wording
from careerplan.model.programmes import Programmes
from careerplan.model.types import GRADE_NOT_GIVEN, REGION_NOT_GIVEN, suggestion, then
from careerplan.paths import shipped_dir
from careerplan.store.validation import problems_from
from careerplan.store.yamlio import Loc, YamlDoc, load_yaml, no_gc

ENV_VAR = "CAREERPLAN_CATALOGUE"


def extra_dirs(
    option: Sequence[Path] | None, environ: Mapping[str, str] | None = None
) -> list[Path]:
    """Organisation folders: from CAREERPLAN_CATALOGUE (path-separated), then --catalogue."""
    env = os.environ if environ is None else environ
    dirs = [Path(p) for p in env.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    dirs.extend(option or [])
    return dirs


def opportunity_files(folder: Path, *, shipped: bool) -> list[Path]:
    if shipped:
        return sorted((folder / "opportunities").glob("*.yaml"))
    if not folder.exists():
        raise InputError(f"{folder}: catalogue folder not found; check --catalogue or {ENV_VAR}")
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise InputError(
            f"{folder}: is neither a folder nor a YAML file; check --catalogue or {ENV_VAR}"
        )
    try:
        files = sorted(
            p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    except OSError as exc:
        raise InputError(
            f"{folder}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
    if not files:
        raise InputError(
            f"{folder}: no .yaml or .yml files in this folder, so nothing was "
            f"added to the catalogue; check --catalogue or {ENV_VAR}"
        )
    return files


def load_catalogue(
    extra: Iterable[Path] = (), *, today: dt.date | None = None, base: Path | None = None
) -> Catalogue:
    """Load the shipped catalogue (or `base`) plus organisation folders, fully validated."""
    with no_gc():
        return _load_catalogue(extra, today=today, base=base)


def _load_catalogue(
    extra: Iterable[Path], *, today: dt.date | None, base: Path | None
) -> Catalogue:
    base = base or shipped_dir()
    today = today or clock.today()
    assessment = _load_model(base / "assessment.yaml", Assessment)
    funding = _load_model(_own_or_shipped(base, "funding.yaml"), FundingRoutes)
    # Funding route ids come from funding.yaml, not assessment.yaml.
    vocabularies = assessment.vocabularies.model_copy(
        update={"funding": [r.term() for r in funding.routes]}
    )
    assessment = assessment.model_copy(update={"vocabularies": vocabularies})
    wording = _load_model(_own_or_shipped(base, "wording.yaml"), Wording)
    vocab_ids = assessment.vocabularies.ids()
    weights = _load_model(base / "weights.yaml", Weights)
    problems: list[Problem] = _check_weights(weights, vocab_ids, base / "weights.yaml")
    problems.extend(_check_unrated(weights, assessment.top, base / "weights.yaml"))
    problems.extend(_check_open_to(funding, vocab_ids, _own_or_shipped(base, "funding.yaml")))
    advice, advice_problems = _load_advice(base / "advice.yaml", vocab_ids)
    problems.extend(advice_problems)
    frameworks, framework_problems = _load_frameworks(base / "frameworks.yaml", vocab_ids)
    problems.extend(framework_problems)
    programmes, programme_problems = _load_programmes(base / "programmes.yaml", vocab_ids)
    problems.extend(programme_problems)

    files = [(p, True) for p in opportunity_files(base, shipped=True)]
    for folder in extra:
        files.extend((p, False) for p in opportunity_files(Path(folder), shipped=False))

    opportunities: dict[str, Opportunity] = {}
    origins: dict[str, Origin] = {}
    shipped_ids: set[str] = set()
    warnings: list[Problem] = []
    context = {"vocabularies": vocab_ids, "today": today}
    for path, is_shipped in files:
        try:
            # Lines down to each entry; a deeper one (for a message) parses the file again.
            doc = load_yaml(path, what="catalogue file", line_depth=2)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        except InputError as exc:
            problems.append(Problem(str(path), None, None, None, str(exc).split(": ", 1)[-1]))
            continue
        for index, raw in _entries(doc, problems):
            name = raw.get("id") if isinstance(raw.get("id"), str) else f"entry {index + 1}"
            loc: Loc = ("opportunities", index)
            origin = Origin(doc.name, doc.line_of(loc))
            try:
                opp = Opportunity.model_validate(raw, context=context)
            except ValidationError as exc:
                problems.extend(problems_from(exc, doc, loc, _entry_of(str(name))))
                if isinstance(raw.get("id"), str):
                    # Claim the id anyway, so that a second entry with it is reported now
                    # rather than after this one is mended.
                    if raw["id"] in origins:
                        problems.append(_duplicate(raw["id"], origin, origins, shipped_ids))
                    else:
                        origins[raw["id"]] = origin
                continue
            problems.extend(
                _check_entry(opp, doc, loc, today, warnings, weights.review_after_months)
            )
            placed = _place(
                opp, (doc, loc, origin), is_shipped, opportunities, origins, shipped_ids
            )
            if placed is not None:
                problems.append(placed)

    warnings.extend(
        _stale_routes(
            _own_or_shipped(base, "funding.yaml"), funding, today, weights.review_after_months
        )
    )
    problems.extend(_check_prerequisites(opportunities, origins))
    problems.extend(_check_advice_ids(advice, opportunities, base / "advice.yaml"))
    problems.extend(_check_programme_ids(programmes, opportunities, base / "programmes.yaml"))
    if problems:
        raise ValidationFailed(problems)
    return Catalogue(
        assessment=assessment,
        weights=weights,
        opportunities=opportunities,
        origins=origins,
        warnings=sorted(warnings, key=str),
        files=[p for p, _ in files],
        advice=advice,
        funding=funding,
        wording=wording,
        frameworks=frameworks,
        programmes=programmes,
    )


def _place(
    opp: Opportunity,
    where: tuple[YamlDoc, Loc, Origin],
    is_shipped: bool,
    opportunities: dict[str, Opportunity],
    origins: dict[str, Origin],
    shipped_ids: set[str],
) -> Problem | None:
    """Add a valid entry under its id, or say why not (a duplicate id, or `replaces` with
    no shipped entry to replace)."""
    doc, loc, origin = where
    if opp.id in origins:
        if opp.replaces and not is_shipped and opp.id in shipped_ids:
            opportunities[opp.id] = opp
            origins[opp.id] = origin
            shipped_ids.discard(opp.id)
            return None
        return _duplicate(opp.id, origin, origins, shipped_ids)
    if opp.replaces:
        return _no_shipped_entry(opp, doc, loc)
    opportunities[opp.id] = opp
    origins[opp.id] = origin
    if is_shipped:
        shipped_ids.add(opp.id)
    return None


def _no_shipped_entry(opp: Opportunity, doc: YamlDoc, loc: Loc) -> Problem:
    return Problem(
        doc.name,
        doc.line_of((*loc, "replaces")),
        opp.id,
        "replaces",
        "there is no shipped entry with this id to replace; remove `replaces: true`",
    )


def _entry_of(name: str) -> Callable[[Loc], tuple[str | None, Loc]]:
    """Splits an error's location in an opportunities file into (entry name, field path)."""
    return lambda loc: (name, loc[2:])


def _own_or_shipped(base: Path, name: str) -> Path:
    """`base/name`, or the shipped file for a catalogue folder that has none."""
    own = base / name
    return own if own.is_file() else shipped_dir() / name


def _load_advice(path: Path, vocab_ids: dict[str, list[str]]) -> tuple[Advice, list[Problem]]:
    """The report's advice (catalogue/advice.yaml); a catalogue without one gets defaults."""
    if not path.is_file():
        return Advice.model_validate(DEFAULT_ADVICE), []
    try:
        doc = load_yaml(path, what="catalogue file")
    except ValidationFailed as exc:
        return Advice.model_validate(DEFAULT_ADVICE), list(exc.problems)
    try:
        advice = Advice.model_validate(
            doc.data if doc.data is not None else {}, context={"vocabularies": vocab_ids}
        )
    except ValidationError as exc:
        return Advice.model_validate(DEFAULT_ADVICE), problems_from(exc, doc)
    return advice, []


def _load_frameworks(
    path: Path, vocab_ids: dict[str, list[str]]
) -> tuple[Frameworks, list[Problem]]:
    """The appraisal frameworks (catalogue/frameworks.yaml); none if the file is absent."""
    if not path.is_file():
        return Frameworks(), []
    try:
        doc = load_yaml(path, what="catalogue file")
        frameworks = Frameworks.model_validate(
            doc.data if doc.data is not None else {}, context={"vocabularies": vocab_ids}
        )
    except ValidationFailed as exc:
        return Frameworks(), list(exc.problems)
    except ValidationError as exc:
        return Frameworks(), problems_from(exc, doc)
    gaps = check_areas(frameworks, vocab_ids["areas"])
    return frameworks, [Problem(str(path), None, None, None, gap) for gap in gaps]


def _load_programmes(
    path: Path, vocab_ids: dict[str, list[str]]
) -> tuple[Programmes, list[Problem]]:
    """Programmes of work and pathways (catalogue/programmes.yaml); none if absent."""
    if not path.is_file():
        return Programmes(), []
    try:
        doc = load_yaml(path, what="catalogue file")
        programmes = Programmes.model_validate(
            doc.data if doc.data is not None else {}, context={"vocabularies": vocab_ids}
        )
    except ValidationFailed as exc:
        return Programmes(), list(exc.problems)
    except ValidationError as exc:
        return Programmes(), problems_from(exc, doc)
    return programmes, []


def _check_programme_ids(
    programmes: Programmes, opps: dict[str, Opportunity], path: Path
) -> list[Problem]:
    """Every step is a catalogue entry; a ladder's rungs are qualifications."""
    problems = []
    for programme in programmes.programmes:
        for step in programme.steps:
            opp = opps.get(step.id)
            if opp is None:
                fix = f"'{step.id}' is not in the catalogue{suggestion(step.id, opps) or ''}"
            elif step.rung is not None and opp.time.shape != "qualification":
                fix = f"'{step.id}' is a rung of a ladder but its time is not a qualification's"
            else:
                continue
            problems.append(Problem(str(path), None, programme.id, "steps", fix))
        for oid in programme.stands_for:
            if oid not in opps:
                fix = f"'{oid}' is not in the catalogue{suggestion(oid, opps) or ''}"
                problems.append(Problem(str(path), None, programme.id, "stands_for", fix))
    return problems


def _duplicate(
    id_: str, origin: Origin, origins: dict[str, Origin], shipped_ids: set[str]
) -> Problem:
    fix = (
        "rename one, or set `replaces: true` on your entry to replace the shipped one"
        if id_ in shipped_ids
        else "rename one of them"
    )
    return Problem(
        origin.file, origin.line, id_, "id", f"duplicate id: also defined at {origins[id_]}; {fix}"
    )


def _entries(doc: YamlDoc, problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    data = doc.data
    if not isinstance(data, dict) or "opportunities" not in data:
        problems.append(
            Problem(
                doc.name,
                doc.line_of(()),
                None,
                None,
                "expected a mapping with `version: 1` and a list under "
                "`opportunities:`; see `careerplan catalogue schema`",
            )
        )
        return []
    extra = sorted(set(data) - {"version", "opportunities"}, key=str)
    if extra:
        problems.append(
            Problem(
                doc.name,
                doc.line_of((extra[0],)),
                None,
                str(extra[0]),
                "is not a top-level field; only `version` and `opportunities` are allowed",
            )
        )
    if data.get("version", 1) != 1:
        problems.append(
            Problem(
                doc.name,
                doc.line_of(("version",)),
                None,
                "version",
                f"version {data.get('version')!r} is not understood by this "
                "careerplan; use version: 1",
            )
        )
    entries = data["opportunities"]
    if not isinstance(entries, list):
        problems.append(
            Problem(
                doc.name,
                doc.line_of(("opportunities",)),
                None,
                "opportunities",
                "must be a list of entries, each starting with `- id:`",
            )
        )
        return []
    out = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    doc.name,
                    doc.line_of(("opportunities", index)),
                    f"entry {index + 1}",
                    None,
                    "must be a mapping of fields (id, title, kind ...)",
                )
            )
            continue
        out.append((index, raw))
    return out


STALE_WORDS = {
    Fact.PRICE: ("price checked", "check the price with the provider"),
    Fact.LINK: ("last reviewed", "check the details and the link with the provider"),
    Fact.DATES: ("length or dates checked", "check them with the provider"),
    Fact.RULE: ("funding rule checked", "check the rule against its source"),
}


def _stale_text(old: Stale, ages: ReviewAges) -> str:
    """'price checked 1 Jan 2024, over 12 months ago; check the price with the provider
    and record the new date (catalogue/README.md: re-checking a fact)'."""
    what, fix = STALE_WORDS[old.fact]
    return (
        f"{what} {wording.date(old.checked)}, over {ages.months(old.fact)} months ago; "
        f"{fix} and record the new date (catalogue/README.md: re-checking a fact)"
    )


def _check_open_to(
    funding: FundingRoutes, vocab_ids: Mapping[str, list[str]], path: Path
) -> list[Problem]:
    """Who a route is open to names real organisation types, regions and roles."""
    regions = [r for r in vocab_ids.get("regions", []) if r != REGION_NOT_GIVEN]
    wanted: list[tuple[tuple[str | int, ...], str, list[str], str]] = [
        (("nhs_organisations", i), o, vocab_ids["organisations"], "organisation type")
        for i, o in enumerate(funding.nhs_organisations)
    ]
    for n, route in enumerate(funding.routes):
        rule = route.open_to
        if rule is None:
            continue
        for i, r in enumerate(rule.regions or []):
            wanted.append((("routes", n, "open_to", "regions", i), r, regions, "region"))
        for i, r in enumerate(rule.roles or []):
            wanted.append((("routes", n, "open_to", "roles", i), r, vocab_ids["roles"], "role"))
        grades = [g for g in vocab_ids.get("grades", []) if g != GRADE_NOT_GIVEN]
        for i, g in enumerate(rule.grades or []):
            wanted.append((("routes", n, "open_to", "grades", i), g, grades, "grade"))
    bad = [(loc, v, allowed, what) for loc, v, allowed, what in wanted if v not in allowed]
    if not bad:
        return []
    doc = load_yaml(path, what="catalogue file")
    return [
        Problem(
            doc.name,
            doc.line_of(loc),
            None,
            ".".join(str(p) for p in loc),
            f"unknown {what} '{v}'{suggestion(v, allowed) or ''}",
        )
        for loc, v, allowed, what in bad
    ]


def _stale_routes(
    path: Path, funding: FundingRoutes, today: dt.date, ages: ReviewAges
) -> list[Problem]:
    """Funding routes whose rules are past their review age, with their lines."""
    found = [
        (i, old) for i, r in enumerate(funding.routes) for old in stale(route_facts(r), today, ages)
    ]
    if not found:
        return []
    doc = load_yaml(path, what="catalogue file")
    return [
        Problem(
            doc.name,
            doc.line_of(("routes", i, *old.path)),
            funding.routes[i].id,
            old.field,
            _stale_text(old, ages),
        )
        for i, old in found
    ]


def _check_entry(
    opp: Opportunity,
    doc: YamlDoc,
    loc: Loc,
    today: dt.date,
    warnings: list[Problem],
    ages: ReviewAges,
) -> list[Problem]:
    if opp.last_reviewed > clock.latest_check(today):
        return [
            Problem(
                doc.name,
                doc.line_of((*loc, "last_reviewed")),
                opp.id,
                "last_reviewed",
                f"{wording.date(opp.last_reviewed)} is in the future; use the date it was checked",
            )
        ]
    for old in stale(entry_facts(opp), today, ages):
        warnings.append(
            Problem(
                doc.name, doc.line_of((*loc, *old.path)), opp.id, old.field, _stale_text(old, ages)
            )
        )
    if opp.id in opp.prerequisites:
        return [
            Problem(
                doc.name,
                doc.line_of((*loc, "prerequisites")),
                opp.id,
                "prerequisites",
                "an entry cannot be its own prerequisite",
            )
        ]
    return []


def _check_prerequisites(opps: dict[str, Opportunity], origins: dict[str, Origin]) -> list[Problem]:
    problems = []
    for opp in opps.values():
        for pre in opp.prerequisites:
            if pre not in opps:
                o = origins[opp.id]
                problems.append(
                    Problem(
                        o.file,
                        o.line,
                        opp.id,
                        "prerequisites",
                        f"'{pre}' is not in the catalogue{suggestion(pre, opps) or ''}",
                    )
                )
    # Cycles: depth-first search over known prerequisites.
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for pre in opps[node].prerequisites:
            if pre not in opps or pre == node:
                continue
            if state.get(pre) == 1:
                cycle = path[path.index(pre) :] + [pre]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    o = origins[pre]
                    problems.append(
                        Problem(
                            o.file,
                            o.line,
                            pre,
                            "prerequisites",
                            "prerequisites form a cycle: "
                            + " -> ".join(cycle)
                            + "; remove one link",
                        )
                    )
            elif state.get(pre) is None:
                visit(pre, path + [pre])
        state[node] = 2

    for opp_id in opps:
        if opp_id not in state:
            visit(opp_id, [opp_id])
    return problems


def _check_advice_ids(advice: Advice, opps: dict[str, Opportunity], path: Path) -> list[Problem]:
    problems = []
    for rec in advice.recommendations:
        for id_ in rec.ids:
            if id_ not in opps:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        rec.id,
                        "ids",
                        f"'{id_}' is not in the catalogue{suggestion(id_, opps) or ''}",
                    )
                )
    return problems


def _check_weights(weights: Weights, ids: dict[str, list[str]], path: Path) -> list[Problem]:
    problems = []
    for section, vocab_outer in (("goals", "goals"), ("stages", "stages")):
        for key, areas in getattr(weights, section).items():
            if key not in ids[vocab_outer]:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        f"{section}.{key}",
                        f"unknown {vocab_outer[:-1]} '{key}'{suggestion(key, ids[vocab_outer])}",
                    )
                )
            for area in areas:
                if area not in ids["areas"]:
                    problems.append(
                        Problem(
                            str(path),
                            None,
                            None,
                            f"{section}.{key}.{area}",
                            f"unknown area '{area}'{suggestion(area, ids['areas'])}",
                        )
                    )
    return problems


def _check_unrated(weights: Weights, top: int, path: Path) -> list[Problem]:
    """The rating assumed for an area not rated must be on the assessment's scale."""
    if weights.unrated <= top:
        return []
    line = load_yaml(path, what="catalogue file").line_of(("unrated",))
    return [
        Problem(
            str(path),
            line,
            None,
            "unrated",
            f"{weights.unrated} is above the top of the rating scale ({top}, "
            f"assessment.yaml); give 1 to {top}",
        )
    ]


def _load_model(path: Path, model: Any) -> Any:
    doc = load_yaml(path, what="catalogue file")
    try:
        return model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        raise ValidationFailed(problems_from(exc, doc)) from None


def filter_opportunities(
    catalogue: Catalogue,
    *,
    kind: str | None = None,
    area: str | None = None,
    goal: str | None = None,
    stage: str | None = None,
    free: bool = False,
    search: str | None = None,
) -> list[Opportunity]:
    """Entries matching every given filter, in catalogue order. Ids are checked first."""
    ids = catalogue.vocab.ids()
    for value, vocabulary, flag in (
        (kind, "kinds", "--kind"),
        (area, "areas", "--area"),
        (goal, "goals", "--goal"),
        (stage, "stages", "--stage"),
    ):
        if value is not None and value not in ids[vocabulary]:
            raise InputError(
                f"{flag}: unknown id '{value}'"
                + then(value, ids[vocabulary], f"valid: {', '.join(ids[vocabulary])}")
            )
    needle = search.casefold() if search else None
    out = []
    for opp in catalogue.opportunities.values():
        if kind and opp.kind != kind:
            continue
        if area and area not in opp.areas:
            continue
        if goal and goal not in opp.goals:
            continue
        if stage and stage not in opp.stages:
            continue
        if free and not opp.is_free:
            continue
        if (
            needle
            and needle not in " ".join([opp.id, opp.title, opp.provider, opp.summary]).casefold()
        ):
            continue
        out.append(opp)
    return out
