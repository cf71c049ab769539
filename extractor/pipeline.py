"""The public API: one file in, one checked record out (read -> extract -> model -> check)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.deadline import DeadlineExceeded, deadline
from extractor.document import Document
from extractor.errors import ReadError
from extractor.extract import extract
from extractor.memo import forget
from extractor.models import Record, SourceFile
from extractor.readers import read_documents
from extractor.readers.limits import DEFAULT_LIMITS, Limits


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
    return [record_from_document(document, options.check, options.limits) for document in documents]


@dataclass(frozen=True, slots=True)
class Outcome:
    path: str
    record: Record | None = None
    error: ReadError | None = None


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
