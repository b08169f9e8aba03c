#!/usr/bin/env bash
# A1: the GitHub Action runs Python with the pull request's checkout as the current folder and
# `python3 -c` / `python3 -m pip`, which put the current folder first on sys.path: a `json.py`
# or `pip/` the pull request commits at its root runs (run.sh's event parsing; install.sh's pip).
# Usage: bash bench/attack19_cases/a1_action_cwd_import.sh [path-to-aligncheck-checkout]; prints VULNERABLE or ok.
set -u
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
w="$(mktemp -d)"; trap 'rm -rf "$w"' EXIT
mkdir -p "$w/repo/pip" && cd "$w/repo" && git init -q
printf 'import os\nopen(os.environ["MARK"] + ".json", "w").write("ran")\nraise SystemExit(0)\n' > json.py
printf 'import os\nopen(os.environ["MARK"] + ".pip", "w").write("ran")\n' > pip/__init__.py
cp pip/__init__.py pip/__main__.py
printf '{"pull_request": {"base": {"sha": "0000000000000000000000000000000000000000"}}}\n' > "$w/event.json"
export MARK="$w/mark"
# run.sh (default inputs: INPUT_BASE empty, so it parses the event with python3 -c)
GITHUB_EVENT_PATH="$w/event.json" PATH="$w/nobin:$PATH" timeout 60 bash "$root/action/run.sh" >/dev/null 2>&1
# install.sh runs `python3 -m pip install` in the default working directory (the workspace = the
# checkout); a wrapper turns `install` into `--version` so a fixed script installs nothing here
printf '#!/usr/bin/env bash\nargs=()\nfor a in "$@"; do [ "$a" = install ] && a=--version; args+=("$a"); done\nexec python3 "${args[@]}"\n' > "$w/py"; chmod +x "$w/py"
GITHUB_ACTION_PATH="$root" PYTHON="$w/py" timeout 120 bash "$root/action/install.sh" >/dev/null 2>&1
bad=0
[ -e "$MARK.json" ] && { echo "VULNERABLE: run.sh imported the checkout's json.py"; bad=1; }
[ -e "$MARK.pip" ] && { echo "VULNERABLE: python3 -m pip (install.sh) ran the checkout's pip/"; bad=1; }
[ $bad = 0 ] && echo ok
exit $bad
