#!/usr/bin/env bash
# Regenerates fixtures/bun/* with the real Bun (the npm registry's `bun` package, whose platform binary
# comes as @oven/bun-<platform>): a workspace project's bun.lock, and the same project installed with
# Bun's hoisted linker (each installed package cut down to package.json, license files and READMEs).
# Usage: scripts/make-bun-fixtures.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --no-audit --no-fund --prefix "$work/tools" bun@1.4.4 >/dev/null
# The package ships its platform's binary as bin/bun.exe (linked from @oven/bun-<platform>).
bun="$work/tools/node_modules/bun/bin/bun.exe"
"$bun" --version

project="$work/project"
mkdir -p "$project/packages/app" "$project/packages/lib"
cat > "$project/package.json" <<'JSON'
{
  "name": "fx-bun-root",
  "version": "1.0.0",
  "private": true,
  "license": "MIT",
  "workspaces": ["packages/*"],
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": { "is-number": "7.0.0" }
}
JSON
cat > "$project/packages/app/package.json" <<'JSON'
{
  "name": "fx-bun-app",
  "version": "0.1.0",
  "license": "MIT",
  "dependencies": { "fx-bun-lib": "workspace:*", "debug": "4.3.4", "my-ms": "npm:ms@2.0.0" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
cat > "$project/packages/lib/package.json" <<'JSON'
{
  "name": "fx-bun-lib",
  "version": "0.2.0",
  "license": "Apache-2.0",
  "dependencies": { "semver": "^7.6.0" },
  "devDependencies": { "is-number": "6.0.0" }
}
JSON
printf '[install]\nlinker = "hoisted"\n' > "$project/bunfig.toml"
(cd "$project" && "$bun" install --no-progress --ignore-scripts >/dev/null)
echo "bun pm ls --all:"; (cd "$project" && "$bun" pm ls --all)

lockonly="$root/fixtures/bun/workspace-lockfile"
rm -rf "$lockonly" && mkdir -p "$lockonly"
(cd "$project" && tar cf - --exclude=node_modules .) | (cd "$lockonly" && tar xf -)

installed="$root/fixtures/bun/workspace-installed"
rm -rf "$installed" && mkdir -p "$installed"
(cd "$project" && tar cf - .) | (cd "$installed" && tar xf -)
find "$installed" -path '*/node_modules/*' -type f \
  ! -name package.json ! -iname 'licen[cs]e*' ! -iname 'copying*' ! -iname 'notice*' ! -iname 'readme*' -delete
find "$installed" -path '*/node_modules/*' -type d -empty -delete
