"""No write through a link the user did not make (issue 23, item 2), and a plan written by
root keeps its owner and mode (item 6).

Every output is created by renaming a finished temporary file into place, which never
follows a link: without --force a link at the output is refused in one line; with --force
the link itself is replaced and the file it points to is left alone. `review` writes a
link's target only where the user made the link.

The two-user tests fork: one child, as another user, plants the link in a shared (sticky,
world-writable) folder; the victim runs careerplan in process (as root, or in a second
child as an ordinary user). They need root to change user, and are skipped without it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from users import as_user

HERE = Path(__file__).parent
PROFILE = HERE / "personas" / "new-md-nhs-trust.yaml"
TODAY = "2026-12-03"
ATTACKER, VICTIM = 47_002, 47_001
ITEM = ("--item", "executive-coaching", "--status", "agreed", "--today", TODAY)


@pytest.fixture
def victim_file(tmp_path: Path) -> Path:
    target = tmp_path / "home" / ".bashrc"
    target.parent.mkdir()
    target.write_text("the victim's own file\n")
    return target


def one_line(result, *words: str) -> None:
    assert result.exit_code in (1, 2), result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal" not in lines[0] and "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


OUTPUTS = {
    "plan --save": lambda out, plan: ("plan", PROFILE, "--save", out, "--today", TODAY),
    "plan --out": lambda out, plan: ("plan", PROFILE, "--out", out, "--today", TODAY),
    "export --out": lambda out, plan: ("export", plan, "--to", "md", "--out", out),
    "export docx": lambda out, plan: ("export", plan, "--to", "docx", "--out", out),
    "summary --out": lambda out, plan: ("summary", plan.parent, "--to", "md", "--out", out),
}


NAMES = {"plan --save": "out.yaml", "export docx": "out.docx"}


@pytest.fixture
def saved_plan(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    return plan


@pytest.mark.parametrize("output", OUTPUTS, ids=str)
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_link_at_an_output_is_refused_without_force(
    cli, tmp_path, victim_file, saved_plan, output, dangling
) -> None:
    target = tmp_path / "home" / "new-file" if dangling else victim_file
    link = tmp_path / NAMES.get(output, "out.md")
    link.symlink_to(target)
    result = cli(*OUTPUTS[output](link, saved_plan))
    one_line(result, str(link))
    assert "--save" not in output or "name the file" not in result.stderr
    assert victim_file.read_text() == "the victim's own file\n"
    assert not (tmp_path / "home" / "new-file").exists()
    assert link.is_symlink()


@pytest.mark.parametrize("output", OUTPUTS, ids=str)
def test_force_replaces_the_link_itself_never_its_target(
    cli, tmp_path, victim_file, saved_plan, output
) -> None:
    link = tmp_path / NAMES.get(output, "out.md")
    link.symlink_to(victim_file)
    result = cli(*OUTPUTS[output](link, saved_plan), "--force")
    assert result.exit_code == 0, result.output
    assert not link.is_symlink() and link.stat().st_size > 100
    assert victim_file.read_text() == "the victim's own file\n"
    assert not list(victim_file.parent.glob(".*lock"))  # no lock file beside the target


def test_batch_force_replaces_links_not_targets(cli, tmp_path, victim_file) -> None:
    people = tmp_path / "people"
    people.mkdir()
    (people / "a.yaml").write_bytes(PROFILE.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-plan.md").symlink_to(victim_file)
    (out / "a-plan.yaml").symlink_to(victim_file)
    result = cli("plan", "--batch", people, "--out-dir", out, "--force", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert victim_file.read_text() == "the victim's own file\n"
    assert not (out / "a-plan.md").is_symlink() and not (out / "a-plan.yaml").is_symlink()


def test_review_through_your_own_link_writes_the_plan(cli, tmp_path, saved_plan) -> None:
    link = tmp_path / "mine.yaml"
    link.symlink_to(saved_plan)
    assert cli("review", link, *ITEM).exit_code == 0
    assert (
        link.is_symlink()
        and "agreed on" in saved_plan.read_text()
        or "agreed" in (saved_plan.read_text())
    )


# --- two users ---------------------------------------------------------------------------

needs_root = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="changing user needs root (CI runs as root); an ordinary user cannot plant "
    "a link as someone else",
)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A shared folder like /tmp (sticky, world-writable), and a home for the victim,
    outside pytest's own private temporary folder so that both users reach them."""
    base = Path(tempfile.mkdtemp(prefix="careerplan-links-"))
    base.chmod(0o755)
    (base / "shared").mkdir(mode=0o1777)
    (base / "shared").chmod(0o1777)
    home = base / "victim"
    home.mkdir()
    (home / ".bashrc").write_text("the victim's own file\n")
    for path in (home, home / ".bashrc"):
        os.chown(path, VICTIM, VICTIM)
    home.chmod(0o700)
    yield base
    import shutil

    shutil.rmtree(base, ignore_errors=True)


def plant(link: Path, target: Path) -> None:
    as_user(ATTACKER, lambda: link.symlink_to(target))
    assert os.lstat(link).st_uid == ATTACKER


