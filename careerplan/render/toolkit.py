"""The PDP item by item, in the fields appraisal toolkits ask for: CSV and text to paste.

Appraisal toolkits (Clarity, L2P, SARD and others) take a personal development plan one
item at a time into their own fields: the development need, the agreed action, a target
date, how it will be demonstrated and a status (Proposed, Agreed, Complete with its date,
Carried forward, Dropped). `toolkit_csv` gives those fields one row an item, for a
spreadsheet or an import; `toolkit_text` gives them one line a field, an item at a time,
to copy into the toolkit's boxes. Both come from the same Document as the other exports.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from careerplan import wording
from careerplan.render.document import Document, ItemView, clean_text

#: A toolkit has no "in progress": an item under way is an agreed one.
TOOLKIT_STATUS = {"in-progress": "agreed"}

FIELDS = (
    "Item",
    "Development need",
    "Agreed action",
    "Target date",
    "How it will be demonstrated",
    "Status",
)


@dataclass(frozen=True)
class ToolkitItem:
    number: int
    title: str
    need: str
    action: str
    target: str  # dd/mm/yyyy in CSV, '31 March 2027' in text
    evidence: str
    status: str


def _status(item: ItemView, labels: dict[str, str], numeric: bool) -> str:
    status = TOOLKIT_STATUS.get(item.status_id, item.status_id)
    label = labels.get(status, status.replace("-", " ").capitalize())
    if status == "complete" and item.status_date:
        day = wording.numeric_date if numeric else wording.long_date
        return f"{label} on {day(item.status_date)}"
    return label


def toolkit_items(doc: Document, labels: dict[str, str], *, numeric: bool) -> list[ToolkitItem]:
    """Each item's toolkit fields; `labels` are the status labels (id -> label)."""
    day = wording.numeric_date if numeric else wording.long_date
    return [
        ToolkitItem(
            number=item.number,
            title=clean_text(item.title),
            need=clean_text("; ".join(item.needs)),
            action=clean_text(f"{item.title}. {item.action}"),
            target=day(item.target_date),
            evidence=clean_text(item.evidence),
            status=_status(item, labels, numeric),
        )
        for item in doc.items
    ]


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab) would be
    read as a formula, so it gets a leading apostrophe, as Excel itself marks text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def toolkit_csv(doc: Document, labels: dict[str, str]) -> str:
    """One row an item under FIELDS; dates as dd/mm/yyyy, which date fields accept. Starts
    with a byte-order mark so that Excel reads the £ and the dashes right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for t in toolkit_items(doc, labels, numeric=True):
        writer.writerow(
            [
                str(t.number),
                *(_safe_cell(v) for v in (t.need, t.action, t.target, t.evidence, t.status)),
            ]
        )
    return "\ufeff" + out.getvalue()


def toolkit_text(doc: Document, labels: dict[str, str]) -> str:
    """Each item as 'Field: value' lines, one field a line and a blank line between items,
    to copy field by field into an appraisal toolkit."""
    items = toolkit_items(doc, labels, numeric=False)
    who = f" for {clean_text(doc.person)}" if doc.person else ""
    lines = [
        f"Personal development plan{who}: {wording.plural(len(items), 'item')}, "
        f"{wording.long_date(doc.start)} to {wording.long_date(doc.end)}",
        "",
    ]
    for t in items:
        lines += [
            f"PDP item {t.number} of {len(items)}: {t.title}",
            f"Development need: {t.need or '-'}",
            f"Agreed action: {t.action}",
            f"Target date: {t.target}",
            f"How it will be demonstrated: {t.evidence or '-'}",
            f"Status: {t.status}",
            "",
        ]
    if not items:
        lines.append("No items yet.")
    return "\n".join(lines).rstrip("\n") + "\n"
