import Node from '@npmcli/arborist/lib/node.js';
import npa from 'npm-package-arg';
import type { TreeProblem } from '../model/index.js';
import type { TreeNode } from './load-tree.js';

/** The dependency maps arborist turns into edges. */
const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;
/** Maps arborist indexes by dependency name; on a plain object `constructor` or `__proto__` finds Object.prototype's. */
const NAME_KEYED_FIELDS = ['acceptDependencies', 'peerDependenciesMeta'] as const;

/** A dependency entry (or the name or version) arborist cannot take, left out of the package before arborist sees it. */
export interface RejectedDependency {
  field: string;
  dependency: string | null;
  reason: 'not-an-object' | 'spec-not-a-string' | 'invalid-name' | 'not-a-string';
}

const rejections = new WeakMap<object, RejectedDependency[]>();
// Arborist's own hook (a registered symbol, shared by every copy of its Node class): each node builds its edges here.
const LOAD_DEPS = Symbol.for('Arborist.Node._loadDeps');
let installed = false;

/**
 * Makes arborist survive a package.json (installed or in a lockfile) whose dependency maps it
 * throws on: a non-string spec, a map that is not an object, a name no npm package can have; and
 * a dependency named `constructor`, `toString`, `valueOf` or `__proto__`, which arborist looks up
 * in a plain `acceptDependencies` object. Bad entries are removed from the node's package and kept
 * for `dependencyProblems`; the name-keyed maps become null-prototype objects. Arborist offers no
 * option to validate manifests, so its per-node hook is wrapped, once per process.
 */
export function guardArborist(): void {
  if (installed) return;
  installed = true;
  const prototype = Node.prototype as unknown as Record<symbol, (this: TreeNode) => void>;
  const loadDeps = prototype[LOAD_DEPS];
  if (typeof loadDeps !== 'function') throw new Error('arborist no longer builds edges in Node[_loadDeps]: update src/walk/arborist-guard.ts');
  prototype[LOAD_DEPS] = function (this: TreeNode) {
    const rejected = sanitiseDependencies(this.package as Record<string, unknown>);
    if (rejected.length > 0) rejections.set(this, rejected);
    else rejections.delete(this);
    loadDeps.call(this);
  };
}

/** The dependency entries of `node`'s package that were left out, as findings to report. */
export function dependencyProblems(node: TreeNode, ref: string | null): TreeProblem[] {
  return (rejections.get(node) ?? []).map((rejected) => ({
    rule: 'unreadable-package',
    code: 'invalid-dependency',
    package: ref,
    path: node.location || '.',
    args: { field: rejected.field, dependency: rejected.dependency, reason: rejected.reason },
  }));
}

function sanitiseDependencies(manifest: Record<string, unknown>): RejectedDependency[] {
  const rejected: RejectedDependency[] = [];
  // An identity that is not a string (a lockfile's `"version": {}`) would reach the reports as an object.
  for (const field of ['name', 'version'] as const) {
    if (manifest[field] === undefined || typeof manifest[field] === 'string') continue;
    rejected.push({ field, dependency: null, reason: 'not-a-string' });
    Reflect.deleteProperty(manifest, field);
  }
  for (const field of DEPENDENCY_FIELDS) {
    const map = manifest[field];
    if (map === undefined) continue;
    if (!isPlainRecord(map)) {
      rejected.push({ field, dependency: null, reason: 'not-an-object' });
      Reflect.deleteProperty(manifest, field);
      continue;
    }
    for (const [name, spec] of Object.entries(map)) {
      const reason = typeof spec !== 'string' ? 'spec-not-a-string' : validName(name) ? null : 'invalid-name';
      if (!reason) continue;
      rejected.push({ field, dependency: name, reason });
      Reflect.deleteProperty(map, name);
    }
  }
  for (const field of NAME_KEYED_FIELDS) {
    const map = manifest[field];
    const safe: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    if (isPlainRecord(map)) Object.assign(safe, map);
    // Arborist falls back to `{}` for an absent acceptDependencies, and that `{}` has a prototype.
    if (map !== undefined || field === 'acceptDependencies') manifest[field] = field === 'acceptDependencies' ? onlyStrings(safe) : safe;
  }
  return rejected;
}

function onlyStrings(map: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(map)) if (typeof value !== 'string') Reflect.deleteProperty(map, name);
  return map;
}

const COMMON_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/** A name npm could have installed (old-style names included), which cannot lead out of node_modules. */
function validName(name: string): boolean {
  if (COMMON_NAME.test(name) && name !== '.' && name !== '..') return true;
  try {
    npa.resolve(name, '*');
    return true;
  } catch {
    return false;
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
