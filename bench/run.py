"""careerplan's benchmark: start-up, import discipline and scale, as ratios to baselines.

Run from a checkout with the environment careerplan is installed in:

    python bench/run.py            # full run (about a minute or two)
    python bench/run.py --quick    # fewer runs, smaller batch: a smoke test

Every figure is measured in the same run as its baseline (a minimal typer app in the same
environment for start-up; the shipped catalogue for scale), with the runs of the things
compared interleaved, so that the ratios survive a noisy machine. Prints a table and
writes bench/results.json. Exit code 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
TODAY = dt.date.today()

MINIMAL_APP = '''\
import sys
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, help="A minimal typer app: the framework's floor.")


def _version(value: bool) -> None:
    if value:
        typer.echo("minimal 0")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", callback=_version,
                                      is_eager=True, help="Print the version.")) -> None:
    """Minimal."""


@app.command()
def plan(profile: Path = typer.Option(..., help="A profile file."),
         format: str = typer.Option("text", "--format", help="Output format.")) -> None:
    """Print the first line of a file."""
    typer.echo(profile.read_text(encoding="utf-8").splitlines()[0])


@app.command()
def other() -> None:
    """A second command, so that the app is a group like careerplan."""


if __name__ == "__main__":
    sys.exit(app())
'''

# The floor for a program that does what `careerplan plan` must do at the edges and nothing
# else: typer with plan's twenty options (of the same kinds), PyYAML's C loader reading the
# profile, the catalogue cache read and decoded, and finished text printed through rich.
STRIPPED_APP = '''\
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
import yaml

app = typer.Typer(add_completion=False, help="A stripped plan: typer, PyYAML, rich, the cache.")


@app.callback()
def main() -> None:
    """Stripped."""


@app.command()
def plan(
    profile_file: Optional[Path] = typer.Argument(None),
    profile: Optional[Path] = typer.Option(None, "--profile", "-p"),
    save: Optional[Path] = typer.Option(None, "--save"),
    top: Optional[int] = typer.Option(None, "--top"),
    horizon: Optional[int] = typer.Option(None, "--horizon"),
    start: Optional[str] = typer.Option(None, "--start"),
    include: Optional[list[str]] = typer.Option(None, "--include"),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude"),
    explain: bool = typer.Option(False, "--explain"),
    full: bool = typer.Option(False, "--full"),
    previous: Optional[Path] = typer.Option(None, "--previous"),
    mentor: Optional[str] = typer.Option(None, "--mentor"),
    batch: Optional[Path] = typer.Option(None, "--batch"),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j"),
    out: Optional[Path] = typer.Option(None, "--out", "-o"),
    to: Optional[str] = typer.Option(None, "--to", "--format", "-t", "-f"),
    template: Optional[Path] = typer.Option(None, "--template"),
    catalogue: Optional[list[Path]] = typer.Option(None, "--catalogue"),
    force: bool = typer.Option(False, "--force"),
) -> None:
    """Read the profile and the catalogue cache; print finished text."""
    from rich.console import Console

    data = yaml.load((profile or profile_file).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    cache = Path(os.environ["CAREERPLAN_CACHE_DIR"])
    blobs = sorted(cache.glob("catalogue-*.json"), key=lambda p: p.stat().st_size)
    if blobs:
        raw = blobs[-1].read_bytes()
        json.loads(raw[raw.index(b"{"):])
    Console().print(f"Plan for {data.get('name', 'you')}\\n" + "An item of the plan.\\n" * 40)


if __name__ == "__main__":
    sys.exit(app())
'''

# The baseline for the batch: this tree's `careerplan plan --batch` as it ran before the
# batch work of issue 24, one plan after another: a new Jinja2 environment (and its layout
# compiled again) for every plan, PyYAML's pure-Python writer for every saved plan, one
# process. The engine is this tree's, so the ratio is the batch path's alone.
BASELINE_BATCH = """\
import sys
from pathlib import Path

from careerplan.render import templating
from careerplan.store import yamlio

yamlio._FastDumper = None


def environment(*, markdown, custom=None):
    text = templating.read_template(Path(custom)) if custom is not None else None
    return templating._new_environment(markdown, custom, text)


