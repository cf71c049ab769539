"""The public API: one file in, one checked record out (read -> extract -> model -> check).

A file may hold several documents (a workbook: one per 自评表 sheet). The reader picks them by
words; after extraction `records_of` decides what is a record:
- a document that gave no fund amount, indicator or score (a 填报说明 or cover sheet, whose title
  alone is no report; a rate alone is not one either) is dropped when another document gave one; its
  warnings, a `sheet_skipped` note naming it, and the region and year it names where the record
  names none go to the first record kept;
- the documents left are the parts of one report, joined into one document and extracted again,
  unless two or more of them hold funds and indicators each (one 自评表 per project sheet): a
  funds sheet and an indicators sheet are one report;
- a file whose documents are all empty keeps them all (the user sees what was read).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.deadline import DeadlineExceeded, deadline
from extractor.document import Document, join_sheets
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
    return bool(record.report.title or holds_content(record))


def holds_content(record: Record) -> bool:
    """A fund amount, an indicator or a score: more than a cover sheet's title."""
    return _states_funds(record) or bool(record.indicators or record.score)


def _is_whole(record: Record) -> bool:
    """Funds and indicators both: a 自评表 of its own, not a part of one."""
    return _states_funds(record) and bool(record.indicators)


def _states_funds(record: Record) -> bool:
    funds = record.funds
    return bool(funds.budget_total or funds.executed_total or funds.sources)


def records_of(documents: list[Document], check: bool = True,
               limits: Limits = DEFAULT_LIMITS) -> list[tuple[Document, Record]]:
    """Each document of one file with its record (see the module docstring): the parts of one
    report on sheets of their own joined, the documents holding nothing of a report dropped."""
    pairs = [(document, record_from_document(document, check, limits)) for document in documents]
    if len(pairs) == 1:
        return pairs
    parts = [pair for pair in pairs if holds_content(pair[1])] or [pair for pair in pairs if holds_report(pair[1])]
    if not parts:
        return pairs
    skipped = [pair for pair in pairs if all(pair[0] is not document for document, _ in parts)]
    if len(parts) > 1 and sum(_is_whole(record) for _, record in parts) <= 1:
        joined = join_sheets([document for document, _ in parts])
        parts = [(joined, record_from_document(joined, check, limits))]
    _note_skipped(parts[0][1], skipped)
    return parts


def _note_skipped(first: Record, skipped: list[tuple[Document, Record]]) -> None:
    for document, record in skipped:
        # A cover sheet names the unit and year the 自评表 sheet may leave out.
        first.report.region = first.report.region or record.report.region
        first.report.fiscal_year = first.report.fiscal_year or record.report.fiscal_year
        first.warnings.extend(w for w in record.warnings if w not in first.warnings)
        where = f"工作表“{document.sheet}”" if document.sheet else "文件的一部分"
        first.warnings.append(Warning(code="sheet_skipped",
                                      message=f"{where}没有自评内容（无资金数或绩效指标），未单独输出"))


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
