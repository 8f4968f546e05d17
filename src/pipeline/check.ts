// `licit check` as data: what adding packages to a project (or to nothing) would bring, judged by the same
// evaluation `licit scan` runs. The caller brings the project's policy; nothing is written, nothing exits.
import { basename, join } from 'node:path';
import { LicitInputError, readInputText, type CheckReport, type Inventory } from '../model/index.js';
import { checkDiff, mergeAddition, withLockedPackages } from '../policy/check-diff.js';
import { readPreset } from '../policy/presets.js';
import { lockfileEntries } from '../walk/lockfile-entries.js';
import { pathExists } from '../walk/directory.js';
import { walkNpmProject } from '../walk/npm.js';
import { npmPurl } from '../walk/purl.js';
import { evaluateInventory, type EvaluationSettings } from './scan.js';
import { licitVersion } from './version.js';

export interface CheckOptions {
  /** Absolute: the project the packages would join when it holds package.json, else where npm's config is read. */
  directory: string;
  /** The policy and today's date; `policySource` says where the policy came from (null: the default preset). */
  settings: EvaluationSettings;
  policySource: string | null;
  /** Also fetch each new package's tarball and identify the texts of its license files. */
  deep?: boolean;
  offline?: boolean;
  preferOffline?: boolean;
  /** Cache directory (absolute); default `$XDG_CACHE_HOME/licit` or `~/.cache/licit`. */
  cache?: string;
  /** Read the license files installed in the project (default true). */
  readText?: boolean;
  /** The environment npm's config is read from (registries, auth, proxies, the cache's default place). */
  env: Readonly<Record<string, string | undefined>>;
}

const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

/** resolve -> identify -> classify -> evaluate twice (without and with the packages) -> difference. */
export async function check(specs: string[], options: CheckOptions): Promise<CheckReport> {
  const { directory: projectDir, settings } = options;
  const { policy } = settings;
  const inProject = pathExists(join(projectDir, 'package.json'));
  const notes: string[] = [];
  const lockfileName = inProject ? (NPM_LOCKFILES.find((name) => pathExists(join(projectDir, name))) ?? null) : null;
  const installed = inProject ? await projectInventory(projectDir, options.readText !== false, notes) : blankInventory('licit-check', null);
  // An installed tree lacks the platform builds npm skipped here; the project has them all the same.
  const locked = installed.mode === 'actual' ? lockfileEntries(projectDir).refs : new Set<string>();

  // The registry client and arborist load only now: a mistyped flag answers at once.
  const { assertCacheDirectory, readNpmConfig, defaultCacheDir } = await import('../registry/index.js');
  const { createTarballFileFetcher } = await import('../registry/tarball.js');
  const { cappedPackuments } = await import('../registry/packuments.js');
  const { resolveAddition } = await import('../walk/ideal-tree.js');
  const npmConfig = readNpmConfig(projectDir, { env: options.env });
  const offline = options.offline === true || npmConfig.offline;
  const cacheDir = assertCacheDirectory(options.cache ?? defaultCacheDir(options.env));
  const fetchOptions = { ...npmConfig.fetchOptions, userAgent: `licit/${licitVersion()}` };
  const resolved = await resolveAddition({
    specs,
    project: inProject ? { directory: projectDir, lockfile: lockfileName ? join(projectDir, lockfileName) : null } : null,
    fetchOptions,
    cacheDir,
    offline,
    preferOffline: options.preferOffline === true || npmConfig.values['prefer-offline'] === true,
    deep: options.deep === true,
    known: new Set([...installed.components.map((component) => component.ref), ...locked]),
    fetchLicenseFiles: createTarballFileFetcher({ fetchOptions, cacheDir, offline }),
    packuments: (arboristOptions) => cappedPackuments(arboristOptions),
  });

  const addedRefs = resolved.additions.map((addition) => addition.ref);
  const before = withLockedPackages(installed, resolved.inventory, locked);
  const merged = mergeAddition(before, resolved.inventory, addedRefs);
  const beforeResult = evaluateInventory(before, settings);
  const afterResult = evaluateInventory(merged, settings);
  const diff = checkDiff(beforeResult, afterResult, addedRefs);
  const addedRefSet = new Set(diff.added.map((entry) => entry.ref));
  return {
    tool: afterResult.tool,
    specs,
    project: inProject ? { name: before.root.name, version: before.root.version, license: policy.context.projectLicense ?? before.root.license } : null,
    policy: { preset: policy.preset, source: options.policySource, distribution: policy.context.distribution },
    policyDescription: readPreset(policy.preset).description,
    additions: resolved.additions,
    components: afterResult.components.filter((component) => addedRefSet.has(component.ref)),
    diff,
    deprecated: resolved.deprecated.filter((entry) => addedRefSet.has(entry.ref)),
    notes,
  };
}

async function projectInventory(projectDir: string, readText: boolean, notes: string[]): Promise<Inventory> {
  try {
    return await walkNpmProject(projectDir, { lockfileOnly: false, omit: new Set(), workspaces: [], readText });
  } catch (error) {
    if (!(error instanceof LicitInputError) || error.code !== 'no-lockfile') throw error;
    notes.push('the project has no lockfile and nothing installed: the packages are judged on their own, against the project\'s policy');
    const manifest = JSON.parse(readInputText(join(projectDir, 'package.json'), 'package.json')) as { name?: unknown; license?: unknown };
    return blankInventory(typeof manifest.name === 'string' && manifest.name ? manifest.name : basename(projectDir), typeof manifest.license === 'string' ? manifest.license : null);
  }
}

function blankInventory(name: string, license: string | null): Inventory {
  return {
    root: { name, version: null, license, purl: npmPurl(name, null), workspaces: [], dependsOn: [] },
    components: [],
    mode: 'virtual',
    problems: [],
  };
}
