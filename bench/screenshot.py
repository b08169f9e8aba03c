"""Screenshot of the text report as a terminal shows it (not run in CI).

    python -m bench.screenshot [--width 90] [--height 48] [--out docs/terminal]

1. Builds a faulty translation of the seed article in a temporary folder: English line 5
   deleted (an omission), ``20%`` turned into ``25%`` (a changed number) and the end of
   line 8 cut off (a ``partial_omission`` warning, and the omission of the sentence cut).
2. Runs ``aligncheck check ar.txt en.txt`` in a tmux pane of ``--width`` x ``--height`` with
   ``TERM=xterm-256color`` (so the report is coloured, wrapped to the pane and bidi-isolated, as
   for a person), and captures the pane with its colours (``tmux capture-pane -e``).
3. Turns the capture into HTML with rich (``Text.from_ansi``, ``Console.export_html``), once with
   a dark and once with a light terminal theme, and has headless Chromium screenshot each page
   (Chromium applies the Unicode bidi algorithm to every line, as a bidi-capable terminal does;
   Arabic falls back to a Noto/DejaVu font).

Writes ``OUT-dark.png``, ``OUT-light.png`` and ``OUT.ansi`` (the raw capture). Needs tmux and
chromium (``apt-get install tmux chromium fonts-noto-core``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def faulty_pair(folder: Path) -> None:
    """The seed article and a faulty translation of it in ``folder`` (ar.txt, en.txt)."""
    shutil.copy(ROOT / "corpora/seed/ar.txt", folder / "ar.txt")
    en = (ROOT / "corpora/seed/en.txt").read_text(encoding="utf-8").splitlines()
    en[12] = en[12].replace("20%", "25%")
    en[7] = en[7].split(", with the Russian")[0] + "."
    del en[4]
    (folder / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")


def capture(folder: Path, width: int, height: int, command: str) -> str:
    """Run ``command`` in a fresh tmux session of ``width`` x ``height`` in ``folder``; return
    the pane's content with its escape sequences once the command has finished."""
    session = f"aligncheck-shot-{os.getpid()}"
    done = folder / "done"
    env = dict(os.environ, TERM="xterm-256color", PS1="$ ")
    env.pop("NO_COLOR", None)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
                    "-c", str(folder), "bash --norc --noprofile"], check=True, env=env)
    try:
        subprocess.run(["tmux", "send-keys", "-t", session,
                        f"clear; {command}; touch {done}", "Enter"], check=True)
        deadline = time.monotonic() + 600
        while not done.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{command!r} did not finish in 600 s")
            time.sleep(0.5)
        time.sleep(0.5)
        out = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", session], check=True,
                             capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    lines = out.splitlines()
    # drop the shell's own lines: the prompt with the command and the prompt after it
    import re

    prompt = re.compile(r"^(\x1b\[[0-9;]*m)*(bash-[\d.]+)?[#$]\s*(\x1b\[[0-9;]*m)*$")
    lines = [line for line in lines if "touch " not in line]
    while lines and (not lines[-1].strip() or prompt.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines) + "\n"


def to_png(ansi: str, png: Path, *, dark: bool, width: int) -> None:
    """Render the captured ``ansi`` text as an HTML page in a terminal theme and screenshot it."""
    from rich.console import Console
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME, MONOKAI
    from rich.text import Text

    console = Console(record=True, width=width, file=open(os.devnull, "w"), force_terminal=True,
                      color_system="truecolor")
    for line in ansi.splitlines():
        console.print(Text.from_ansi(line), soft_wrap=True)
    theme = MONOKAI if dark else DEFAULT_TERMINAL_THEME
    page = console.export_html(theme=theme, inline_styles=True, code_format=(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "body {{ margin: 0; padding: 12px; color: {foreground}; background-color: {background}; }}"
        "pre {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 15px; line-height: 1.35; margin: 0; }}"
        "</style></head><body><pre><code>{code}</code></pre></body></html>"))
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "page.html"
        html.write_text(page, encoding="utf-8")
        lines = ansi.count("\n") + 1
        size = f"{int(width * 9.1) + 24},{int(lines * 20.3) + 24}"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={png}", f"--window-size={size}", html.as_uri()],
                       check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, default=90)
    ap.add_argument("--height", type=int, default=48)
    ap.add_argument("--out", default=str(ROOT / "docs" / "terminal"))
    ap.add_argument("--command", default="aligncheck check ar.txt en.txt")
    args = ap.parse_args(argv)
    for tool in ("tmux", "chromium", "aligncheck"):
        if shutil.which(tool) is None:
            print(f"error: {tool} is not on PATH", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        faulty_pair(folder)
        ansi = capture(folder, args.width, args.height, args.command)
    out = Path(args.out)
    out.with_suffix(".ansi").write_text(ansi, encoding="utf-8")
    for dark in (True, False):
        to_png(ansi, out.parent / f"{out.name}-{'dark' if dark else 'light'}.png", dark=dark, width=args.width)
    print(f"wrote {out}-dark.png, {out}-light.png, {out.with_suffix('.ansi')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