templating.environment = environment
sys.argv = ["careerplan", *sys.argv[1:], "--jobs", "1"]
from careerplan.cli import main

main()
"""

PERSONA = """\
version: 1
name: Dr A Example
assessed_on: {assessed_on}
role: medical-director
years_in_role: 0.5
organisation: nhs-trust
clinical_days_per_week: 1
goals: [peer-support, board-effectiveness]
ratings: {{finance: 1, board-skills: 2, system-partnership: 3}}
priority_areas: [finance]
support_in_place: [mentor]
preferences: {{formats: [online, blended]}}
constraints:
  hours_per_month: {hours}
  budget_gbp: 1500
  apprenticeship_levy: true
  horizon_months: 12
"""


# --- measuring ---------------------------------------------------------------------------


def summarise(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    q1, _, q3 = statistics.quantiles(ordered, n=4) if len(ordered) >= 2 else (ordered[0],) * 3
    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "iqr": q3 - q1,
        "runs": len(ordered),
    }


def time_commands(
    commands: dict[str, list[str]], runs: int, env: dict[str, str], cwd: Path
) -> dict[str, dict[str, float]]:
    """Wall time of each command, `runs` times, interleaved (a, b, c, a, b, c ...) after one
    untimed warm-up each, so that drift in machine load hits all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for name, argv in commands.items():
        check_run(name, argv, env, cwd)
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(
                argv,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=cwd,
                check=False,
            )
            samples[name].append(time.perf_counter() - start)
    return {name: summarise(values) for name, values in samples.items()}


