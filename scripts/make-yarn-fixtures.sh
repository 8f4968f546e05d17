#!/usr/bin/env bash
# Regenerates the Yarn fixtures with the real package managers (from the npm registry).
#   classic: fixtures/yarn/classic-lockfile, Yarn 1's yarn.lock of a workspace project, no node_modules.
#   berry:   fixtures/yarn/berry-node-modules and fixtures/yarn/berry-pnp, one workspace project installed
#            by Yarn 4 with each linker (installed packages cut down to what licit reads; PnP's zips kept whole).
# Usage: scripts/make-yarn-fixtures.sh [classic|berry|all]   (default all)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
which=${1:-all}

classic() {
mkdir -p "$work/project/packages/app" "$work/project/packages/lib"
cat > "$work/project/package.json" <<'JSON'
{
  "name": "fx-yarn-root",
  "version": "1.0.0",
  "private": true,
  "license": "MIT",
  "workspaces": ["packages/*"],
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": { "is-number": "7.0.0" }
}
JSON
cat > "$work/project/packages/app/package.json" <<'JSON'
{
  "name": "fx-yarn-app",
  "version": "0.1.0",
  "license": "MIT",
  "dependencies": { "fx-yarn-lib": "0.2.0", "debug": "4.3.4", "react": "18.2.0", "my-ms": "npm:ms@2.0.0" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
cat > "$work/project/packages/lib/package.json" <<'JSON'
{
  "name": "fx-yarn-lib",
  "version": "0.2.0",
  "license": "Apache-2.0",
  "dependencies": { "semver": "^7.6.0" },
  "devDependencies": { "is-number": "6.0.0" }
}
JSON
(cd "$work/project" && npx -y yarn@1.22.22 install --ignore-scripts --non-interactive >/dev/null)
(cd "$work/project" && npx -y yarn@1.22.22 list --json --depth=99 --non-interactive) > "$work/list.json"
target="$root/fixtures/yarn/classic-lockfile"
rm -rf "$target" && mkdir -p "$target"
(cd "$work/project" && tar cf - --exclude=node_modules .) | (cd "$target" && tar xf -)
node -e "
const tree = JSON.parse(require('fs').readFileSync('$work/list.json', 'utf8')).data.trees;
// yarn list names deduped children by their range (name@^1.0.0) and aliases by the alias: only exact versions count.
const seen = new Set(); const walk = (nodes) => { for (const n of nodes ?? []) { seen.add(n.name); walk(n.children); } };
walk(tree); console.log('yarn list:', [...seen].filter((n) => !n.startsWith('fx-yarn-') && /@\\d+\\.\\d+\\.\\d+$/.test(n)).length, 'distinct name@version');"
}

berry_project() { # $1: the project folder, $2: the linker
  mkdir -p "$1/packages/app" "$1/packages/lib"
  cat > "$1/package.json" <<'JSON'
{
  "name": "fx-berry-root",
  "version": "1.0.0",
  "private": true,
  "license": "MIT",
  "workspaces": ["packages/*"],
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": { "is-number": "7.0.0" },
  "resolutions": { "debug@npm:4.3.4/ms": "2.1.3" }
}
JSON
  cat > "$1/packages/app/package.json" <<'JSON'
{
  "name": "fx-berry-app",
  "version": "0.1.0",
  "license": "MIT",
  "dependencies": { "fx-berry-lib": "workspace:^", "debug": "4.3.4", "my-ms": "npm:ms@2.0.0" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
  cat > "$1/packages/lib/package.json" <<'JSON'
{
  "name": "fx-berry-lib",
  "version": "0.2.0",
  "license": "Apache-2.0",
  "dependencies": { "semver": "^7.6.0" },
  "devDependencies": { "is-number": "6.0.0" }
}
JSON
  printf 'nodeLinker: %s\nenableGlobalCache: false\nenableTelemetry: false\nnpmRegistryServer: "%s"\n' "$2" "$(npm config get registry | sed 's#/$##')" > "$1/.yarnrc.yml"
  (cd "$1" && YARN_ENABLE_IMMUTABLE_INSTALLS=false npx -y -p @yarnpkg/cli-dist@4.18.1 yarn install >/dev/null)
  # Yarn's own listing of the lockfile, for the tests' expected package list.
  (cd "$1" && npx -y -p @yarnpkg/cli-dist@4.18.1 yarn info -AR --json) | node -e "
const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n').map(JSON.parse);
const refs = new Set(lines.filter((l) => !/@workspace:/.test(l.value)).map((l) => l.value.slice(0, l.value.indexOf('@', 1)) + '@' + l.children.Version));
console.log('yarn info -AR (' + process.argv[1] + '):', [...refs].sort().join(' '));" "$2"
  rm -f "$1/.yarn/install-state.gz"
}

berry() {
  berry_project "$work/berry-nm" node-modules
  local target="$root/fixtures/yarn/berry-node-modules"
  rm -rf "$target" && mkdir -p "$target"
  (cd "$work/berry-nm" && tar cf - .) | (cd "$target" && tar xf -)
  rm -rf "$target/.yarn/cache"
  find "$target" -path '*/node_modules/*' -type f \
    ! -name package.json ! -name .yarn-state.yml ! -iname 'licen[cs]e*' ! -iname 'copying*' ! -iname 'notice*' ! -iname 'readme*' -delete
  find "$target" -path '*/node_modules/*' -type d -empty -delete

  berry_project "$work/berry-pnp" pnp
  target="$root/fixtures/yarn/berry-pnp"
  rm -rf "$target" && mkdir -p "$target"
  (cd "$work/berry-pnp" && tar cf - .) | (cd "$target" && tar xf -)
}

case "$which" in
  classic) classic ;;
  berry) berry ;;
  all) classic; berry ;;
  *) echo "usage: $0 [classic|berry|all]" >&2; exit 2 ;;
esac
