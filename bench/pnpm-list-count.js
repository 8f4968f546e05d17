// Usage: node bench/pnpm-list-count.js <pnpm list --recursive --depth Infinity --json output> [licit scan JSON]
// Counts distinct name@version in `pnpm list --recursive --depth Infinity --json [--lockfile-only]` output
// (links to workspaces left out). pnpm prints a package's dependencies once and marks later
// occurrences `deduped`: children are looked up by the package's store path.
import { readFileSync } from 'node:fs';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const list = readJson(process.argv[2]);
const children = new Map();
const collect = (deps) => { for (const d of Object.values(deps ?? {})) { if (d.dependencies && !d.deduped) children.set(d.path, d.dependencies); collect(d.dependencies); } };
for (const p of list) for (const f of ['dependencies', 'optionalDependencies', 'devDependencies']) collect(p[f]);
const reach = (fields) => {
  const seen = new Set(); const paths = new Set();
  const walk = (deps) => {
    for (const d of Object.values(deps ?? {})) {
      if (String(d.version).startsWith('link:')) continue;
      seen.add(`${d.from}@${d.version}`);
      if (paths.has(d.path)) continue;
      paths.add(d.path);
      walk(children.get(d.path));
    }
  };
  for (const p of list) for (const f of fields) walk(p[f]);
  return seen;
};
const all = reach(['dependencies', 'optionalDependencies', 'devDependencies']);
const nonDev = reach(['dependencies', 'optionalDependencies']);
console.log(JSON.stringify({ importers: list.length, distinct: all.size, nonDev: nonDev.size, devOnly: all.size - nonDev.size }));
if (process.argv[3]) {
  const r = readJson(process.argv[3]);
  const mine = new Map(r.packages.map((c) => [`${c.name}@${c.version}`, c.scopes]));
  const wrong = [...mine].filter(([ref, scopes]) => scopes.includes('dev') !== !nonDev.has(ref));
  console.log('licit packages', mine.size, 'same set', [...all].every((ref) => mine.has(ref)) && all.size === mine.size, 'scope disagreements', wrong.length, JSON.stringify(wrong.slice(0, 5)));
}
