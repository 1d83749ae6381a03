"""A throwaway PostgreSQL cluster for the test run: initdb into a temporary folder,
listen only on a Unix socket inside it, remove everything afterwards.

``initdb`` refuses to run as root, so as root the cluster runs as the ``postgres`` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """PostgreSQL server programs are missing or would not start."""


def find_bin(name: str) -> str:
    """Path of a PostgreSQL server program (PATH first, then Debian's versioned folders)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise ClusterUnavailable(
        f"PostgreSQL's {name} was not found. Install the server: sudo apt-get install postgresql")


def _free_port() -> int:
    """A port number nobody is using (it only names the socket file)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster reachable through a Unix socket in ``folder``."""

    folder: Path
    port: int
    as_user: list[str]
    durable: bool = False

    def url(self, database: str) -> str:
        """SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={self.port}"

    def run(self, *args: str) -> None:
        """Run a server program as the cluster's owner."""
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise ClusterUnavailable(f"{' '.join(args[:2])} failed: {result.stderr or result.stdout}")

    def options(self) -> str:
        """Server settings: a Unix socket in the folder only; no durability unless asked (throwaway data)."""
        speed = "" if self.durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        return f"-k {self.folder} -p {self.port} -c listen_addresses='' {speed}-c max_connections=200"

    def start_server(self) -> None:
        """Start the server (again) and wait until it accepts connections."""
        self.run(find_bin("pg_ctl"), "-D", str(self.folder / "data"), "-o", self.options(),
                 "-l", str(self.folder / "server.log"), "-w", "start")

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server, keeping its data (``fast``: sessions are ended, as in a restart)."""
        self.run(find_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")

    def stop(self) -> None:
        """Stop the server and delete the folder."""
        subprocess.run([*self.as_user, find_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(durable: bool = False) -> Cluster:
    """initdb, start, and create the ``classroom_test`` database (``durable``: PostgreSQL's safe defaults)."""
    folder = Path(tempfile.mkdtemp(prefix="classroom-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise ClusterUnavailable("Running as root needs runuser to start PostgreSQL as the postgres user.")
        shutil.chown(folder, "postgres", "postgres")
        as_user = [runuser, "-u", "postgres", "--"]
    cluster = Cluster(folder, _free_port(), as_user, durable)
    data = folder / "data"
    cluster.run(find_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync")
    try:
        cluster.start_server()
        cluster.run(find_bin("createdb"), "-h", str(folder), "-p", str(cluster.port), "-U", "postgres", "classroom_test")
    except ClusterUnavailable:
        cluster.stop()
        raise
    return cluster
