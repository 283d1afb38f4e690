"""The Debian packages a frozen app dir needs: what dpkg-shlibdeps does for a source package.

Every ELF file in the app dir names the shared libraries it needs (DT_NEEDED). A library the
app dir holds itself is satisfied; any other one must come from the system: it is looked up
in the dynamic loader's cache (`ldconfig -p`) and its owning package asked of dpkg (`dpkg -S`).
The C library gets a minimum version: the newest GLIBC_x.y symbol version any file uses.

    python3 installer/linux/shlib_depends.py APP_DIR     # prints "libc6 (>= 2.34), libx11-6, ..."

Exits 1, naming the file and the library, when a needed library is nowhere to be found: the
package would install but not start, so the build must stop there.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")
GLIBC_VERSION = re.compile(r"Name: GLIBC_(\d+)\.(\d+)")
# The dynamic loader is part of libc6 and never shows up as a regular DT_NEEDED target.
LOADER = re.compile(r"^ld-linux.*\.so\.\d+$")


class MissingLibrary(Exception):
    def __init__(self, missing: dict[str, list[str]]) -> None:
        self.missing = missing
        super().__init__(
            "; ".join(
                f"{name} (needed by {', '.join(users[:3])})" for name, users in missing.items()
            )
        )


def elf_files(app_dir: Path) -> list[Path]:
    found = []
    for path in sorted(app_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def read_needs(path: Path) -> tuple[list[str], tuple[int, int]]:
    """The libraries `path` needs, and the newest GLIBC symbol version it uses."""
    done = subprocess.run(
        ["readelf", "--dynamic", "--version-info", "--wide", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    versions = [(int(a), int(b)) for a, b in GLIBC_VERSION.findall(done.stdout)]
    return NEEDED.findall(done.stdout), max(versions, default=(0, 0))


def loader_cache() -> dict[str, str]:
    """soname -> path, for this machine's architecture, from `ldconfig -p`."""
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    listing = subprocess.run(
        ["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True
    ).stdout
    cache: dict[str, str] = {}
    for line in listing.splitlines():
        match = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if not match:
            continue
        name, _flags, path = match.groups()
        preferred = bool(multiarch) and f"/{multiarch}/" in path
        if name not in cache or (preferred and f"/{multiarch}/" not in cache[name]):
            cache[name] = path
    return cache


def owners(paths: Iterable[str]) -> dict[str, str]:
    """path -> Debian package owning it (`dpkg -S`), trying the merged-/usr spellings too."""
    variants: dict[str, str] = {}
    for path in paths:
        resolved = str(Path(path).resolve())
        for candidate in {
            path,
            resolved,
            *_usr_merge_variants(path),
            *_usr_merge_variants(resolved),
        }:
            variants[candidate] = path
    done = subprocess.run(
        ["dpkg-query", "--search", *sorted(variants)], capture_output=True, text=True, check=False
    )
    found: dict[str, str] = {}
    for line in done.stdout.splitlines():
        packages, _, owned = line.partition(": ")
        if owned in variants and "diversion" not in packages:
            found.setdefault(variants[owned], packages.split(",")[0].split(":")[0].strip())
    return found


def _usr_merge_variants(path: str) -> list[str]:
    if path.startswith("/usr/lib"):
        return [path.removeprefix("/usr")]
    if path.startswith("/lib"):
        return ["/usr" + path]
    return []


def depends(app_dir: Path) -> list[str]:
    files = elf_files(app_dir)
    bundled = {path.name for path in app_dir.rglob("*")}
    needed_by: dict[str, list[str]] = {}
    glibc = (0, 0)
    for path in files:
        names, version = read_needs(path)
        glibc = max(glibc, version)
        for name in names:
            if name not in bundled and not LOADER.match(name):
                needed_by.setdefault(name, []).append(str(path.relative_to(app_dir)))
    cache = loader_cache()
    missing = {name: users for name, users in needed_by.items() if name not in cache}
    if missing:
        raise MissingLibrary(missing)
    paths = {name: cache[name] for name in needed_by}
    package_of = owners(paths.values())
    unowned = {name: needed_by[name] for name, path in paths.items() if path not in package_of}
    if unowned:
        raise MissingLibrary(unowned)
    packages = sorted(set(package_of.values()) - {"libc6"})
    libc = f"libc6 (>= {glibc[0]}.{glibc[1]})" if glibc > (0, 0) else "libc6"
    return [libc, *packages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app_dir", type=Path)
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(", ".join(depends(args.app_dir)) + "\n")
    except MissingLibrary as exc:
        sys.stderr.write(f"shlib_depends: library not found on this machine: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