def check_run(name: str, argv: list[str], env: dict[str, str], cwd: Path) -> None:
    proc = subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench: `{name}` failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def instructions(argv: list[str], env: dict[str, str], cwd: Path) -> int | None:
    """Instructions the command executes, counted by valgrind (cachegrind without its cache
    simulation; child processes too): repeatable to a few parts in a billion, where wall
    time on a shared machine drifts by tens of percent. None without valgrind."""
    if not VALGRIND:
        return None
    proc = subprocess.run(
        [
            VALGRIND,
            "--tool=cachegrind",
            "--cache-sim=no",
            "--trace-children=yes",
            "--cachegrind-out-file=/dev/null",
            *argv,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )
    counts = [int(m.replace(",", "")) for m in _IREFS.findall(proc.stderr)]
    return sum(counts) if proc.returncode == 0 and counts else None


_IREFS = re.compile(r"I\s+refs:\s+([\d,]+)")
VALGRIND = shutil.which("valgrind")
# `careerplan plan` against the minimal typer app: the measured floor for a program that
# reads the profile and the cache and prints through rich is about 1.3x (see README).
PLAN_STARTUP_TARGET = 1.8
LOAD_TARGET_SECONDS = 3.0  # load and validate the largest catalogue, in process
PLAN_LARGE_TARGET_SECONDS = 3.0  # a warm plan with it at 2 hours a month


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median, min, last result) of in-process wall times."""
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()  # each repetition starts from a clean heap
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


# --- the things measured -----------------------------------------------------------------


def careerplan_argv() -> list[str]:
    script = Path(sys.executable).parent / "careerplan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "careerplan"]


def has_command(argv: list[str], *words: str, env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [*argv, *words, "--help"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL
    )
    return proc.returncode == 0


def imported(argv_tail: list[str], env: dict[str, str], cwd: Path) -> tuple[set[str], float]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "careerplan", *argv_tail],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )
    modules, total = set(), 0.0
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = line.split("|")
            name = parts[-1].strip()
            if name == "imported package":
                continue
            modules.add(name)
            if not parts[-1].startswith("  "):  # a top-level import: its cumulative time
                total += int(parts[1].strip()) / 1e6
    return modules, total


# The bench persona is a new medical director with a mentor: synthetic entries copy only
# shipped entries made for that stage and not of a kind the mentor covers, so that every
# one of them matches and is scored (the worst case for planning time).
MATCH_STAGE = "new-md"
MATCH_NOT_KINDS = ("mentoring",)


def synthetic_folder(total: int, folder: Path, per_file: int = 500) -> int:
    """Organisation files that bring the catalogue (shipped + these) to `total` entries:
    copies, with new ids, of the shipped entries that match the bench persona (see
    MATCH_STAGE). Returns the number written."""
    import yaml

    from careerplan.paths import shipped_dir
    from careerplan.store.catalogue import opportunity_files

    everything = []
    for path in opportunity_files(shipped_dir(), shipped=True):
        everything.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["opportunities"])
    shipped = [
        e
        for e in everything
        if MATCH_STAGE in e["stages"]
        and e["kind"] not in MATCH_NOT_KINDS
        and not e.get("prerequisites")
    ]
    wanted = max(total - len(everything), 1)  # at least one: a folder is never empty
    entries = []
    for i in range(wanted):
        entry = dict(shipped[i % len(shipped)])
        entry["id"] = f"{entry['id']}-s{i}"
        entry["title"] = f"{entry['title']} ({i})"
        entry.pop("replaces", None)
        entries.append(entry)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(entries), per_file):
        chunk = entries[start : start + per_file]
        (folder / f"synthetic-{start // per_file:03d}.yaml").write_text(
            yaml.safe_dump(
                {"version": 1, "opportunities": chunk}, sort_keys=False, allow_unicode=True
            ),
            encoding="utf-8",
        )
    return wanted


def random_profiles(count: int, vocab: dict[str, list[str]], seed: int = 7) -> list[Any]:
    """Varied but valid profiles for the batch measurement."""
    from careerplan.model.profile import Profile

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        goals = rng.sample(vocab["goals"], rng.randint(1, 3))
        areas = vocab["areas"]
        data = {
            "version": 1,
            "assessed_on": TODAY - dt.timedelta(days=rng.randint(0, 60)),
            "role": rng.choice(vocab["roles"]),
            "years_in_role": round(rng.uniform(0, 12), 1),
            "organisation": rng.choice(vocab["organisations"]),
            "clinical_days_per_week": rng.choice([0, 1, 2, 3]),
            "goals": goals,
            "ratings": {a: rng.randint(1, 4) for a in rng.sample(areas, rng.randint(4, 16))},
            "priority_areas": rng.sample(areas, rng.randint(0, 3)),
            "support_in_place": rng.sample(vocab["support"], rng.randint(0, 2)),
            "preferences": {"formats": rng.sample(vocab["formats"], rng.randint(0, 2))},
            "constraints": {
                "hours_per_month": rng.choice([2, 4, 6, 8, 12]),
                "budget_gbp": rng.choice([0, 500, 1500, 5000, 20000]),
                "apprenticeship_levy": rng.random() < 0.5,
                "horizon_months": rng.choice([6, 12, 18, 24]),
            },
        }
        out.append(Profile.model_validate(data, context={"vocabularies": vocab, "today": TODAY}))
    return out


def plan_function() -> Callable[..., Any] | None:
    try:
        from careerplan.engine.planner import build_plan
    except ImportError:
        return None
    return build_plan


# --- the run -----------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {}

    def target(self, name: str, value: float, limit: float | None, unit: str, detail: str) -> None:
        """A measured figure; with limit None it is reported, not judged."""
        met = None if limit is None else value <= limit
        self.rows.append(
            {
                "measure": name,
                "value": value,
                "target": limit,
                "unit": unit,
                "met": met,
                "detail": detail,
            }
        )

    def missing(self, name: str, why: str) -> None:
        self.rows.append(
            {"measure": name, "value": None, "target": None, "unit": "", "met": None, "detail": why}
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per start-up command")
    parser.add_argument("--quick", action="store_true", help="few runs, small batch")
    parser.add_argument("--batch", type=int, default=300, help="profiles in the batch")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a source tree of another careerplan (say `git worktree add /tmp/base main`) "
        "to time the batch against in the same run (default: this tree's batch path as it "
        "was before issue 24, one plan after another: see BASELINE_BATCH)",
    )
    parser.add_argument("--sizes", default="1000,5000,20000", help="catalogue sizes")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file")
    parser.add_argument(
        "--no-valgrind", action="store_true", help="do not count instructions (faster)"
    )
    args = parser.parse_args(argv)
    if args.no_valgrind:
        global VALGRIND
        VALGRIND = None
    runs = 5 if args.quick and args.runs == 20 else args.runs
    if args.quick and args.batch == 300:
        args.batch = 40
    repeat = 1 if args.quick else 3
    sizes = [int(s) for s in args.sizes.split(",")]

    report = Report()
    work = Path(tempfile.mkdtemp(prefix="careerplan-bench-"))
    try:
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "CAREERPLAN_CACHE_DIR": str(work / "cache"),
        }
        env.pop("CAREERPLAN_CATALOGUE", None)
        env.pop("CAREERPLAN_NO_CACHE", None)
        # Bytecode is cached as after a normal install (the warm-up run writes it), so that
        # start-up is not charged for compiling careerplan's modules on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        run_all(report, work, env, runs, repeat, sizes, args.batch, args.baseline)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report.data["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    report.data["targets"] = report.rows
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report.data, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nWrote {args.out}")
    failed = [r for r in report.rows if r["met"] is False]
    return 1 if failed else 0


def startup(
    report: Report,
    work: Path,
    env: dict[str, str],
    runs: int,
    careerplan: list[str],
    minimal: list[str],
    stripped: list[str],
    persona: Path,
    has_plan: bool,
) -> dict[str, float]:
    """Start-up: careerplan against a minimal typer app, a stripped app and the bare
    interpreter, by wall time (interleaved runs) and by instructions (valgrind)."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "minimal typer --version": [*minimal, "--version"],
        "careerplan --version": [*careerplan, "--version"],
        "minimal typer --help": [*minimal, "--help"],
        "careerplan --help": [*careerplan, "--help"],
        "minimal typer plan": [*minimal, "plan", "--profile", str(persona)],
        "stripped plan": [*stripped, "plan", "--profile", str(persona)],
    }
    if has_plan:
        commands["careerplan plan"] = [*careerplan, "plan", "--profile", str(persona)]
    print(f"start-up: {len(commands)} commands x {runs} runs ...", file=sys.stderr)
    startup = time_commands(commands, runs, env, work)
    report.data["startup_seconds"] = startup
    med = {name: s["median"] for name, s in startup.items()}
    counted = [n for n in commands if n != "python -c pass"]
    if VALGRIND:
        print(f"start-up: instructions of {len(counted)} commands ...", file=sys.stderr)
    icount = {name: instructions(commands[name], env, work) for name in counted}
    report.data["startup_instructions"] = icount

    def by_count(ours: str, base: str) -> str:
        if icount.get(ours) and icount.get(base):
            return (
                f"; by instructions {icount[ours] / icount[base]:.2f}x "
                f"({icount[ours] / 1e6:.0f} M vs {icount[base] / 1e6:.0f} M)"
            )
        return "; instructions not counted (no valgrind)"

    for ours, base, limit in (
        ("careerplan --version", "minimal typer --version", 1.15),
        ("careerplan --help", "minimal typer --help", 1.15),
    ):
        report.target(
            f"`{ours}` / minimal typer app",
            med[ours] / med[base],
            limit,
            "x",
            f"{med[ours] * 1000:.0f} ms vs {med[base] * 1000:.0f} ms "
            f"(interpreter floor {med['python -c pass'] * 1000:.0f} ms)" + by_count(ours, base),
        )
    report.target(
        "stripped plan (typer, PyYAML, cache, rich) / minimal typer app: the floor",
        med["stripped plan"] / med["minimal typer plan"],
        None,
        "x",
        f"{med['stripped plan'] * 1000:.0f} ms vs {med['minimal typer plan'] * 1000:.0f} ms"
        + by_count("stripped plan", "minimal typer plan"),
    )
    if has_plan:
        report.target(
            "`careerplan plan` (shipped catalogue) / minimal typer app",
            med["careerplan plan"] / med["minimal typer plan"],
            PLAN_STARTUP_TARGET,
            "x",
            f"{med['careerplan plan'] * 1000:.0f} ms vs "
            f"{med['minimal typer plan'] * 1000:.0f} ms (catalogue cache warm)"
            + by_count("careerplan plan", "minimal typer plan"),
        )
    else:
        report.missing("`careerplan plan` / minimal typer app", "plan command not built yet")

    return med


