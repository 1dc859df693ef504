"""What every benchmark shares: timing a child process, the machine, the doc."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
PG_SERVER = os.environ.get("SI_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def child(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """Run ``args``; return (wall seconds, peak RSS in MB, exit status)."""
    with log.open("wb") as out:
        started = time.perf_counter()
        # The arguments are this script's own, never user input.
        proc = subprocess.Popen(  # noqa: S603
            args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in kilobytes.
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def pg_admin(sql: str) -> str | None:
    """Run one statement on the server's postgres database; None if it does not answer."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(
            f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3
        ) as conn:
            row = conn.execute(sql).fetchone() if sql.startswith("SHOW") else None
            if not sql.startswith("SHOW"):
                conn.execute(sql)
            return str(row[0]) if row else ""
    except psycopg.OperationalError:
        return None


def machine(pg_version: str | None) -> list[str]:
    memory = "unknown"
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = shutil.which("nproc")
    cores = str(os.cpu_count())
    if nproc:
        cores = subprocess.run(  # noqa: S603
            [nproc], capture_output=True, text=True, check=False
        ).stdout.strip()
    return [
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Speed: a pure-Python loop of 10 million additions took {cpu_probe():.2f} s "
        "(for comparing machines)",
        f"- Machine: `nproc` = {cores}, {memory} memory, {cpu}",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- SQLite {sqlite3.sqlite_version}; PostgreSQL {pg_version or 'not available'}",
    ]


def cpu_probe() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def write_doc(section: list[str]) -> None:
    """Replace the section whose heading is ``section[0]`` in docs/benchmarks.md."""
    heading = section[0]
    text = (
        DOC.read_text(encoding="utf-8")
        if DOC.exists()
        else (
            "# Benchmarks\n\nMeasured by `make bench`; each figure is one run on the machine "
            "described under it.\n"
        )
    )
    body = "\n".join(section) + "\n"
    if heading in text:
        start = text.index(heading)
        nxt = text.find("\n## ", start + len(heading))
        text = text[:start] + body + (text[nxt + 1 :] if nxt != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
