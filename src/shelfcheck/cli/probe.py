"""`shelfcheck probe MODEL --book FILE [--control FILE...] [--reference MODEL] --out RESULT.json`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shelfcheck.cli.app import app, console, err_console


@app.command()
def probe(
    model: Path = typer.Argument(..., help="Local Hugging Face model folder or .gguf file (nothing is downloaded)."),
    book: Path = typer.Option(..., "--book", help="The book: any source format (txt, md, html, epub, pdf, ...)."),
    control: list[Path] = typer.Option([], "--control", help="Text the model cannot have seen (repeatable)."),
    reference: Optional[Path] = typer.Option(None, "--reference", help="Reference model with the same tokenizer."),
    out: Path = typer.Option(..., "--out", help="Where to write RESULT.json."),
    passage_tokens: int = typer.Option(128, "--passage-tokens", min=2, help="Tokens per passage."),
    prefix_tokens: int = typer.Option(50, "--prefix-tokens", min=1, help="Extraction prompt length."),
    suffix_tokens: int = typer.Option(50, "--suffix-tokens", min=1, help="Extraction target length."),
    max_passages: Optional[int] = typer.Option(None, "--max-passages", min=1, help="Probe at most this many passages per text, evenly spaced."),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Passages per forward pass."),
    top_k: int = typer.Option(40, "--top-k", min=1, help="Top-k of the sampling scheme for p_z."),
    temperature: float = typer.Option(1.0, "--temperature", min=1e-6, help="Temperature of the sampling scheme for p_z."),
    device: Optional[str] = typer.Option(None, "--device", help="cpu or cuda (default: cuda when available)."),
    dtype: Optional[str] = typer.Option(None, "--dtype", help="float32 or bfloat16 (default: bf16 where the hardware has it)."),
    continuations: bool = typer.Option(False, "--continuations", help="Also store the greedy continuation text of each book passage."),
    seed: int = typer.Option(0, "--seed", help="Seed of the dataset-level test."),
) -> None:
    """Measure whether MODEL learned the book: per-passage scores, extraction, and a verdict against controls."""
    from shelfcheck.probe.run import ProbeParams, probe_book, write_result

    params = ProbeParams(
        passage_tokens=passage_tokens,
        prefix_tokens=prefix_tokens,
        suffix_tokens=suffix_tokens,
        max_passages=max_passages,
        batch_size=batch_size,
        top_k=top_k,
        temperature=temperature,
        device=device,
        dtype=dtype,
        continuations=continuations,
        seed=seed,
    )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        tasks: dict[str, int] = {}
        loading = bar.add_task("loading model", total=None)

        def progress(stage: str, advance: int, total: int) -> None:
            if stage not in tasks:
                if not tasks:
                    bar.remove_task(loading)
                tasks[stage] = bar.add_task(f"scoring {stage} passages", total=total)
            bar.advance(tasks[stage], advance)

        result = probe_book(model, book, control, reference, params, progress=progress)
    write_result(result, out)
    _print_summary(result, out)


def _print_summary(result: dict, out: Path) -> None:
    table = Table(title=f"probe: {result['book']['id']}")
    table.add_column("")
    table.add_column("book", justify="right")
    table.add_column("controls", justify="right")
    book, controls = result["summary"]["book"], result["summary"]["controls"] or {}
    for key in ("passages", "extractable", "discoverable", "max_exact_match_tokens", "max_p_z"):
        table.add_row(key, _fmt(book.get(key)), _fmt(controls.get(key)))
    for name in ("loglik", "min_k_20", "min_k_pp_20", "zlib"):
        table.add_row(f"mean {name}", _fmt(book["mean_scores"].get(name)), _fmt(controls.get("mean_scores", {}).get(name)))
    console.print(table)
    verdict = result["verdict"]
    console.print(
        f"verdict: [bold]{verdict['claim']}[/]  p = {_fmt(verdict['p_value'])}  "
        f"blind AUC = {_fmt(verdict['blind_baseline_auc'])}",
        highlight=False,
    )
    console.print(verdict["explanation"], highlight=False)
    console.print(f"wrote {out}", highlight=False)


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
