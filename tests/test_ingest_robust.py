"""Interrupts and the file system: Ctrl-C and SIGTERM stop cleanly and resume, a killed run's leftovers are
cleaned up, one run's outputs agree, a full disk and a read-only folder are clean errors, symbolic links
are not followed, one run per folder, zip members read from one open archive."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_ingest_helpers import CORPUS, PLUGIN, read_csv, table_bytes
from test_ingest_resume import FILES, committed, slow_archive
from typer.testing import CliRunner

from extractor.cli import app
from extractor.digest import sha256_of
from extractor.ingest import IngestOptions, ingest
from extractor.ingest.guard import IngestError, locked

TESTS = Path(__file__).resolve().parent
OPTIONS = IngestOptions(workers=2, progress="none", worker_init=PLUGIN, xlsx=False)
CLI_SCRIPT = (
    "import functools, sys\n"
    "import extractor.ingest as package\n"
    "from extractor.cli import main\n"
    f"package.IngestOptions = functools.partial(package.IngestOptions, worker_init={PLUGIN!r})\n"
    "sys.argv = ['extractor', 'ingest', sys.argv[1], '--out', sys.argv[2], '--workers', '2', '--progress', 'none',"
    " '--no-xlsx']\n"
    "main()\n"
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}


def _session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session:
                found.append(int(entry.name))
    return found


def _published_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".ingest" not in p.parts}


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_run_quietly_and_the_next_run_resumes(tmp_path: Path, signum: int, code: int) -> None:
    source = slow_archive(tmp_path / "archive")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", earlier / "c01.txt")
    out = tmp_path / "out"
    ingest([earlier], out, OPTIONS)  # a complete earlier publication
    previous = _published_files(out)
    script = CLI_SCRIPT.replace("sys.argv[1], '--out'", "sys.argv[1], sys.argv[3], '--out'")
    process = subprocess.Popen([sys.executable, "-c", script, str(source), str(out), str(earlier)], env=_env(),
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while committed(out) < 11 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signum)  # as a terminal's Ctrl-C or a service manager does: the whole group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    for noise in ("Traceback", "BrokenPipeError", "KeyboardInterrupt"):
        assert noise not in stderr, stderr
    assert "Interrupted; rerun to continue" in stderr
    deadline = time.monotonic() + 10
    while _session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_processes(process.pid) == []  # no worker or forkserver left behind
    done = committed(out) - 1
    assert 10 <= done < FILES
    assert _published_files(out) == previous  # the previous complete version, untouched
    assert not list(out.rglob(".*.tmp-*")) and not list((out / ".ingest").glob("export-*"))
    resumed = ingest([source, earlier], out, OPTIONS)
    assert (resumed.skipped, resumed.processed) == (done + 1, FILES - done)
    clean = tmp_path / "clean"
    ingest([source, earlier], clean, OPTIONS)
    assert table_bytes(out) == table_bytes(clean)


def _published(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("hongshan_jiuye_2025.txt", "e04_zhaoming_scored.docx", "e04_zhaoming_scored.pdf"):
        shutil.copy(CORPUS / name, source / name)
    out = tmp_path / "out"
    ingest([source], out, IngestOptions(workers=2, progress="none"))
    return source, out


def test_the_outputs_of_one_run_agree_with_each_other(tmp_path: Path) -> None:
    _, out = _published(tmp_path)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, facts in manifest["outputs"].items():
        assert sha256_of(out / name) == facts["sha256"] and (out / name).stat().st_size == facts["bytes"]
    with sqlite3.connect(out / "reports.db") as db:
        for table, count in manifest["tables"].items():
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count
            assert pq.read_table(out / "parquet" / f"{table}.parquet").num_rows == count
            assert len(read_csv(out / "csv" / f"{table}.csv")) == count + 1
    assert manifest["tables"]["documents"] == len((out / "records.jsonl").read_text().splitlines())


def test_a_killed_run_s_leftovers_are_removed_and_a_half_publication_is_redone(tmp_path: Path) -> None:
    source, out = _published(tmp_path)
    stale = [out / ".reports.db.tmp-99999", out / "csv" / ".documents.csv.tmp-99999"]
    for path in stale:
        path.write_bytes(b"half a file")
    staging = out / ".ingest" / "export-99999" / "csv"
    staging.mkdir(parents=True)
    (out / "csv" / "funds.csv").write_bytes(b"\xef\xbb\xbfdoc_id\r\n")  # killed between two renames: an old file
    again = ingest([source], out, IngestOptions(workers=2, progress="none"))
    assert again.processed == 0 and again.exported  # nothing to read, but the publication is redone
    assert not any(path.exists() for path in stale) and not staging.parent.exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sha256_of(out / "csv" / "funds.csv") == manifest["outputs"]["csv/funds.csv"]["sha256"]
    assert len(read_csv(out / "csv" / "funds.csv")) == manifest["tables"]["funds"] + 1


def test_a_full_disk_while_publishing_leaves_the_previous_outputs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    source, out = _published(tmp_path)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".ingest" not in p.parts}
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", source / "new.txt")
    import extractor.ingest.export as export

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "parquet"))

    monkeypatch.setattr(export, "write_parquet", full)
    with pytest.raises(IngestError) as raised:
        ingest([source], out, IngestOptions(workers=2, progress="none"))
    assert raised.value.code == "disk_full" and "disk_full" in str(raised.value)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".ingest" not in p.parts}
    assert after == before
    assert not list((out / ".ingest").glob("export-*"))
    result = CliRunner().invoke(app, ["ingest", str(source), "--out", str(out), "--progress", "none"])
    assert result.exit_code == 1 and "disk_full" in result.stderr and "Traceback" not in result.output
    monkeypatch.undo()
    fixed = ingest([source], out, IngestOptions(workers=2, progress="none"))
    assert fixed.exported and fixed.documents == 4  # the new file was kept in the store meanwhile


NAMESPACE_SCRIPT = """
set -e
mount -t tmpfs -o size={size} tmpfs {mount}
{python} -m extractor ingest {small} --out {mount}/out --progress none --workers 1 > /dev/null
(cd {mount}/out && find . -type f -not -path './.ingest/*' | sort | xargs sha256sum) > {before}
{command}
set +e
{python} -m extractor ingest {large} --out {mount}/out --progress none --workers 1 > /dev/null 2> {stderr}
echo $? > {code}
(cd {mount}/out && find . -type f -not -path './.ingest/*' | sort | xargs sha256sum) > {after}
"""


@pytest.mark.mount_namespace
@pytest.mark.parametrize(("command", "error"),
                         [("", "disk_full"), ("mount -o remount,ro {mount}", "output_not_writable")],
                         ids=["disk_full", "read_only"])
def test_a_full_or_read_only_file_system_is_a_clean_error(tmp_path: Path, command: str, error: str) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", small / "a.txt")
    shutil.copytree(small, large)
    text = (CORPUS / "hongshan_jiuye_2025.txt").read_bytes()
    for index in range(40):
        (large / f"r{index}.txt").write_bytes(text + f"\n附注{index}\n".encode())
    mount = tmp_path / "fs"
    mount.mkdir()
    files = {name: tmp_path / name for name in ("before", "after", "stderr", "code")}
    script = NAMESPACE_SCRIPT.format(size="1400k", mount=mount, python=sys.executable, small=small, large=large,
                                     command=command.format(mount=mount), **files)
    run = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                         capture_output=True, text=True, timeout=300, env=_env())
    assert run.returncode == 0, run.stderr
    stderr = files["stderr"].read_text(encoding="utf-8")
    assert files["code"].read_text().strip() == "1", stderr
    assert error in stderr and "Traceback" not in stderr
    assert files["after"].read_text() == files["before"].read_text() != ""  # the previous outputs, whole


def test_symbolic_links_in_folders_are_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(CORPUS / "c01_jineng_rounding.txt", secret / "private.txt")
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(CORPUS / "e01_jiuye_prose.txt", source / "a.txt")
    (source / "x.txt").symlink_to(secret / "private.txt")
    (source / "linked").symlink_to(secret, target_is_directory=True)
    summary = ingest([source], tmp_path / "out", OPTIONS)
    assert (summary.files, summary.symlinks) == (1, 2)
    followed = ingest([source], tmp_path / "followed", IngestOptions(**{**_fields(OPTIONS), "follow_symlinks": True}))
    assert followed.files == 3


def _fields(options: IngestOptions) -> dict[str, object]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}


def test_one_run_at_a_time_per_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with locked(out / ".ingest"), pytest.raises(IngestError) as raised:
        ingest([CORPUS / "c01_jineng_rounding.txt"], out, OPTIONS)
    assert raised.value.code == "output_busy"


def test_zip_members_are_read_from_one_open_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "many.zip"
    text = (CORPUS / "c01_jineng_rounding.txt").read_text(encoding="utf-8")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as writer:
        for index in range(300):
            writer.writestr(f"r/{index:03}.txt", f"{text}\n附注{index}\n")
    opened: list[str] = []
    original = zipfile.ZipFile.__init__

    def counting(self: zipfile.ZipFile, file: object, *args: object, **kwargs: object) -> None:
        opened.append(str(file))
        original(self, file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    from extractor.ingest.archives import close_archives

    close_archives()
    summary = ingest([archive], tmp_path / "out", IngestOptions(workers=1, progress="none", xlsx=False))
    assert summary.documents == 300
    assert opened.count(str(archive)) <= 2  # walking and hashing: one open (not one per member)
