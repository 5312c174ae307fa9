"""Build the Debian package from the PyInstaller bundle (``make deb``).

    python packaging/build_deb.py [--bundle dist/tvox-panel] [--out dist] [--work build/deb]

The package installs the bundle under ``/opt/tvox-panel``, the ``tvox-panel`` launcher in
``/usr/bin``, the desktop entry (which declares the ``tel:``, ``callto:`` and ``sip:`` handlers,
so no per-user registration is needed), the icon, the AppStream metainfo, a manual page, the
copyright file and lintian's overrides, each explained in ``packaging/debian/lintian-overrides``.
``dpkg-shlibdeps`` computes ``Depends`` from the libraries the bundle links and does not carry;
``dpkg-deb`` builds the archive. The version is the one the bundled panel reports.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

from tvox_panel import APP_ID

ROOT = Path(__file__).resolve().parent.parent
DEBIAN = ROOT / "packaging" / "debian"
RESOURCES = ROOT / "resources"
PACKAGE = "tvox-panel"

PREFIX = Path("opt", PACKAGE)
MAINTAINER = "TVox Panel developers <tvox-panel@users.noreply.github.com>"
HOMEPAGE = "https://github.com/tvox-panel/tvox-panel"
SUMMARY = "click-to-dial and call-recording panel for TVox agents"
DESCRIPTION = """\
 TVox Panel asks a TVox contact-centre server (Telenia Software) to place
 calls from the agent's own phone, and starts and stops the recording of the
 current call. It sits in the system tray, answers tel:, callto: and sip:
 links from the browser and the CRM, keeps a searchable call log and never
 dials twice by accident.
 .
 This package carries its own Python and Qt under /opt/tvox-panel."""


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a tool; on failure, exit with its name and the end of what it said."""
    done = subprocess.run(command, text=True, capture_output=True, check=False, **kwargs)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SystemExit(f"build_deb: {Path(command[0]).name} failed: " + " / ".join(said))
    return done


def bundle_version(bundle: Path) -> str:
    """The version the bundled panel reports (``tvox-panel --version``)."""
    out = run([str(bundle / PACKAGE), "--version"]).stdout.split()
    if len(out) != 2 or out[0] != PACKAGE:
        raise SystemExit(f"build_deb: unexpected --version answer: {' '.join(out)!r}")
    return out[1]


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def install(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def install_gz(data: bytes, dest: Path) -> None:
    """Gzip as Debian wants it: maximum compression, no name or time in the header."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (
        dest.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz,
    ):
        gz.write(data)
    dest.chmod(0o644)


def normalise_modes(root: Path) -> None:
    """Directories 0755; programs 0755; everything else, shared libraries included, 0644."""
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif path.name == PACKAGE and path.parent.name == PACKAGE:
            path.chmod(0o755)  # the bundle's program
        else:
            path.chmod(0o644)


def changelog(version: str) -> bytes:
    return (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}; the changes are listed in\n"
        f"    /usr/share/metainfo/{APP_ID}.metainfo.xml.\n\n"
        f" -- {MAINTAINER}  {formatdate(int(source_date_epoch()), localtime=False)}\n"
    ).encode()


def shlib_depends(root: Path) -> str:
    """``Depends`` from the shared libraries the bundle's binaries link and do not carry."""
    bundle = root / PREFIX
    elves = sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))
    lib_dirs = sorted({str(p.parent) for p in elves})
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "debian").mkdir()
        (Path(tmp) / "debian" / "control").write_text(
            f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n", encoding="utf-8"
        )
        done = run(
            [
                "dpkg-shlibdeps",
                "-O",
                "--ignore-missing-info",
                "--warnings=0",
                *(f"-l{d}" for d in lib_dirs),
                *(str(p) for p in elves),
            ],
            cwd=tmp,
        )
    for line in done.stdout.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.split("=", 1)[1]
    raise SystemExit("build_deb: dpkg-shlibdeps gave no shlibs:Depends")


def installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_file():
            total += (path.lstat().st_size + 1023) // 1024
        elif path.is_dir():
            total += 1
    return total


def md5sums(root: Path) -> str:
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.relative_to(root).parts[0] == "DEBIAN":
            continue
        digest = hashlib.md5(path.read_bytes()).hexdigest()  # dpkg's md5sums format
        lines.append(f"{digest}  {path.relative_to(root)}")
    return "\n".join(lines) + "\n"


def stage(bundle: Path, root: Path, version: str) -> None:
    """Lay out the package's files under ``root``."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    usr = root / "usr"
    (usr / "bin").mkdir(parents=True)
    # The bundle finds its _internal folder next to the real path of its program.
    (usr / "bin" / PACKAGE).symlink_to(Path("/", PREFIX, PACKAGE))
    share = usr / "share"
    install(RESOURCES / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    install(RESOURCES / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    install(
        RESOURCES / "icons" / "tvox-panel.svg",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    )
    install(DEBIAN / "copyright", share / "doc" / PACKAGE / "copyright")
    install(DEBIAN / "lintian-overrides", share / "lintian" / "overrides" / PACKAGE)
    install_gz(changelog(version), share / "doc" / PACKAGE / "changelog.gz")
    install_gz((DEBIAN / "tvox-panel.1").read_bytes(), share / "man" / "man1" / "tvox-panel.1.gz")
    normalise_modes(root)


def control(root: Path, version: str, depends: str) -> str:
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(root)}\n"
        f"Depends: {depends}\n"
        "Recommends: desktop-file-utils, xdg-utils\n"
        "Section: comm\n"
        "Priority: optional\n"
        f"Homepage: {HOMEPAGE}\n"
        f"Description: {SUMMARY}\n"
        f"{DESCRIPTION}\n"
    )


def build(bundle: Path, out: Path, work: Path) -> Path:
    """Build the package; returns the ``.deb`` path."""
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"build_deb: no bundle at {bundle}; run: make package")
    version = bundle_version(bundle)
    root = work / "root"
    stage(bundle, root, version)
    depends = shlib_depends(root)
    meta = root / "DEBIAN"
    meta.mkdir(mode=0o755)
    (meta / "control").write_text(control(root, version, depends), encoding="utf-8")
    (meta / "md5sums").write_text(md5sums(root), encoding="utf-8")
    for name in ("control", "md5sums"):
        (meta / name).chmod(0o644)
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{version}_{arch}.deb"
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", source_date_epoch())
    # xz at level 3: within 10 % of the default level's size in half its time.
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z3", "--build", str(root), str(deb)], env=env)
    return deb


def source_date_epoch() -> str:
    """The time of the last commit (reproducible archives), or now outside a git checkout."""
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, check=False)  # fmt: skip
    except OSError:
        done = None
    found = done.stdout.strip() if done is not None and done.returncode == 0 else ""
    return found or str(int(time.time()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    args = parser.parse_args(argv)
    for tool in ("dpkg-deb", "dpkg-shlibdeps"):
        if shutil.which(tool) is None:
            raise SystemExit(f"build_deb: {tool} not found; install dpkg-dev")
    print(build(args.bundle.resolve(), args.out.resolve(), args.work.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
