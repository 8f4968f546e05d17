#!/usr/bin/env bash
# The base commit of the comparison: the `base` input, else the pull request's base. actions/checkout fetches
# one commit: get the base commit, then deepen until its merge-base with HEAD is known. Empty outside a pull
# request (the whole tree is scanned).
set -uo pipefail
fail() {
  echo "::error title=licit could not run::$1"
  exit 2
}
base="${BASE_INPUT:-${PR_BASE_SHA:-}}"
if [ -z "$base" ]; then
  echo "::notice title=licit::not a pull request and no base given: scanning the whole tree"
  echo "ref=" >> "$GITHUB_OUTPUT"
  exit 0
fi
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  git fetch --no-tags --quiet --depth=1 origin "$base" || fail "could not fetch the base commit $base from origin"
fi
head="$(git rev-parse HEAD)" || fail "no HEAD commit in $(pwd): check out the repository first (actions/checkout)"
for deepen in 1 10 100 1000; do
  git merge-base "$base" HEAD > /dev/null 2>&1 && break
  [ "$(git rev-parse --is-shallow-repository)" = true ] || break
  git fetch --no-tags --quiet --deepen="$deepen" origin "$base" "$head" || fail "could not fetch the history between $base and HEAD"
done
if ! git merge-base "$base" HEAD > /dev/null 2>&1 && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  git fetch --no-tags --quiet --unshallow origin || fail "could not fetch the history between $base and HEAD"
fi
echo "ref=$base" >> "$GITHUB_OUTPUT"
