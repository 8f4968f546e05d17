#!/usr/bin/env bash
# Installs the licit of this action's own revision, in the action's checkout: `npm ci` (whose `prepare` builds
# dist/), skipped when actions/cache restored node_modules and dist/ for the same lockfile and sources.
# Never reads an npm package named licit. A failure is reported as licit not being able to run (exit 2),
# never as license violations.
set -uo pipefail
action="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
if [ -f "$action/dist/main.js" ] && [ -d "$action/node_modules" ]; then
  echo "licit: using the cached install of this action's revision"
  exit 0
fi
if ! command -v npm > /dev/null; then
  echo "::error title=licit could not run::npm is not on the PATH (add actions/setup-node before this action)"
  exit 2
fi
log="${RUNNER_TEMP:-/tmp}/licit-install-$$.log"
if ! (cd "$action" && npm ci --no-audit --no-fund --loglevel=error) > "$log" 2>&1; then
  tail -n 20 "$log"
  echo "::error title=licit could not run::installing licit (npm ci in the action's checkout) failed; the lines above say why. No license verdict was reached."
  exit 2
fi
if [ ! -f "$action/dist/main.js" ]; then
  echo "::error title=licit could not run::npm ci did not build licit (dist/main.js is missing)"
  exit 2
fi
