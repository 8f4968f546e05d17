// `licit scan --base <ref>`: the same scan run twice, over the base revision (materialised from git into a
// temporary directory) and over the head, then compared. Both runs judge with the head's policy, so the
// difference is what the change does to the tree, not what it does to the config. The two sides are read at
// once, and judged on the same evidence: the base borrows the head's reading of every package version both
// have (the base's node_modules is gone; see policy/same-evidence.ts).
import { LicitInputError, type Inventory, type ScanResult } from '../model/index.js';
import { diffScans } from '../policy/diff.js';
import { withHeadEvidence } from '../policy/same-evidence.js';
import { materialiseBaseRevision } from '../walk/git-base.js';
import { lockfileEntries } from '../walk/lockfile-entries.js';
import { evaluateInventory, walkInventory, type EvaluationSettings, type ScanOptions } from './scan.js';

/** Reasons the base has nothing to compare with: the change then brings everything. */
const EMPTY_BASE_CODES = new Set(['no-lockfile', 'no-manifest', 'no-workspace', 'invalid-json', 'foreign-lockfile']);

export interface BaseScanOptions {
  ref: string;
  all: boolean;
  /** Told each phase as it starts (the CLI's progress line on a terminal). */
  progress?: { phase(label: string): void };
}

/** `scanOptions.fetchManifest` (`--online`) is asked only about package versions the base does not have. */
export async function scanAgainstBase(
  directory: string,
  scanOptions: ScanOptions,
  settings: EvaluationSettings,
  options: BaseScanOptions,
): Promise<ScanResult> {
  options.progress?.phase(`scanning ${options.ref} and HEAD`);
  // git answers while the head is walked: the base's walk starts once its files are out of git.
  const materialised = materialiseBaseRevision(directory, options.ref);
  const baseWalk = materialised.then((revision) => (revision.directory ? walkBase(revision.directory, scanOptions, settings) : null));
  // A failed base walk is reported by the await below, not as this promise's unhandled rejection.
  const baseRefs = baseWalk.then(
    (inventory) => new Set((inventory?.components ?? []).map((component) => component.ref)),
    () => new Set<string>(),
  );
  const { fetchManifest } = scanOptions;
  // The gate compares dependency trees; models are found in the project's files, which the base
  // revision does not materialise, so both sides leave them to full scans.
  const headOptions: ScanOptions = {
    ...scanOptions,
    models: false,
    fetchManifest: fetchManifest && (async (name, version) => ((await baseRefs).has(`${name}@${version}`) ? null : fetchManifest(name, version))),
  };
  const headWalk = walkInventory(directory, headOptions, settings);
  // A bad ref is the error to report, even when the head's walk fails too.
  headWalk.catch(() => undefined);
  const revision = await materialised;
  let base: Inventory | null;
  let head: Inventory;
  try {
    [base, head] = await Promise.all([baseWalk, headWalk]);
  } finally {
    revision.cleanup();
  }
  return diffScans(base && evaluateInventory(withHeadEvidence(base, head), settings), evaluateInventory(head, settings), {
    base: { ref: options.ref, commit: revision.commit, lockfile: base !== null },
    all: options.all,
    severities: settings.policy.rules,
    ...(head.mode === 'actual' ? { headLockfileNames: lockfileEntries(directory).names } : {}),
  });
}

/** The base from its lockfile alone (nothing is installed there), or null when it has no project to scan. */
async function walkBase(directory: string, scanOptions: ScanOptions, settings: EvaluationSettings): Promise<Inventory | null> {
  try {
    return await walkInventory(directory, { ...scanOptions, lockfileOnly: true, fetchManifest: undefined, models: false }, settings);
  } catch (error) {
    if (error instanceof LicitInputError && EMPTY_BASE_CODES.has(error.code)) return null;
    throw error;
  }
}
