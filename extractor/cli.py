"""The `extractor` command line: a thin layer over the library (`extractor.pipeline`).

Heavy modules (pydantic models, readers) are imported inside the commands so that
`extractor --help` stays fast.

Exit codes, the same for every command: 0 clean; 1 a file could not be read, findings at
`--fail-on`, or an output could not be written; 2 a usage error (unknown option, bad value,
missing argument); 130 / 143 interrupted by Ctrl-C / SIGTERM (ingest: rerun to continue).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

if TYPE_CHECKING:
    from extractor.models import Outcome
    from extractor.pipeline import Options

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STDIN = "-"
STDIN_NAME = "<stdin>"
# Outputs written as JSON Lines whatever their number of records.
JSONL_SUFFIXES = (".jsonl", ".ndjson")

app = typer.Typer(
    name="extractor",
    help=(
        "读取绩效自评报告/自评表（文本、DOCX、PDF、XLSX、HTML、旧版 DOC/XLS、扫描件），"
        "抽取资金与绩效指标并校验，输出 JSON。\n\n"
        "Read Chinese budget-performance self-evaluation reports into checked, structured JSON.\n\n"
        "Examples:\n\n"
        "  extractor extract report.docx\n\n"
        "  extractor extract a.txt b.pdf -o records.jsonl\n\n"
        "  extractor check corpus/ --fail-on warning\n\n"
        "  extractor ingest reports/ --out warehouse/\n\n"
        "  extractor report warehouse/ --html review.html\n\n"
        "  extractor eval corpus/\n\n"
        "  extractor schema > record.schema.json"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from extractor import __version__

        typer.echo(f"extractor {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Exit codes: 0 clean; 1 a file failed, findings at --fail-on, or an output could not be written;
    2 usage error; 130/143 interrupted."""


def fail(message: object, code: int = EXIT_FAILED) -> typer.Exit:
    """Print an error (document text made terminal-safe) and return the Exit to raise."""
    from extractor.emit.findings import terminal_text

    typer.echo(f"错误 error: {terminal_text(message)}", err=True)
    return typer.Exit(code)


def expand_inputs(inputs: list[Path]) -> list[Path]:
    """Files as given ("-" for standard input); folders walked recursively for supported files, in
    sorted order, without following symbolic links inside them."""
    from extractor.readers.detect import READABLE_SUFFIXES

    files: list[Path] = []
    for item in inputs:
        if str(item) != STDIN and item.is_dir() and not item.is_symlink():
            files.extend(p for p in sorted(item.rglob("*")) if p.is_file() and not _linked(p, item)
                         and p.suffix.lower() in READABLE_SUFFIXES)
        else:
            files.append(item)
    if not files:
        # Folders with nothing to read: say so rather than print an empty result and succeed.
        names = "、".join(str(item) for item in inputs)
        raise fail(f"{names}: 没有可读取的报告文件 (no_documents)")
    return files


def _linked(path: Path, root: Path) -> bool:
    """Whether `path` or a folder between it and `root` is a symbolic link (not followed)."""
    while path != root and path != path.parent:
        if path.is_symlink():
            return True
        path = path.parent
    return False


def outcomes_of(paths: list[Path], options: Options) -> Iterator[Outcome]:
    """Each file's outcomes in order; "-" reads the document from standard input."""
    from extractor import extract_stream
    from extractor.errors import ReadError
    from extractor.models import Outcome
    from extractor.pipeline import extract_many

    for path in paths:
        if str(path) != STDIN:
            yield from extract_many([path], options)
            continue
        try:
            records = extract_stream(sys.stdin.buffer, STDIN_NAME, options)
        except ReadError as error:
            yield Outcome(STDIN_NAME, error=error)
            continue
        yield from (Outcome(STDIN_NAME, record=record) for record in records)


