#!/usr/bin/env bash
# Regenerates fixtures/pnpm/* with the real pnpm 10 (from the npm registry), then prunes the
# installed packages to what licit reads (package.json, license files, READMEs) to keep them small.
# Usage: scripts/make-pnpm-fixtures.sh   (needs the registry; run from the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pnpm() { (cd "$work/project" && npx -y pnpm@10.34.9 "$@"); }

mkdir -p "$work/project/packages/app" "$work/project/packages/lib" "$work/project/vendor/local-dep"
cat > "$work/project/package.json" <<'JSON'
{
  "name": "fx-pnpm-root",
  "version": "1.0.0",
  "private": true,
  "license": "MIT",
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": { "is-number": "7.0.0" }
}
JSON
cat > "$work/project/pnpm-workspace.yaml" <<'YAML'
packages:
  - packages/*
catalog:
  semver: 7.6.3
YAML
cat > "$work/project/packages/app/package.json" <<'JSON'
{
  "name": "fx-pnpm-app",
  "version": "0.1.0",
  "license": "MIT",
  "dependencies": {
    "fx-pnpm-lib": "workspace:*",
    "debug": "4.3.4",
    "react": "18.2.0",
    "use-sync-external-store": "1.2.0",
    "my-ms": "npm:ms@2.0.0"
  },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
cat > "$work/project/packages/lib/package.json" <<'JSON'
{
  "name": "fx-pnpm-lib",
  "version": "0.2.0",
  "license": "Apache-2.0",
  "dependencies": { "semver": "catalog:", "fx-local-dep": "file:../../vendor/local-dep" },
  "devDependencies": { "is-number": "6.0.0" }
}
JSON
cat > "$work/project/vendor/local-dep/package.json" <<'JSON'
{ "name": "fx-local-dep", "version": "1.0.0", "license": "ISC", "dependencies": { "ms": "2.1.3" } }
JSON
printf 'ISC License\n\nCopyright (c) fx-local-dep authors\n\nPermission to use, copy, modify, and/or distribute this software for any\npurpose with or without fee is hereby granted, provided that the above\ncopyright notice and this permission notice appear in all copies.\n\nTHE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\nWITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\nMERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR\nANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES\nWHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN\nACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF\nOR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n' > "$work/project/vendor/local-dep/LICENSE"

pnpm install --ignore-scripts --config.confirmModulesPurge=false >/dev/null
pnpm list --recursive --depth Infinity --json > "$work/list.json"

# Lockfile only: manifests and pnpm-lock.yaml.
lockonly="$root/fixtures/pnpm/workspace-lockfile"
rm -rf "$lockonly" && mkdir -p "$lockonly"
(cd "$work/project" && tar cf - --exclude=node_modules .) | (cd "$lockonly" && tar xf -)

# Installed: the same project with node_modules, every package cut down to what licit reads.
installed="$root/fixtures/pnpm/workspace-installed"
rm -rf "$installed" && mkdir -p "$installed"
(cd "$work/project" && tar cf - .) | (cd "$installed" && tar xf -)
find "$installed" -path '*/node_modules/*' -type f \
  ! -name package.json ! -name .modules.yaml ! -name lock.yaml ! -iname 'licen[cs]e*' ! -iname 'copying*' ! -iname 'notice*' ! -iname 'readme*' -delete
find "$installed" -path '*/node_modules/*' -type d -empty -delete
# Lockfile v6: the same project locked by pnpm 8 (which has no catalogs: semver is pinned instead).
v6="$root/fixtures/pnpm/workspace-lockfile-v6"
rm -rf "$v6" && mkdir -p "$v6"
(cd "$lockonly" && tar cf - --exclude=pnpm-lock.yaml .) | (cd "$v6" && tar xf -)
sed -i 's/"semver": "catalog:"/"semver": "7.6.3"/' "$v6/packages/lib/package.json"
printf 'packages:\n  - packages/*\n' > "$v6/pnpm-workspace.yaml"
(cd "$v6" && npx -y pnpm@8.15.9 install --lockfile-only --ignore-scripts >/dev/null)

# The lockfile pnpm keeps of what it installed; the copy under node_modules is what the walker trusts.
echo "pnpm list: $(node -e "
const seen = new Set();
const walk = (deps) => { for (const d of Object.values(deps ?? {})) { if (!d.version.startsWith('link:')) seen.add(d.from + '@' + d.version); walk(d.dependencies); } };
for (const p of require('$work/list.json')) { walk(p.dependencies); walk(p.devDependencies); walk(p.optionalDependencies); }
console.log(seen.size);
") distinct name@version"
