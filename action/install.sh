#!/usr/bin/env bash
# Install aligncheck from the action's own checkout ($GITHUB_ACTION_PATH, or this script's
# repository). INPUT_EXTRAS: comma-separated extras; with "st", the CPU build of torch is
# installed first from PyTorch's index (the public index's default torch is the CUDA build).
# Every Python runs isolated (-I): the working directory is the pull request's checkout, and
# `python -m pip` would import a `pip/` (or any module) the pull request commits there.
set -euo pipefail
root="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
extras="${INPUT_EXTRAS:-}"
python="${PYTHON:-python3}"
spec="$root"
if [ -n "$extras" ]; then
  case ",$extras," in
    *,st,*|*,test,*) "$python" -I -m pip install --disable-pip-version-check torch --index-url https://download.pytorch.org/whl/cpu ;;
  esac
  spec="$root[$extras]"
fi
"$python" -I -m pip install --disable-pip-version-check "$spec"
aligncheck --version