def victim_runs(monkeypatch, cli, home: Path, *args: object) -> dict:
    """careerplan run by the victim (an ordinary user) in a forked child."""
    from careerplan.cli.commands import load_all

    load_all()  # every command loaded before the fork

    monkeypatch.setenv("CAREERPLAN_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("CAREERPLAN_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CAREERPLAN_CONFIG", str(home / "config.toml"))  # the victim's own

    def run() -> dict:
        result = cli(*args)
        return {"code": result.exit_code, "stderr": result.stderr}

    answer = as_user(VICTIM, run)
    assert isinstance(answer, dict)
    return answer


def warm(cli, tmp_path: Path) -> None:
    """Load every module the commands use while still root (the interpreter's own files
    may be out of the victim's reach)."""
    import encodings.ascii
    import encodings.latin_1  # noqa: F401

    plan = tmp_path / "warm.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    assert cli("plan", PROFILE, "--save", plan, "--force", "--today", TODAY).exit_code == 0
    assert cli("review", plan, *ITEM).exit_code == 0
    cli("export", plan, "--to", "md")


@needs_root
def test_a_link_another_user_planted_is_not_written_through_by_review(
    cli, shared, tmp_path, monkeypatch
) -> None:
    home = shared / "victim"
    link = shared / "shared" / "plan.yaml"
    plant(link, home / ".bashrc")
    warm(cli, tmp_path)
    got = victim_runs(monkeypatch, cli, home, "review", link, *ITEM)
    assert got["code"] == 2, got
    assert got["stderr"].count("\n") == 1
    assert "symbolic link another user" in got["stderr"] and f"uid {ATTACKER}" in got["stderr"]
    assert (home / ".bashrc").read_text() == "the victim's own file\n"


@needs_root
def test_save_force_over_a_planted_link_never_writes_its_target(
    cli, shared, tmp_path, monkeypatch
) -> None:
    home = shared / "victim"
    link = shared / "shared" / "plan.yaml"
    plant(link, home / ".bashrc")
    warm(cli, tmp_path)
    plain = victim_runs(monkeypatch, cli, home, "plan", PROFILE, "--save", link, "--today", TODAY)
    assert plain["code"] == 1 and plain["stderr"].count("\n") == 1, plain
    forced = victim_runs(
        monkeypatch, cli, home, "plan", PROFILE, "--save", link, "--force", "--today", TODAY
    )
    # The shared folder is sticky: the victim may not replace the attacker's link either;
    # either way, one line and the victim's file untouched.
    assert forced["code"] in (0, 1), forced
    assert "internal" not in forced["stderr"]
    assert (home / ".bashrc").read_text() == "the victim's own file\n"


@needs_root
def test_root_following_a_planted_link_refuses(cli, shared) -> None:
    """Root is the victim here (`sudo careerplan review` in a shared folder)."""
    own = shared / "root-only.yaml"
    own.write_text("root's file\n")
    link = shared / "shared" / "plan.yaml"
    plant(link, own)
    result = cli("review", link, *ITEM)
    one_line(result, "symbolic link another user", f"uid {ATTACKER}")
    assert own.read_text() == "root's file\n"
    forced = cli("plan", PROFILE, "--save", link, "--force", "--today", TODAY)
    assert forced.exit_code == 0, forced.output
    assert not link.is_symlink() and own.read_text() == "root's file\n"


@needs_root
def test_a_victims_own_link_is_followed(cli, shared, tmp_path, monkeypatch) -> None:
    home = shared / "victim"
    warm(cli, tmp_path)
    plan = home / "plan.yaml"
    got = victim_runs(monkeypatch, cli, home, "plan", PROFILE, "--save", plan, "--today", TODAY)
    assert got["code"] == 0, got
    link = home / "link.yaml"
    as_user(VICTIM, lambda: link.symlink_to(plan))
    got = victim_runs(monkeypatch, cli, home, "review", link, *ITEM)
    assert got["code"] == 0, got
    assert os.lstat(link).st_uid == VICTIM and link.is_symlink()
    assert "agreed" in plan.read_text()


@needs_root
def test_a_plan_reviewed_by_root_keeps_its_owner_and_mode(cli, shared, tmp_path) -> None:
    """`sudo careerplan review plan.yaml`: the plan stays its owner's, mode and all; the
    same through the owner's own link."""
    home = shared / "victim"
    plan = home / "plan.yaml"
    assert cli("plan", PROFILE, "--save", plan, "--today", TODAY).exit_code == 0
    os.chown(plan, VICTIM, VICTIM)
    plan.chmod(0o640)
    assert cli("review", plan, *ITEM).exit_code == 0
    info = plan.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (VICTIM, VICTIM, 0o640)
    link = home / "link.yaml"
    as_user(VICTIM, lambda: link.symlink_to(plan))
    again = cli(
        "review", link, "--item", "executive-coaching", "--status", "in-progress", "--today", TODAY
    )
    assert again.exit_code == 0, again.output
    info = plan.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (VICTIM, VICTIM, 0o640)
    assert not [p for p in home.iterdir() if p.name.startswith(".plan.yaml")]
