#!/usr/bin/env python3
"""Proves the OpenAPI document against the running server (`make spec-check`, `make fuzz-spec`).

For each backend (a temporary SQLite file, a temporary PostgreSQL database): starts `tremplin serve --demo`
on a free port, runs the integrator journey through a client generated from the document, then schemathesis
with every check, signed in as each kind of demo user. Exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "schemathesis.toml"

# The demo accounts (crates/server/src/demo/mod.rs), in the order their runs leave the data usable for the
# next: the platform admin last, since it cancels sessions and publishes trainings.
USERS = [
    ("counsellor", "conseiller@demo.tremplin.fr", "DemoConseil2026!"),
    ("training-organisation", "formation@demo.tremplin.fr", "DemoFormation2026!"),
    ("funder", "financeur@demo.tremplin.fr", "DemoFinanceur2026!"),
    ("platform-admin", "admin@demo.tremplin.fr", "DemoAdmin2026!"),
]

PG_ADMIN = os.environ.get("TEST_DATABASE_URL_PG", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True)


class Server:
    """`tremplin serve --demo` on a free port and a fresh database, stopped (and the database dropped) on exit."""

    def __init__(self, binary: Path, backend: str, workdir: Path):
        self.binary, self.backend, self.workdir = binary, backend, workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.pg_name = f"tremplin_spec_{uuid.uuid4().hex[:12]}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        if self.backend == "sqlite":
            url = f"sqlite://{self.workdir}/tremplin.db"
        else:
            psql(f'CREATE DATABASE "{self.pg_name}"')
            url = PG_ADMIN.rsplit("/", 1)[0] + "/" + self.pg_name
        env = dict(
            os.environ,
            DATABASE_URL=url,
            BIND=f"127.0.0.1:{self.port}",
            JWT_SECRET=uuid.uuid4().hex * 2,
            STATIC_DIR=str(self.workdir),
            RUST_LOG=os.environ.get("RUST_LOG", "warn"),
        )
        env.pop("KAIROS_URL", None)
        self.log = open(self.workdir / "server.log", "w")
        self.process = subprocess.Popen([str(self.binary), "serve", "--demo"], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.workdir / 'server.log'}")
            try:
                with urllib.request.urlopen(self.base + "/api/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not answer /api/health within 120 s")

    def __exit__(self, *_exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        if self.backend == "postgres":
            psql(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def token(self, email: str, password: str) -> str:
        body = json.dumps({"email": email, "password": password}).encode()
        request = urllib.request.Request(self.base + "/api/auth/login", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)["access_token"]


def schemathesis(args, server: Server, who: str, token: str, reports: Path) -> bool:
    command = [
        str(Path(sys.executable).parent / "st"), "--config-file", str(CONFIG), "run",
        server.base + "/api/openapi.json",
        "--checks", "all",
        "--header", f"Authorization: Bearer {token}",
        "--workers", str(args.workers),
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--generation-database", "none",
        "--report", "junit", "--report-junit-path", str(reports / f"{server.backend}-{who}.xml"),
        "--no-color",
    ]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    shown = [part if not part.startswith("Authorization") else "Authorization: Bearer …" for part in command]
    print(f"\n=== schemathesis on {server.backend} as {who}\n$ {' '.join(shown)}", flush=True)
    # schemathesis keeps a crash cache in its working directory: under target/, not in the repository.
    return subprocess.run(command, cwd=reports).returncode == 0


def journey(server: Server, workdir: Path) -> bool:
    client = ROOT / "target" / "spec-client"
    env = dict(os.environ, PYTHONPATH=str(client), TREMPLIN_BASE=server.base)
    print(f"\n=== integrator journey on {server.backend}", flush=True)
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "spec_journey.py")], env=env).returncode == 0


def generate_client(spec: Path) -> None:
    output = ROOT / "target" / "spec-client" / "tremplin_api_client"
    shutil.rmtree(output.parent, ignore_errors=True)
    output.parent.mkdir(parents=True)
    subprocess.run([str(Path(sys.executable).parent / "openapi-python-client"), "generate", "--path", str(spec),
                    "--meta", "none", "--output-path", str(output), "--fail-on-warning",
                    "--config", str(ROOT / "scripts" / "openapi-client.yaml")], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "debug" / "tremplin")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", 5)))
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("FUZZ_SECONDS", 0)) or None,
                        help="time budget of each schemathesis run, in seconds (fuzzing)")
    # One worker by default: with two, hypothesis 6.170's lambda-description cache races between the worker
    # threads and schemathesis reports a spurious "Inconsistent results" runtime error now and then.
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SCHEMATHESIS_WORKERS", 1)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", 20261130)))
    parser.add_argument("--no-journey", action="store_true")
    args = parser.parse_args()
    # The generator formats its output with the venv's ruff.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    backends = args.backend or ["sqlite", "postgres"]

    spec = ROOT / "openapi" / "openapi.json"
    if not args.no_journey:
        generate_client(spec)
    reports = ROOT / "target" / "schemathesis"
    reports.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    failed: list[str] = []
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"tremplin-spec-{backend}-") as tmp, \
                Server(args.binary, backend, Path(tmp)) as server:
            tokens = {who: server.token(email, password) for who, email, password in USERS}
            if not args.no_journey and not journey(server, Path(tmp)):
                failed.append(f"journey on {backend}")
            for who, _, _ in USERS:
                if not schemathesis(args, server, who, tokens[who], reports):
                    failed.append(f"schemathesis on {backend} as {who}")
    elapsed = time.monotonic() - started
    print(f"\nspec-check: {len(failed)} failed run(s) in {elapsed:.0f} s; JUnit reports in {reports}")
    for name in failed:
        print(f"  FAILED {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
