// A floor: the least work any npm scanner must do on a tree, timed as a whole process.
//
//   node bench/floor.js <mode> <dir> [<tools-dir>]
//
// modes:
//   read-package-json   walk node_modules (scoped, nested, workspace links) and JSON.parse every package.json
//   load-actual         arborist loadActual()  (trusts node_modules/.package-lock.json when fresh)
//   force-actual        arborist loadActual({ forceActual: true })  (reads every package.json)
//   load-virtual        arborist loadVirtual()  (package-lock.json only)
//   count               like force-actual, then print the distinct name@version list as JSON (not timed)
//
// Arborist is loaded from <tools-dir> (the bench's scratch install), not from licit's own dependencies.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [mode, dir, toolsDir] = process.argv.slice(2);

function readEveryPackageJson(root) {
  const visited = new Set();
  let count = 0;
  const readManifest = (pkgDir) => {
    try {
      JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
      count++;
    } catch {
      // a directory without a readable package.json is not a package; the floor skips it
    }
  };
  const walkPackage = (pkgDir) => {
    readManifest(pkgDir);
    walkNodeModules(join(pkgDir, 'node_modules'));
  };
  const walkNodeModules = (nodeModules) => {
    let entries;
    try {
      entries = readdirSync(nodeModules, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(nodeModules, entry.name);
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        walkNodeModules(path);
      } else if (entry.isSymbolicLink()) {
        // workspace and file: links: follow once, as arborist does
        let real;
        try {
          real = realpathSync(path);
        } catch {
          continue;
        }
        if (!visited.has(real)) {
          visited.add(real);
          walkPackage(real);
        }
      } else if (entry.isDirectory()) {
        walkPackage(path);
      }
    }
  };
  visited.add(realpathSync(root));
  walkPackage(root);
  return count;
}

function loadArborist() {
  if (!toolsDir) throw new Error('floor: this mode needs the tools dir as third argument');
  const require = createRequire(join(toolsDir, 'noop.js'));
  return require('@npmcli/arborist');
}

/** Distinct name@version of installed packages: root, links, workspaces and nodes outside node_modules excluded. */
function distinctInstalled(tree) {
  const ids = new Set();
  for (const node of tree.inventory.values()) {
    if (node.isRoot || node.isLink || node.isWorkspace || !node.location.includes('node_modules')) continue;
    ids.add(`${node.packageName}@${node.version}`);
  }
  return [...ids].sort();
}

async function main() {
  if (!mode || !dir) throw new Error('usage: node bench/floor.js <mode> <dir> [<tools-dir>]');
  switch (mode) {
    case 'read-package-json':
      readEveryPackageJson(dir);
      return;
    case 'load-actual':
      await new (loadArborist())({ path: dir }).loadActual();
      return;
    case 'force-actual':
      await new (loadArborist())({ path: dir }).loadActual({ forceActual: true });
      return;
    case 'load-virtual':
      await new (loadArborist())({ path: dir }).loadVirtual();
      return;
    case 'count': {
      const tree = await new (loadArborist())({ path: dir }).loadActual({ forceActual: true });
      let nodes = 0;
      for (const node of tree.inventory.values()) {
        if (!node.isRoot && !node.isLink && !node.isWorkspace && node.location.includes('node_modules')) nodes++;
      }
      const distinct = distinctInstalled(tree);
      process.stdout.write(JSON.stringify({ nodes, distinct }) + '\n');
      return;
    }
    default:
      throw new Error(`floor: unknown mode ${mode}`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
