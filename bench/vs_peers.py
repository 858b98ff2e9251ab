"""cvkit against its peers, on the same content, in one sitting: RenderCV 2.3 for the PDF and
resumed with jsonresume-theme-even for the homepage. Whole processes, taken in turn.

    python bench/vs_peers.py [--runs N] [--only two-page|300|homepage ...]

The peers go into scratch folders under ~/.cache/cvkit-bench (first run only): RenderCV 2.3
in its own venv (its CLI wants typer<0.16 and click<8.2; its Typst step imports the
fontawesome 0.5.0 package, copied from ../shared/vendor/typst into Typst's cache so nothing
is downloaded), resumed and the theme with npm, and this checkout of cvkit in a venv of its
own, run by its `cvkit` command as a user runs it. Bytecode is written for every tool, as an
installed package has it. Memory is the largest process's peak (/usr/bin/time); cvkit's PDF
worker is a second process, so the PDF rows also print the whole process tree's peak
(proportional set size, shared pages counted once). Each row also prints the median CPU
time (user + system), which moves less than wall time when other work shares the machine.
Content: the bundled two-page example and a generated 300-paper, 40-position profile,
written as RenderCV YAML by `rendercv_yaml` below; for resumed, cvkit's own JSON Resume
export of the example.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import EXAMPLES, ROOT, large_profile

sys.path.insert(0, str(ROOT))

SCRATCH = Path.home() / ".cache" / "cvkit-bench"
RENDERCV = SCRATCH / "rendercv"
CVKIT_VENV = SCRATCH / "cvkit"
NODE = SCRATCH / "node"
VENDOR = ROOT.parent / "shared" / "vendor" / "typst" / "fontawesome-0.5.0"


def install_peers() -> None:
    if not (RENDERCV / "bin" / "rendercv").exists():
        subprocess.run([sys.executable, "-m", "venv", str(RENDERCV)], check=True)
        subprocess.run([str(RENDERCV / "bin" / "pip"), "install", "-q", "rendercv==2.3",
                        "typer<0.16", "click<8.2", "markdown>=3.9", "watchdog>=6",
                        "typst>=0.13.7", "packaging>=25", "rendercv-fonts"], check=True)
    # cvkit in a venv of its own too, as a user installs it (and as RenderCV is here): the
    # interpreter's own site-packages may hold start-up hooks (.pth files) neither should pay.
    if not (CVKIT_VENV / "bin" / "cvkit").exists():
        subprocess.run([sys.executable, "-m", "venv", str(CVKIT_VENV)], check=True)
    subprocess.run([str(CVKIT_VENV / "bin" / "pip"), "install", "-q", "-e", str(ROOT)],
                   check=True)
    typst_pkg = Path.home() / ".cache" / "typst" / "packages" / "preview" / "fontawesome" / "0.5.0"
    if not typst_pkg.exists() and VENDOR.is_dir():
        shutil.copytree(VENDOR, typst_pkg)
    if not (NODE / "node_modules" / ".bin" / "resumed").exists():
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NODE), "--silent", "--no-audit",
                        "--no-fund", "resumed", "jsonresume-theme-even"], check=True)


SERVED = """
import sys
from cvkit.build import api
from cvkit.exporters import templating
api.export(sys.argv[1], ["html"], sys.argv[2])
print(", ".join(sorted(set(templating.served().values()))))
"""


def templates_served(example: Path, out: Path) -> str:
    """How the cvkit measured here gets its templates: ``compiled`` (the modules built with
    the package, as an installed wheel has them) or ``source`` (compiled in each process)."""
    done = subprocess.run([str(CVKIT_VENV / "bin" / "python"), "-c", SERVED, str(example),
                           str(out)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _date(d: Any) -> str | None:
    if d is None:
        return None
    return "present" if d.present else str(d)[:7]


def rendercv_yaml(profile_path: Path, out: Path) -> Path:
    """The same profile in RenderCV 2.3's input format."""
    from ruamel.yaml import YAML

    from cvkit.profile.load import load_profile

    p = load_profile(profile_path)
    sections: dict[str, list[Any]] = {}
    if p.about:
        sections["about"] = [p.about]
    if p.education:
        sections["education"] = [{k: v for k, v in {
            "institution": e.institution, "area": e.field or e.degree or "Studies",
            "degree": e.degree, "start_date": _date(e.start), "end_date": _date(e.end),
            "location": e.location, "highlights": [f"GPA: {e.gpa}"] if e.gpa else None,
        }.items() if v} for e in p.education]
    if p.experience:
        sections["experience"] = [{k: v for k, v in {
            "company": e.organization, "position": e.position or "Member",
            "start_date": _date(e.start), "end_date": _date(e.end), "location": e.location,
            "highlights": [str(h) for h in e.highlights if isinstance(h, str)] or None,
        }.items() if v} for e in p.experience]
    if p.publications:
        sections["publications"] = [{k: v for k, v in {
            "title": x.title, "authors": [a.rstrip("*†") for a in x.authors] or ["-"],
            "journal": x.venue, "date": _date(x.date), "doi": x.doi,
        }.items() if v} for x in p.publications if not x.hidden]
    if p.awards:
        sections["awards"] = [{"label": a.title, "details": a.awarder or "-"}
                              for a in p.awards]
    data = {"cv": {"name": p.name, "email": p.contact.email, "sections": sections},
            "design": {"theme": "classic"}}
    path = out / f"{profile_path.stem}_rendercv.yaml"
    yaml = YAML()
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """Seconds, peak memory (MiB) and CPU seconds (user and system, the processes it waited
    for included) of one run of ``cmd``."""
    # Bytecode is written, as an installed package has it (pip compiles what it installs).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", *cmd], capture_output=True,
                          text=True, cwd=cwd, env={**env, "NO_COLOR": "1"})
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kib, user, system = done.stderr.strip().splitlines()[-1].split()
    return took, int(peak_kib) // 1024, float(user) + float(system)


