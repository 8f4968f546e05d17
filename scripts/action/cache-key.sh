#!/usr/bin/env bash
# The cache key of this action's install: its lockfile and every file the build reads. (hashFiles() only sees
# the workspace, and the action's checkout lies outside it.)
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
digest="$(find package-lock.json package.json scripts src rules -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)"
echo "key=licit-action-${RUNNER_OS:-unknown}-node$(node -p 'process.versions.node.split(".")[0]')-$digest" >> "$GITHUB_OUTPUT"
