"""The public API: one file in, one checked record out (read -> extract -> model -> check).

A file may hold several documents (a workbook: one per 自评表 sheet). The reader picks them by
words; after extraction `records_of` drops a document that gave nothing of a report (no title,
no fund amount, no indicator, no score: a rate alone is not one) when another document of the same file gave one: a
填报说明 cover sheet that names the 自评表 is not a record of its own. Its warnings, and a
`sheet_skipped` note naming it, go to the first record kept. A file whose documents are all
empty keeps them all (the user sees what was read).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.deadline import DeadlineExceeded, deadline
from extractor.document import Document
from extractor.errors import ReadError
from extractor.extract import extract
from extractor.memo import forget
from extractor.models import Outcome, Record, SourceFile, Warning
from extractor.readers import read_documents
from extractor.readers.limits import DEFAULT_LIMITS, Limits

# Outcome lives with the other models; it is named here too, where `extract_many` gives it.
__all__ = ["Options", "Outcome", "extract_file", "extract_many", "extract_records", "holds_report",
           "record_from_document", "records_of"]


@dataclass(frozen=True, slots=True)
class Options:
    check: bool = True
    limits: Limits = field(default_factory=Limits)


def record_from_document(document: Document, check: bool = True, limits: Limits = DEFAULT_LIMITS) -> Record:
    """Extract and (by default) check one read document, all within one deadline
    (`limits.extract_timeout_s`): hostile text fails its file, and the batch goes on."""
    try:
        with deadline(limits.extract_timeout_s):
            return _record(document, check)
    except (TimeoutError, DeadlineExceeded) as error:
        raise ReadError(document.path, "timeout", f"正则匹配超时：{error}") from error
    except ReadError:
        raise
    except Exception as error:  # an extraction bug must still name the file; the traceback stays on __cause__
        raise ReadError(document.path, "internal_error", f"{type(error).__name__}: {error}") from error


def _record(document: Document, check: bool) -> Record:
    forget()  # what the last document's texts gave is not this one's
    found = extract(document)
    record = Record(
        source=SourceFile(path=document.path, sha256=document.sha256, format=document.format,
                          pages=document.pages, sheet=document.sheet),
        report=found.report, funds=found.funds, goals=found.goals, indicators=found.indicators,
        score=found.score, statements=found.statements, warnings=found.warnings,
    )
    if check:
        from extractor.check import check_record

        record.findings = check_record(record)
    return record


def extract_file(path: str | Path, options: Options = Options()) -> Record:
    """Read, extract and (by default) check one document (a workbook's first 自评表 sheet).
    Raises ReadError for a bad input."""
    return extract_records(path, options)[0]


def extract_records(path: str | Path, options: Options = Options()) -> list[Record]:
    """Every record the file holds (a workbook: one per 自评表 sheet, `source.sheet` set), in order."""
    documents = read_documents(Path(path), options.limits)
    return [record for _, record in records_of(documents, options.check, options.limits)]


def holds_report(record: Record) -> bool:
    """Whether the record holds anything of a report: a title, a fund amount, an indicator, a score.
    A rate alone is not one: a 填报说明 sheet says "执行率…100%" of every report."""
    funds = record.funds
    return bool(record.report.title or funds.budget_total or funds.executed_total
                or funds.sources or record.indicators or record.score)


def records_of(documents: list[Document], check: bool = True,
               limits: Limits = DEFAULT_LIMITS) -> list[tuple[Document, Record]]:
    """Each document of one file with its record, less the documents holding nothing of a report
    when another one does (see the module docstring)."""
    pairs = [(document, record_from_document(document, check, limits)) for document in documents]
    kept = [pair for pair in pairs if holds_report(pair[1])]
    if not kept or len(kept) == len(pairs):
        return pairs
    first = kept[0][1]
    for document, record in pairs:
        if holds_report(record):
            continue
        first.warnings.extend(w for w in record.warnings if w not in first.warnings)
        where = f"工作表“{document.sheet}”" if document.sheet else "文件的一部分"
        first.warnings.append(Warning(code="sheet_skipped",
                                      message=f"{where}没有自评内容（无标题、资金数或绩效指标），未单独输出"))
    return kept


def extract_many(paths: Iterable[str | Path], options: Options = Options()) -> Iterator[Outcome]:
    """One outcome per record, files in order (a workbook may hold several); a file that cannot be
    read yields its error and the batch goes on."""
    for path in paths:
        try:
            records = extract_records(path, options)
        except ReadError as error:
            yield Outcome(str(path), error=error)
            continue
        except Exception as error:  # a bug must cost one file, never the batch
            failure = ReadError(path, "internal_error", f"{type(error).__name__}: {error}")
            yield Outcome(str(path), error=failure)
            continue
        for record in records:
            yield Outcome(str(path), record=record)