def tree_pss(cmd: list[str], cwd: Path) -> int:
    """Peak proportional set size (MiB) of ``cmd`` and its child processes together, read
    from /proc every few milliseconds: memory shared by a fork is counted once."""
    def pss(pid: int) -> int:
        total = 0
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return total
        return total + sum(pss(int(c)) for c in children)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, pss(process.pid))
        time.sleep(0.003)
    return peak // 1024


def compare(label: str, ours: list[str], theirs: list[str], cwd: Path, runs: int,
            peer: str, before_ours: Callable[[], None] | None = None) -> None:
    timed(ours, cwd), timed(theirs, cwd)  # warm-up: caches, fonts
    a: list[tuple[float, int, float]] = []
    b: list[tuple[float, int, float]] = []
    for _ in range(runs):  # in turn, so a noisy stretch hits both alike
        if before_ours is not None:
            before_ours()
        a.append(timed(ours, cwd))
        b.append(timed(theirs, cwd))
    ta, tb = statistics.median(t for t, _, _ in a), statistics.median(t for t, _, _ in b)
    ma, mb = max(m for _, m, _ in a), max(m for _, m, _ in b)
    print(f"| {label} | {ta:.2f} s, {ma} MiB | {peer}: {tb:.2f} s, {mb} MiB | {ta / tb:.2f} |",
          flush=True)
    # CPU time moves less than wall time when other work shares the machine.
    ca, cb = statistics.median(c for _, _, c in a), statistics.median(c for _, _, c in b)
    print(f"|   (CPU time, user + system) | {ca:.2f} s | {cb:.2f} s | {ca / cb:.2f} |",
          flush=True)
    if Path("/proc/self/smaps_rollup").exists():
        if before_ours is not None:
            before_ours()  # the whole tree of the same work, the reader included
        print(f"|   (all processes, peak PSS) | {tree_pss(ours, cwd)} MiB | "
              f"{tree_pss(theirs, cwd)} MiB | |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=("two-page", "300", "homepage", "style"),
                        action="append",
                        help="run only these rows (repeatable); all four by default")
    args = parser.parse_args()
    rows = set(args.only or ("two-page", "300", "homepage", "style"))
    install_peers()
    rendercv = [str(RENDERCV / "bin" / "rendercv"), "render", "--dont-generate-markdown",
                "--dont-generate-html", "--dont-generate-png"]
    resumed = str(NODE / "node_modules" / ".bin" / "resumed")
    cvkit = [str(CVKIT_VENV / "bin" / "cvkit"), "export"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        example = next(p for p in EXAMPLES if p.stem == "weilin-cai")
        print(f"cvkit's templates: {templates_served(example, work / 'served')}\n")
        print("| work | cvkit | peer | ratio |\n|---|---|---|---|")
        big = large_profile(work / "big.yaml")
        for row, label, path in (("two-page", "two-page CV to PDF", example),
                                 ("300", "300 papers + 40 positions to PDF", big)):
            if row not in rows:
                continue
            theirs = rendercv_yaml(path, work)
            compare(label, [*cvkit, str(path), "-f", "pdf", "-o", str(work / "ours")],
                    [*rendercv, str(theirs)], work, args.runs, "RenderCV 2.3")
        if "style" in rows:
            # A citation style (issue 28) against the same 300-paper PDF without one. The
            # references are cached after the first export; the second row clears them first,
            # as the first export in a style (or after upgrading cvkit) finds them.
            plain = [*cvkit, str(big), "-f", "pdf", "-o", str(work / "plain")]
            styled = [*cvkit, str(big), "-f", "pdf", "-o", str(work / "ieee"),
                      "--citation-style", "ieee"]
            compare("300 papers to PDF in IEEE", styled, plain, work, args.runs,
                    "cvkit without a style")
            cache_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")

            def forget_references() -> None:
                for folder in (cache_root / "cvkit").glob("csl-*"):
                    shutil.rmtree(folder, ignore_errors=True)

            compare("300 papers to PDF in IEEE, first export", styled, plain, work,
                    max(1, args.runs // 2), "cvkit without a style",
                    before_ours=forget_references)
        if "homepage" not in rows:
            return
        resume = work / "resume"
        subprocess.run([*cvkit, str(example), "-f", "jsonresume", "-o", str(resume),
                        "--name", "resume"], check=True, capture_output=True)
        theirs = [resumed, "render", str(resume / "resume.json"), "--theme",
                  "jsonresume-theme-even", "--output", str(work / "even.html")]
        compare("homepage", [*cvkit, str(example), "-f", "html", "-o", str(work / "site")],
                theirs, NODE, args.runs, "resumed + jsonresume-theme-even")
        # cvkit keeps a validated profile in its cache, keyed by the text: the row above
        # reads it from there, as a second export of the same profile does. Here the profile
        # changes before every run, as it does when a person edits and exports; resumed
        # keeps nothing, so its figure is the same work as above.
        edited = work / "edited.yaml"
        text = example.read_text(encoding="utf-8")
        saves = itertools.count(1)

        def edit() -> None:
            edited.write_text(f"{text}\n# edit {next(saves)}\n", encoding="utf-8")

        edit()
        compare("homepage, profile just edited",
                [*cvkit, str(edited), "-f", "html", "-o", str(work / "site2")],
                theirs, NODE, args.runs, "resumed + jsonresume-theme-even", before_ours=edit)


if __name__ == "__main__":
    main()
