// `licit scan --base <ref>`: the same scan run twice, over the base revision (materialised from git into a
// temporary directory) and over the head, then compared. Both runs judge with the head's policy, so the
// difference is what the change does to the tree, not what it does to the config.
import { LicitInputError, type ScanResult } from '../model/index.js';
import { diffScans } from '../policy/diff.js';
import { materialiseBaseRevision } from '../walk/git-base.js';
import { runScan, type EvaluationSettings, type ScanOptions } from './scan-pipeline.js';
import type { Progress } from './terminal.js';

/** Reasons the base has nothing to compare with: the change then brings everything. */
const EMPTY_BASE_CODES = new Set(['no-lockfile', 'no-manifest', 'no-workspace', 'invalid-json', 'foreign-lockfile']);

export interface BaseScanOptions {
  ref: string;
  all: boolean;
  progress: Progress;
}

/** `scanOptions.fetchManifest` (`--online`) is asked only about package versions the base does not have. */
export async function scanAgainstBase(
  directory: string,
  scanOptions: ScanOptions,
  settings: EvaluationSettings,
  options: BaseScanOptions,
): Promise<ScanResult> {
  options.progress.phase(`reading ${options.ref} from git`);
  const revision = materialiseBaseRevision(directory, options.ref);
  let base: ScanResult | null = null;
  try {
    if (revision.directory) {
      options.progress.phase(`scanning ${options.ref}`);
      base = await scanBase(revision.directory, scanOptions, settings);
    }
  } finally {
    revision.cleanup();
  }
  const known = new Set((base?.components ?? []).map((component) => component.ref));
  const { fetchManifest } = scanOptions;
  // The gate compares dependency trees; models are found in the project's files, which the base
  // revision does not materialise, so both sides leave them to full scans.
  const headOptions: ScanOptions = {
    ...scanOptions,
    models: false,
    fetchManifest: fetchManifest && ((name, version) => (known.has(`${name}@${version}`) ? Promise.resolve(null) : fetchManifest(name, version))),
  };
  options.progress.phase('scanning HEAD');
  const head = await runScan(directory, headOptions, settings);
  return diffScans(base, head, {
    base: { ref: options.ref, commit: revision.commit, lockfile: base !== null },
    all: options.all,
    severities: settings.policy.rules,
  });
}

/** The base from its lockfile alone (nothing is installed there), or null when it has no project to scan. */
async function scanBase(directory: string, scanOptions: ScanOptions, settings: EvaluationSettings): Promise<ScanResult | null> {
  try {
    return await runScan(directory, { ...scanOptions, lockfileOnly: true, fetchManifest: undefined, models: false }, settings);
  } catch (error) {
    if (error instanceof LicitInputError && EMPTY_BASE_CODES.has(error.code)) return null;
    throw error;
  }
}
