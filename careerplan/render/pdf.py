"""A PDF of a document, printed by a program the user already has.

The HTML export is made to print on A4 (named landscape pages for the appraisal table,
page numbers in the margin), and a Chromium-based browser prints it exactly so: Microsoft
Edge is on every Windows desktop in the NHS, Chrome or Edge on most Macs, Chromium on
Linux. So `--to pdf` prints the HTML export with the first of those it finds, headless,
into a private temporary folder. Without a browser, LibreOffice (if there) converts the Word
export instead. Nothing is downloaded and no PDF library is added: a Python PDF renderer
would need a layout engine and system libraries (Pango, Cairo) that a doctor's laptop does
not have, while the browser is already there. `CAREERPLAN_BROWSER` names a browser to use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from careerplan.errors import OutputError

BROWSER_ENV = "CAREERPLAN_BROWSER"
TIMEOUT_S = 120

#: Names on PATH, most likely first.
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
    "chrome",
)

#: Where the browsers install themselves when they are not on PATH (macOS, Windows).
BROWSER_PATHS = (
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)

OFFICE_NAMES = ("soffice", "libreoffice")
OFFICE_PATHS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)

#: Headless printing with nothing from the network and no header or footer of the
#: browser's own (the layout numbers its pages).
BROWSER_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)

NONE_FOUND = (
    "no program to print a PDF with: careerplan uses Microsoft Edge, Google Chrome or "
    "Chromium (or else LibreOffice), and none was found; install one, set "
    f"{BROWSER_ENV} to a browser's path, or export HTML (--out plan.html) and print it "
    "to PDF from your browser"
)


def find_browser() -> str | None:
    """The browser to print with: $CAREERPLAN_BROWSER, else the first one installed."""
    chosen = os.environ.get(BROWSER_ENV, "").strip()
    if chosen:
        return chosen
    return _find(BROWSER_NAMES, BROWSER_PATHS)


def find_office() -> str | None:
    return _find(OFFICE_NAMES, OFFICE_PATHS)


def _find(names: tuple[str, ...], paths: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in paths if Path(p).is_file()), None)


def _root() -> bool:
    """Chromium refuses to run as root without --no-sandbox (containers, some servers)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def browser_command(browser: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints `html` to `pdf` with a fresh, throwaway profile."""
    flags = [*BROWSER_FLAGS, *(["--no-sandbox"] if _root() else [])]
    return [
        browser,
        *flags,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.run(
            command,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT_S,
        )
    except FileNotFoundError as exc:
        raise OutputError(f"{command[0]}: not found; {NONE_FOUND}") from exc
    except subprocess.TimeoutExpired as exc:
        raise OutputError(
            f"{what} did not finish printing the PDF in {TIMEOUT_S} seconds; export HTML "
            "(--out plan.html) and print it from your browser instead"
        ) from exc
    except subprocess.CalledProcessError as exc:
        last = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        detail = f" ({last[-1][:200]})" if last else ""
        raise OutputError(
            f"{what} could not print the PDF{detail}; export HTML (--out plan.html) and "
            "print it from your browser instead"
        ) from exc


def print_pdf(html: Callable[[], str], docx: Callable[[], bytes]) -> bytes:
    """The PDF of a document: `html()` printed by a browser, else `docx()` converted by
    LibreOffice. OutputError (one line) when neither program is here or printing fails."""
    browser = find_browser()
    office = None if browser else find_office()
    if not browser and not office:
        raise OutputError(NONE_FOUND)
    with tempfile.TemporaryDirectory(prefix="careerplan-pdf-") as folder:
        tmp = Path(folder)
        if browser:
            source = tmp / "plan.html"
            source.write_text(html(), encoding="utf-8")
            pdf = tmp / "plan.pdf"
            name = Path(browser).stem
            _run(browser_command(browser, source, pdf, tmp / "profile"), name)
        else:
            assert office is not None
            source = tmp / "plan.docx"
            source.write_bytes(docx())
            pdf = tmp / "plan.pdf"
            _run(
                [
                    office,
                    f"-env:UserInstallation={(tmp / 'office').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(tmp),
                    str(source),
                ],
                "LibreOffice",
            )
        if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
            raise OutputError(
                "the PDF was not written; export HTML (--out plan.html) and print it from "
                "your browser instead"
            )
        return pdf.read_bytes()
