#!/usr/bin/env bash
# Run `aligncheck ci` the way the GitHub Action does, in the current folder (a git checkout).
#
# Environment (GitHub sets the first three; the action passes the INPUT_ ones):
#   GITHUB_EVENT_PATH    the event JSON: pull_request.base.sha (merge_group.base_sha in a merge
#                        queue) is the default base; GITHUB_EVENT_NAME: a pull_request,
#                        pull_request_target or merge_group event without one is exit 2
#   GITHUB_OUTPUT        step outputs: exit-code, sarif-file
#   GITHUB_STEP_SUMMARY  aligncheck appends its Markdown report to it
#   INPUT_BASE           a git revision to compare with, overriding the event's base
#   INPUT_ARGS           more arguments for `aligncheck ci` (split on spaces)
#   INPUT_SARIF_FILE     where to write the SARIF report (default aligncheck.sarif)
# Prints GitHub annotations on stdout and exits with aligncheck's exit code.
# The current folder is the pull request's checkout: Python runs isolated (-I), else `python3 -c`
# would import a `json.py` the pull request commits there.
set -uo pipefail
base="${INPUT_BASE:-}"
if [ -z "$base" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  # a failure here must not drop --base (the pull request's own project file would set the gate)
  if ! base="$(python3 -I -c 'import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
print(((event.get("pull_request") or {}).get("base") or {}).get("sha")
      or (event.get("merge_group") or {}).get("base_sha") or "")' "$GITHUB_EVENT_PATH")"; then
    echo "::error title=aligncheck::cannot read the base commit from the event file \$GITHUB_EVENT_PATH"
    exit 2
  fi
fi
# a pull request's changes are checked against its base, never on their own say-so: without a
# base the working tree's project file (the pull request's) would set the gate
case "${GITHUB_EVENT_NAME:-}" in
  pull_request|pull_request_target|merge_group)
    if [ -z "$base" ]; then
      echo "::error title=aligncheck::no base commit for this ${GITHUB_EVENT_NAME} event; set the action's base input"
      exit 2
    fi ;;
esac
sarif="${INPUT_SARIF_FILE:-aligncheck.sarif}"
# a SARIF file already there is the pull request's (forged results for code scanning): remove it,
# so that the upload step only ever sees the file aligncheck writes in this run
if [ -e "$sarif" ] || [ -L "$sarif" ]; then
  rm -f -- "$sarif" 2>/dev/null
  if [ -e "$sarif" ] || [ -L "$sarif" ]; then
    echo "::error title=aligncheck::cannot remove the existing \$INPUT_SARIF_FILE before the run (a folder?)"
    exit 2
  fi
fi
args=(ci --format github --output-sarif "$sarif")
if [ -n "$base" ]; then
  # a shallow checkout (actions/checkout's default) lacks the base commit: fetch just that one
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin "$base" || {
      echo "::error title=aligncheck::cannot fetch the base commit $base; use actions/checkout with fetch-depth: 0"
      exit 2
    }
  fi
  args+=(--base "$base")
fi
# shellcheck disable=SC2206  # INPUT_ARGS is split on purpose
extra=(${INPUT_ARGS:-})
aligncheck "${args[@]}" "${extra[@]}"
code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
  if [ -f "$sarif" ] && [ ! -L "$sarif" ]; then echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"; fi
fi
exit "$code"