def _report_error(outcome: Outcome) -> None:
    from extractor.emit.findings import terminal_text

    assert outcome.error is not None
    typer.echo(f"错误 error: {terminal_text(outcome.error)}", err=True)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Report files (.txt, .docx, .pdf, .xlsx, .xls, .doc, .wps, "
                                                     ".html), folders, or - for standard input.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout "
                                                "(.jsonl: always JSON Lines).")] = None,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Run the consistency checker.")] = True,
    indent: Annotated[int | None, typer.Option(help="Indent a single JSON object (default 2).")] = None,
) -> None:
    """Extract one file to a JSON object, or several to JSON Lines (one record per file, in order).

    A workbook with one 自评表 per sheet gives one record per sheet: JSON Lines, as several files
    do (`source.sheet` set). An output named *.jsonl is always JSON Lines. "-" reads one document
    from standard input.

    Errors go to stderr and the exit code is 1 when any file could not be read; the
    other files are still processed.

    Example: extractor extract corpus/hongshan_jiuye_2025.txt
    """
    paths = expand_inputs(files)  # before the models and readers are imported: a usage error is quick
    from extractor.emit.json import record_json
    from extractor.pipeline import Options

    outcomes: Iterable[Outcome] = outcomes_of(paths, Options(check=check))
    lines = output is not None and output.suffix.lower() in JSONL_SUFFIXES
    single = not lines and len(paths) == 1 and (str(files[0]) == STDIN or not files[0].is_dir())
    if single:  # one file gives indented JSON only when it holds one record (a workbook may hold several)
        outcomes = list(outcomes)
        single = len(outcomes) == 1
    failed = False
    with _open_output(output) as sink:
        for outcome in outcomes:
            if outcome.record is None:
                failed = True
                _report_error(outcome)
                continue
            if single:
                sink.write(record_json(outcome.record, 2 if indent is None else indent) + "\n")
            else:
                sink.write(record_json(outcome.record) + "\n")
            sink.flush()
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8")
    except OSError as error:
        raise fail(f"{path}: 无法写入输出文件 (output_unwritable): {error.strerror}") from None
    with handle:
        yield handle


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    output_format: Annotated[str, typer.Option("--format", help="table, json or jsonl.")] = "table",
    fail_on: Annotated[str, typer.Option(help="Exit 1 on findings of this severity or worse: "
                                                  "error, warning or never.")] = "error",
) -> None:
    """Check reports for arithmetic and consistency errors.

    Prints a table (file, code, severity, message, where) and a summary line; the exit code
    is 1 when a file could not be read or a finding reaches --fail-on, so it fits a review pipeline.

    Example: extractor check corpus/ --format jsonl --fail-on warning
    """
    if output_format not in {"table", "json", "jsonl"} or fail_on not in {"error", "warning", "never"}:
        raise typer.BadParameter("--format: table|json|jsonl; --fail-on: error|warning|never")
    paths = expand_inputs(files)
    from extractor.emit.findings import fails, outcome_json, summary_line, write_table
    from extractor.pipeline import Options

    outcomes = list(outcomes_of(paths, Options()))
    if output_format == "table":
        write_table(outcomes, sys.stdout)
    elif output_format == "jsonl":
        sys.stdout.writelines(outcome_json(o) + "\n" for o in outcomes)
    else:
        sys.stdout.write("[" + ",\n".join(outcome_json(o) for o in outcomes) + "]\n")
    typer.echo(summary_line(outcomes), err=output_format != "table")
    for outcome in outcomes:
        if outcome.error is not None:
            _report_error(outcome)
    if any(o.error is not None for o in outcomes):
        raise typer.Exit(EXIT_FAILED)
    findings = (f for o in outcomes if o.record for f in o.record.findings)
    raise typer.Exit(EXIT_FAILED if fails(findings, fail_on) else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    from extractor.emit.schema import record_schema_json

    sys.stdout.write(record_schema_json())


@app.command()
def ingest(
    sources: Annotated[list[Path], typer.Argument(help="Files, folders (walked recursively) or .zip archives.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder (created; reused by later runs).")],
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per file.")] = 60.0,
    max_bytes: Annotated[int, typer.Option(help="Files larger than this fail with file_too_large.")] = 200 * 2**20,
    max_memory: Annotated[int, typer.Option(help="MiB a worker may allocate (0: no limit); beyond it a file "
                                                 "fails with out_of_memory.")] = 1024,
    force: Annotated[bool, typer.Option(help="Redo every file, even those already ingested unchanged.")] = False,
    retry_failed: Annotated[bool, typer.Option(help="Read again every file that failed before (without it, only "
                                                    "those whose reason may have gone).")] = False,
    follow_symlinks: Annotated[bool, typer.Option(help="Follow symbolic links inside folders.")] = False,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Run the consistency checker.")] = True,
    sqlite: Annotated[bool, typer.Option("--sqlite/--no-sqlite", help="Write reports.db.")] = True,
    xlsx: Annotated[bool, typer.Option("--xlsx/--no-xlsx", help="Write the audit workbook audit.xlsx.")] = True,
    engine: Annotated[str, typer.Option(help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, with --engine dask.")] = None,
    progress: Annotated[str, typer.Option(help="auto, bar, log or none.")] = "auto",
) -> None:
    """Ingest an archive of reports into records.jsonl, CSV, Parquet, SQLite and an Excel audit workbook.

    Contents already ingested are not read again; an edited file supersedes its earlier version, a
    file gone from the folders ingested is no longer current; copies of one report are counted once.
    An interrupted run continues where it stopped. Exit code 1 when any file could not be read or the
    output folder cannot be written; 130/143 on Ctrl-C/SIGTERM. See docs/ingest.md.

    Example: extractor ingest reports/ archive2025.zip --out warehouse/ --workers 2
    """
    from extractor.ingest import IngestOptions
    from extractor.ingest import ingest as run_ingest
    from extractor.ingest.guard import IngestError
    from extractor.ingest.summary import render

    if engine not in {"local", "dask"} or progress not in {"auto", "bar", "log", "none"}:
        raise typer.BadParameter("--engine: local|dask; --progress: auto|bar|log|none")
    options = IngestOptions(workers=workers, timeout_s=timeout, max_bytes=max_bytes, max_memory_mib=max_memory,
                            force=force, retry_failed=retry_failed, follow_symlinks=follow_symlinks, check=check,
                            sqlite=sqlite, xlsx=xlsx, engine=engine, scheduler=scheduler,  # type: ignore[arg-type]
                            progress=progress)  # type: ignore[arg-type]
    try:
        summary = run_ingest(sources, out, options)
    except IngestError as error:
        raise fail(error) from None
    except KeyboardInterrupt as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        typer.echo("已中断：已完成的文件已保存，再次运行同一命令即可继续。 Interrupted; rerun to continue.", err=True)
        raise typer.Exit(128 + signum) from None
    render(summary, sys.stdout)
    raise typer.Exit(summary.exit_code)


@app.command()
def report(
    sources: Annotated[list[Path], typer.Argument(help="Ingest output folder, records .jsonl, or documents.")],
    html: Annotated[Path, typer.Option("--html", help="The HTML file to write.")],
    title: Annotated[str, typer.Option(help="Report title.")] = "绩效自评审阅报告",
    context: Annotated[bool, typer.Option("--context/--no-context",
                                          help="Re-read unchanged source files to quote evidence in context.")] = True,
    pages: Annotated[bool, typer.Option("--pages/--no-pages", help="Embed PDF pages with evidence boxes.")] = True,
) -> None:
    """Write one offline HTML review report: overview charts, documents table, findings with evidence.

    Example: extractor report out/ --html review.html
    """
    from extractor.errors import ReadError
    from extractor.review import ReportOptions, build_report

    options = ReportOptions(title=title, reread_sources=context, page_images=pages)
    try:
        summary = build_report(sources, html, options)
    except ReadError as error:
        raise fail(error) from error
    except OSError as error:
        raise fail(f"{html}: 无法写入输出文件 (output_unwritable): {error.strerror}") from error
    typer.echo(f"wrote {html}: {summary.reports} reports in {summary.documents} documents "
               f"({summary.failed} unreadable), {summary.findings} findings, {summary.page_images} page images, "
               f"{summary.size / 1e6:.1f} MB", err=True)


@app.command("eval")
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Folder of documents with <file>.golden.json beside them.")],
) -> None:
    """Per-field precision and recall of extraction (and of the checker, per code) against golden files.

    Example: extractor eval corpus/
    """
    from extractor.evaluate import run_eval

    raise typer.Exit(run_eval(corpus))


def plugins_off() -> None:
    """Pydantic plugins off for this process, unless the user chose which to load.

    A one-file run pays for every millisecond of start-up and the command uses no pydantic plugin:
    the variable spares the discovery (reading every installed distribution's metadata, ~10 ms).
    Pydantic still imports its plugin loader for the first model, and the loader imports
    importlib.metadata and with it the email package (~12 ms of CPU, nothing else here needs them);
    with every plugin off, all pydantic asks of it is `get_plugins()`, so a loader that has none
    stands in. Only before pydantic is imported: one already loaded keeps its own.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] != "__all__" or "pydantic" in sys.modules:
        return
    import types

    loader = types.ModuleType("pydantic.plugin._loader", "No pydantic plugins: PYDANTIC_DISABLE_PLUGINS=__all__.")
    setattr(loader, "get_plugins", _no_plugins)  # noqa: B010  # a module's attribute, made at run time
    sys.modules.setdefault(loader.__name__, loader)


def _no_plugins() -> tuple[()]:
    return ()


def main() -> None:
    plugins_off()
    app()


if __name__ == "__main__":
    main()