def run_all(
    report: Report,
    work: Path,
    env: dict[str, str],
    runs: int,
    repeat: int,
    sizes: list[int],
    batch: int,
    baseline: Path | None = None,
) -> None:
    careerplan = careerplan_argv()
    (work / "minimal.py").write_text(MINIMAL_APP, encoding="utf-8")
    minimal = [sys.executable, str(work / "minimal.py")]
    persona = work / "persona.yaml"
    persona.write_text(PERSONA.format(assessed_on=TODAY.isoformat(), hours=6), encoding="utf-8")
    (work / "persona-2h.yaml").write_text(
        PERSONA.format(assessed_on=TODAY.isoformat(), hours=2), encoding="utf-8"
    )
    (work / "stripped.py").write_text(STRIPPED_APP, encoding="utf-8")
    stripped = [sys.executable, str(work / "stripped.py")]
    has_plan = has_command(careerplan, "plan", env=env)

    med = startup(report, work, env, runs, careerplan, minimal, stripped, persona, has_plan)

    # 2. Import discipline.
    checks = [["catalogue", "list"], ["catalogue", "validate"]]
    if has_plan:
        checks.append(["plan", "--profile", str(persona)])
    if has_command(careerplan, "profile", env=env):
        checks.append(["profile", "validate", str(persona)])
    if has_command(careerplan, "export", env=env):
        checks.append(["export", "--help"])
    discipline = {}
    for tail in checks:
        modules, _ = imported(tail, env, work)
        prompting = sorted(
            m for m in modules if m.split(".")[0] in ("questionary", "prompt_toolkit")
        )
        discipline[" ".join(tail[:2])] = prompting
    for tail in (["--version"], ["--help"]):
        modules, seconds = imported(tail, env, work)
        heavy = sorted(
            m
            for m in modules
            if m.split(".")[0] in ("pydantic", "yaml", "questionary", "prompt_toolkit")
            or m
            in ("careerplan.store.catalogue", "careerplan.model.profile", "careerplan.model.plan")
        )
        discipline[" ".join(tail)] = heavy
    report.data["import_discipline"] = discipline
    bad = {k: v for k, v in discipline.items() if v}
    report.target(
        "prompting/domain imports where not needed",
        len(bad),
        0,
        "commands",
        "none: " + ", ".join(discipline)
        if not bad
        else "; ".join(f"{k}: {', '.join(v[:3])}" for k, v in bad.items()),
    )

    # 3. Scale: synthetic catalogues, in-process and through the CLI.
    cli_batch = None
    if has_command(careerplan, "summary", env=env):

        def cli_batch(folder: Path) -> float:
            argv = [*careerplan, "summary", str(folder), "--to", "json"]
            check_run("careerplan summary", argv, env, work)
            return time_commands({"summary": argv}, max(runs // 10, 1), env, work)["summary"][
                "median"
            ]

    scale_in_process(
        report, work, sizes, repeat, batch, med["careerplan plan"] if has_plan else None, cli_batch
    )
    if has_plan:
        scale_cli(report, work, env, careerplan, runs, sizes)
        batch_cli(report, work, env, careerplan, batch, baseline)


def scale_in_process(
    report: Report,
    work: Path,
    sizes: list[int],
    repeat: int,
    batch: int,
    single: float | None,
    cli_batch: Callable[[Path], float] | None = None,
) -> None:
    """Load, validate and plan against growing catalogues; a batch of profiles against the
    shipped one, compared with `single`, the median wall time of one `careerplan plan`."""
    from careerplan.store.catalogue import load_catalogue
    from careerplan.store.catalogue_cache import load_cached
    from careerplan.store.profiles import load_profile

    build_plan = plan_function() if single is not None else None
    shipped = load_catalogue()
    vocab = shipped.vocab.ids()
    persona = load_profile(work / "persona.yaml", vocab, today=TODAY)
    scale: dict[str, Any] = {}
    for size in sizes:
        folder = work / f"catalogue-{size}"
        synthetic_folder(size, folder)
        print(f"scale: {size} entries ...", file=sys.stderr)
        load_med, _, cat = best_of(lambda folder=folder: load_catalogue([folder]), repeat)
        cache_env = {"CAREERPLAN_CACHE_DIR": str(work / "cache-inproc")}
        load_cached([folder], environ=cache_env)
        cached_med, _, _ = best_of(
            lambda folder=folder, env=cache_env: load_cached([folder], environ=env), repeat
        )
        row: dict[str, Any] = {
            "entries": len(cat.opportunities),
            "load_validate": load_med,
            "load_cached": cached_med,
        }
        if build_plan is not None:
            plan_med, _, _ = best_of(
                lambda cat=cat: build_plan(persona, cat, today=TODAY), max(repeat, 3)
            )
            row["plan"] = plan_med
        scale[str(size)] = row
    report.data["scale_seconds"] = scale

    ordered = [scale[str(s)] for s in sizes]
    for key, label, limit in (
        ("load_validate", "load+validate", None),
        ("plan", "plan (matching)", 1.2),
    ):
        if len(ordered) < 2 or key not in ordered[0]:
            continue
        small, large = ordered[-2], ordered[-1]
        slope = math.log(large[key] / small[key]) / math.log(large["entries"] / small["entries"])
        growth = ", ".join(f"{r['entries']}: {r[key] * 1000:.0f} ms" for r in ordered)
        report.target(
            f"{label} growth exponent ({small['entries']} -> {large['entries']})",
            slope,
            limit,
            "",
            f"1.0 is linear; {growth}",
        )
    if len(ordered) >= 1:
        biggest = ordered[-1]
        report.data["cache_speedup"] = biggest["load_validate"] / biggest["load_cached"]
        report.target(
            f"load and validate {biggest['entries']:,} entries (in process)",
            biggest["load_validate"],
            LOAD_TARGET_SECONDS,
            "s",
            f"median of {repeat}; from the cache {biggest['load_cached']:.2f} s",
        )

    if build_plan is None or single is None:
        report.missing("batch of profiles", "plan not built yet")
        return
    profiles = random_profiles(batch, vocab)
    start = time.perf_counter()
    for profile in profiles:
        build_plan(profile, shipped, today=TODAY)
    batch_seconds = time.perf_counter() - start
    report.data["batch"] = {
        "profiles": batch,
        "in_process_seconds": batch_seconds,
        "single_plan_cli_seconds": single,
    }
    if cli_batch is None:
        report.target(
            f"batch of {batch} profiles (in-process) / one `careerplan plan`",
            batch_seconds / single,
            10,
            "x",
            f"{batch_seconds:.2f} s for {batch} vs {single * 1000:.0f} ms for one "
            f"run ({batch_seconds / batch * 1000:.1f} ms a profile)",
        )
        return
    from careerplan.store.profiles import profile_yaml

    folder = work / "directorate"
    folder.mkdir()
    for number, profile in enumerate(profiles):
        (folder / f"person-{number:03d}.yaml").write_text(profile_yaml(profile), encoding="utf-8")
    seconds = cli_batch(folder)
    report.data["batch"]["summary_cli_seconds"] = seconds
    report.target(
        f"`careerplan summary` of {batch} profiles / one `careerplan plan`",
        seconds / single,
        10,
        "x",
        f"{seconds:.2f} s for {batch} vs {single * 1000:.0f} ms for one run; "
        f"in-process planning alone {batch_seconds:.2f} s "
        f"({batch_seconds / batch * 1000:.1f} ms a profile)",
    )


def scale_cli(
    report: Report,
    work: Path,
    env: dict[str, str],
    careerplan: list[str],
    runs: int,
    sizes: list[int],
) -> None:
    """Warm plans through the CLI: the middle catalogue against the shipped one (a ratio),
    and the largest at 2 hours a month (the hardest case: most advice re-planned), timed."""
    shipped_argv = [*careerplan, "plan", "--profile", str(work / "persona.yaml")]
    largest = max(sizes)
    middle = 5000 if 5000 in sizes and largest != 5000 else min(sizes)
    commands = {"shipped": shipped_argv}
    for size, persona in ((middle, "persona.yaml"), (largest, "persona-2h.yaml")):
        folder = work / f"catalogue-{size}"
        argv = [*careerplan, "plan", "--profile", str(work / persona), "--catalogue", str(folder)]
        commands[f"{size}"] = argv
    cold_env = {**env, "CAREERPLAN_CACHE_DIR": str(work / "cache-cold")}
    start = time.perf_counter()
    check_run("careerplan plan (large, cold cache)", commands[f"{largest}"], cold_env, work)
    cold = time.perf_counter() - start
    print(f"scale: warm plans through the CLI ({middle:,}, {largest:,}) ...", file=sys.stderr)
    timed = time_commands(commands, max(runs // 4, 3), env, work)
    shipped = timed["shipped"]["median"]
    warm_middle, warm_large = timed[f"{middle}"]["median"], timed[f"{largest}"]["median"]
    report.data["large_catalogue_cli_seconds"] = {
        "entries": largest,
        "first_run": cold,
        "second_run": timed[f"{largest}"],
        "middle": {"entries": middle, **timed[f"{middle}"]},
        "shipped": timed["shipped"],
    }
    counted = ""
    if VALGRIND:
        print(f"scale: instructions of the warm plans ({middle:,}, shipped) ...", file=sys.stderr)
        ours, base = (
            instructions(commands[f"{middle}"], env, work),
            instructions(shipped_argv, env, work),
        )
        report.data["large_catalogue_cli_instructions"] = {f"{middle}": ours, "shipped": base}
        if ours and base:
            counted = (
                f"; by instructions {ours / base:.2f}x ({ours / 1e6:,.0f} M vs {base / 1e6:,.0f} M)"
            )
    report.target(
        f"`careerplan plan` second run, {middle:,}-entry catalogue / shipped",
        warm_middle / shipped,
        2.0,
        "x",
        f"{warm_middle * 1000:.0f} ms vs {shipped * 1000:.0f} ms (6 h/month){counted}",
    )
    report.target(
        f"`careerplan plan` second run, {largest:,}-entry catalogue at 2 h/month",
        warm_large,
        PLAN_LARGE_TARGET_SECONDS,
        "s",
        f"first run (no cache) {cold:.2f} s; shipped catalogue {shipped * 1000:.0f} ms",
    )


def batch_cli(
    report: Report,
    work: Path,
    env: dict[str, str],
    careerplan: list[str],
    batch: int,
    baseline: Path | None,
) -> None:
    """`careerplan plan --batch` of `batch` profiles to markdown: in worker processes (the
    default) and in one (--jobs 1), and with --baseline, the same batch by that tree's
    careerplan, interleaved; instructions of a tenth of the batch in one process."""
    vocab = _shipped_vocab()
    folder = work / f"batch-{batch}"
    folder.mkdir(exist_ok=True)
    from careerplan.store.profiles import profile_yaml

    for number, profile in enumerate(random_profiles(batch, vocab)):
        (folder / f"person-{number:03d}.yaml").write_text(profile_yaml(profile), encoding="utf-8")
    small = work / "batch-small"
    small.mkdir(exist_ok=True)
    for path in sorted(folder.iterdir())[: max(batch // 10, 2)]:
        shutil.copy(path, small / path.name)
    variants: dict[str, tuple[list[str], dict[str, str]]] = {
        "batch": (careerplan, env),
        "batch --jobs 1": ([*careerplan], env),
    }
    if baseline is not None:
        base_env = {**env, "PYTHONPATH": str(baseline.resolve())}
        variants["baseline batch"] = ([sys.executable, "-m", "careerplan"], base_env)
    else:  # this tree, the batch path as it was before issue 24 (see BASELINE_BATCH)
        (work / "baseline_batch.py").write_text(BASELINE_BATCH, encoding="utf-8")
        variants["baseline batch"] = ([sys.executable, str(work / "baseline_batch.py")], env)
    samples: dict[str, list[float]] = {name: [] for name in variants}
    print(f"batch: {batch} profiles x {len(variants)} variants ...", file=sys.stderr)
    for round_ in range(2):
        for name, (argv, run_env) in variants.items():
            out = work / f"out-{name.replace(' ', '')}-{round_}"
            extra = ["--jobs", "1"] if name.endswith("--jobs 1") else []
            full = [*argv, "plan", "--batch", str(folder), "--out-dir", str(out), *extra]
            start = time.perf_counter()
            check_run(name, full, run_env, work)
            samples[name].append(time.perf_counter() - start)
    wall = {name: min(values) for name, values in samples.items()}
    outputs = {name: _folder_bytes(work / f"out-{name.replace(' ', '')}-0") for name in variants}
    differ = [name for name in variants if outputs[name] != outputs["batch --jobs 1"]]
    report.target(
        f"`plan --batch` of {batch} profiles: variants whose files differ from --jobs 1",
        len(differ),
        0,
        "",
        "every file and the summary byte-identical in workers, in one process and in the baseline"
        if not differ
        else "differ: " + ", ".join(differ),
    )
    counts = {}
    for name, (argv, run_env) in variants.items():
        if name == "batch":
            continue  # instructions do not see workers run side by side
        full = [*argv, "plan", "--batch", str(small), "--out-dir", str(work / f"ic-{name[:4]}")]
        counts[name] = instructions(
            [*full, "--jobs", "1"] if name != "baseline batch" else full, run_env, work
        )
    report.data["batch_cli"] = {"profiles": batch, "seconds": samples, "instructions": counts}
    detail = (
        f"{wall['batch']:.2f} s in workers (default --jobs), {wall['batch --jobs 1']:.2f} s "
        f"in one process (best of 2)"
    )
    report.target(
        f"`plan --batch` of {batch} profiles: one process / workers",
        wall["batch --jobs 1"] / wall["batch"],
        None,
        "x",
        detail,
    )
    ours, base = counts.get("batch --jobs 1"), counts.get("baseline batch")
    by_count = (
        f"; by instructions ({len(list(small.iterdir()))} profiles, one process) "
        f"{base / ours:.2f}x fewer"
        if ours and base
        else ""
    )
    report.target(
        f"`plan --batch` of {batch} profiles: baseline / this tree (times faster)",
        wall["baseline batch"] / wall["batch"],
        None,
        "x",
        f"{detail}; baseline {wall['baseline batch']:.2f} s{by_count}",
    )
    report.target(
        f"`plan --batch` of {batch} profiles: this tree / baseline (at most 1/5)",
        wall["batch"] / wall["baseline batch"],
        0.2,
        "x",
        "the issue's target: at least 5 times faster than the baseline in the same run",
    )


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _shipped_vocab() -> dict[str, list[str]]:
    from careerplan.store.catalogue import load_catalogue

    return load_catalogue().vocab.ids()


def print_table(report: Report) -> None:
    data = report.data
    print("\nStart-up (wall time of one run, seconds; instructions by valgrind, millions)")
    print(f"  {'command':<34} {'median':>8} {'min':>8} {'iqr':>8} {'runs':>5} {'instr':>8}")
    counts = data.get("startup_instructions", {})
    for name, s in data.get("startup_seconds", {}).items():
        count = f"{counts[name] / 1e6:8.0f}" if counts.get(name) else f"{'-':>8}"
        print(
            f"  {name:<34} {s['median']:8.3f} {s['min']:8.3f} {s['iqr']:8.3f} {s['runs']:5d}"
            f" {count}"
        )
    if data.get("scale_seconds"):
        print("\nScale (in-process, median seconds)")
        print(f"  {'entries':>8} {'load+validate':>14} {'load (cached)':>14} {'plan':>8}")
        for row in data["scale_seconds"].values():
            plan = f"{row['plan']:8.4f}" if "plan" in row else f"{'-':>8}"
            print(
                f"  {row['entries']:>8} {row['load_validate']:14.3f} "
                f"{row['load_cached']:14.4f} {plan}"
            )
    print("\nTargets")
    print(f"  {'measure':<66} {'value':>7} {'target':>7}  met")
    for row in report.rows:
        if row["value"] is None:
            print(f"  {row['measure']:<66} {'-':>7} {'-':>7}  n/a  {row['detail']}")
            continue
        if row["target"] is None:
            print(f"  {row['measure']:<66} {row['value']:7.2f} {'-':>7}  (reported)")
        else:
            met = "yes" if row["met"] else "NO"
            print(f"  {row['measure']:<66} {row['value']:7.2f} {row['target']:7.2f}  {met}")
        print(f"      {row['detail']}")


if __name__ == "__main__":
    sys.exit(main())
