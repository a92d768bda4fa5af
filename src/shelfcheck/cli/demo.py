"""`shelfcheck demo`: the main job on the public-domain demo data shipped in the package."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from shelfcheck.cli.app import app, console


@app.command()
def demo(
    out: Path = typer.Option(Path("shelfcheck-demo"), "--out", help="Folder for the demo's index, matches and CMI findings."),
    workers: int = typer.Option(1, "--workers", help="Scan worker processes."),
) -> None:
    """Index three public-domain books, scan a corpus holding altered passages of them, detect CMI."""
    from shelfcheck.demo import corpus_documents, read_jsonl, run_demo, work_documents

    with console.status("indexing the demo books, scanning the demo corpus…"):
        result = run_demo(out, workers=workers)
    docs, works = corpus_documents(), work_documents()
    matches = [m for m in read_jsonl(result.matches) if "work" in m]

    table = Table(title="Books found in the demo corpus")
    for column in ("document", "work", "matched chars", "doc coverage", "work coverage", "spans"):
        table.add_column(column, justify="left" if column in ("document", "work") else "right")
    for match in matches:
        table.add_row(match["doc"], match["work"], str(match["matched_chars"]), f"{match['doc_coverage']:.1%}", f"{match['work_coverage']:.1%}", str(len(match["spans"])))
    console.print(table)
    console.print("[bold]Evidence[/] (first verified span of each match; offsets are code points into the original texts):")
    for match in matches:
        span = match["spans"][0]
        doc_text = docs[match["doc"]].text[span["doc_start"] : span["doc_end"]]
        work_text = works[match["work"]].text[span["work_start"] : span["work_end"]]
        console.print(f"  {match['doc']}[{span['doc_start']}:{span['doc_end']}]  [dim]{_clip(doc_text)}[/]", highlight=False, soft_wrap=True)
        console.print(f"  {match['work']}[{span['work_start']}:{span['work_end']}]  [dim]{_clip(work_text)}[/]", highlight=False, soft_wrap=True)
    console.print("[dim]Spans are verified in 32-character blocks of normalised text, so a span may start or end inside a word.[/]")
    unmatched = sorted(set(docs) - {m["doc"] for m in matches})
    console.print(f"documents with no indexed book: {', '.join(unmatched) or 'none'}")

    cmi = Table(title="Copyright-management information in the demo corpus")
    cmi.add_column("document")
    cmi.add_column("front matter")
    cmi.add_column("findings")
    for line in read_jsonl(result.cmi):
        if "front_matter" in line:
            counts = ", ".join(f"{kind} {n}" for kind, n in sorted(line["counts"].items()) if n) or "—"
            cmi.add_row(line["doc"], line["front_matter"], counts)
    console.print(cmi)
    console.print(f"outputs: {result.index}/ (index), {result.matches} (matches), {result.cmi} (CMI findings)")


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
