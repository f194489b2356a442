"""A plan as one self-contained HTML page to print: no scripts, no files or fonts fetched,
every style inline. On screen it is a scroll of session cards; printed (the @media print
rules), each session is one page with blank cells to fill in per set. Every text from a
plan or card goes through html.escape, so a name like `<b>` prints as itself."""

from __future__ import annotations

from html import escape

from planner.export.sheets import Row, Sheet, plan_title, sheets, warning_lines
from planner.records import Plan

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 1.5rem auto;
       max-width: 60rem; color: #111; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
.overview, .session { border: 1px solid #bbb; border-radius: 6px; padding: 1rem 1.2rem; margin: 0 0 1.5rem; }
.session header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem;
                  border-bottom: 2px solid #111; padding-bottom: .3rem; margin-bottom: .6rem; }
.session h2 { font-size: 1.15rem; margin: 0; }
.session .plan { font-size: .8rem; color: #444; }
h3 { font-size: .9rem; margin: .8rem 0 .3rem; text-transform: none; }
table { border-collapse: collapse; width: 100%; font-size: .8rem; }
td, th { border: 1px solid #888; padding: .15rem .3rem; vertical-align: top; }
th { background: #eee; text-align: left; font-weight: 600; }
td.ex { width: 40%; }
td.ex .name { font-weight: 600; }
td.ex .rx { color: #222; }
td.ex .more { color: #555; font-size: .72rem; }
td.cell { min-width: 3.2rem; height: 2.1rem; padding: 0; }
td.cell .slots { display: flex; height: 100%; }
td.cell .slots span { flex: 1; border-left: 1px dotted #aaa; font-size: .55rem; color: #777; padding: 1px 2px; }
td.cell .slots span:first-child { border-left: 0; }
td.tick { width: 2.2rem; text-align: center; color: #999; }
tr.pair td.ex { border-left: 4px solid #111; }
.notes { margin-top: .8rem; font-size: .8rem; }
.notes .line { border-bottom: 1px solid #888; height: 1.4rem; }
.warnings li { margin: .2rem 0; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; }
  .overview, .session { border: 0; padding: 0; margin: 0; break-after: page; page-break-after: always; }
  .session:last-child { break-after: auto; page-break-after: auto; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _row(row: Row, width: int) -> str:
    ex = (
        f'<td class="ex"><div class="name">{escape(row.name)}</div><div class="rx">{escape(row.prescription)}</div>'
        + (f'<div class="more">{escape(row.details)}</div>' if row.details else "")
        + "</td>"
    )
    if row.tick:
        cells = '<td class="tick">☐</td>' * row.sets
    else:
        cells = (
            '<td class="cell"><div class="slots"><span>load</span><span>reps</span><span>RIR</span></div></td>'
            * row.sets
        )
    cells += "<td></td>" * (width - row.sets)
    pair = ' class="pair"' if row.group else ""
    return f"<tr{pair}>{ex}{cells}</tr>"


def _session(sheet: Sheet) -> str:
    out = [
        '<section class="session">',
        f'<header><h2>{escape(sheet.heading)}</h2><span class="plan">{escape(sheet.plan)} · {sheet.minutes} min</span></header>',
    ]
    for section in sheet.sections:
        if not section.rows:
            continue
        width = max(r.sets for r in section.rows)
        head = "".join(f"<th>Set {n}</th>" for n in range(1, width + 1))
        out.append(f"<h3>{escape(section.title)}</h3>")
        out.append(f"<table><tr><th>Exercise</th>{head}</tr>")
        out += [_row(r, width) for r in section.rows]
        out.append("</table>")
    out.append('<div class="notes">Notes<div class="line"></div><div class="line"></div></div>')
    out.append("</section>")
    return "\n".join(out)


def plan_html(plan: Plan) -> str:
    title = escape(f"Training plan: {plan_title(plan)}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="planner"><title>{title}</title><style>{STYLE}</style></head>',
        "<body>",
        f'<section class="overview"><h1>{title}</h1>',
        f"<p>{len(plan.weeks)} weeks, {sum(len(w.sessions) for w in plan.weeks)} sessions. Print this page: each "
        "session is one sheet, with a cell per set for the load, the reps and the reps left in reserve (RIR).</p>",
    ]
    warnings = warning_lines(plan)
    if warnings:
        parts.append('<h3>What this plan does not reach</h3><ul class="warnings">')
        parts += [f"<li>{escape(w)}</li>" for w in warnings]
        parts.append("</ul>")
    parts.append("</section>")
    parts += [_session(s) for s in sheets(plan)]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
