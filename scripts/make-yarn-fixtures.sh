#!/usr/bin/env bash
# Regenerates fixtures/yarn/classic-lockfile with the real Yarn 1 (from the npm registry): a workspace
# project's manifests and yarn.lock, without node_modules. Usage: scripts/make-yarn-fixtures.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
