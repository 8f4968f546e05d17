// Python components: installed distributions (their core metadata and License-File texts) and the names and
// versions that requirements*.txt, poetry.lock, uv.lock and Pipfile.lock pin (license unknown unless installed).
import { join } from 'node:path';
import { normaliseDeclaredLicense } from '../../licenses/metadata.js';
import { readRules } from '../../knowledge/index.js';
import { readBounded, type Component, type LicenseFileEvidence, type TreeProblem } from '../../model/index.js';
import type { TextIdentifier } from '../package-license.js';
import { basenameOf } from '../audit/layout.js';
import { normalisedName, parseCoreMetadata, pypiPurl } from './metadata.js';
import { MalformedManifestError, pinnedRequirements, type PinnedRequirement } from './manifests.js';

const MAX_METADATA_BYTES = 4 * 1024 * 1024;
/** A `License` field longer than this is a license text, identified as one. */
const MAX_LICENSE_NAME = 120;

let classifierTable: Map<string, string> | undefined;

/** rules/python-classifiers.json: trove classifier -> the value read as the declared license. */
export function pythonClassifierLicenses(): ReadonlyMap<string, string> {
  classifierTable ??= new Map(
    Object.entries(readRules('python-classifiers.json').classifiers),
  );
  return classifierTable;
}

export interface PythonWalk {
  components: Component[];
  problems: TreeProblem[];
}

export async function walkPython(root: string, installs: readonly string[], manifests: readonly string[], rootName: string, identify: TextIdentifier): Promise<PythonWalk> {
  const problems: TreeProblem[] = [];
  const byRef = new Map<string, Component>();
  for (const directory of installs) {
    const component = await installedComponent(root, directory, rootName, identify, problems);
    if (component) byRef.set(component.ref, mergePaths(byRef.get(component.ref), component));
  }
  const installedNames = new Set([...byRef.values()].map((component) => normalisedName(component.name)));
  for (const manifest of manifests) {
    let text: string;
    try {
      text = readBounded(join(root, manifest), MAX_METADATA_BYTES).bytes.toString('utf8');
    } catch (error) {
      problems.push({ rule: 'unscanned-path', code: 'permission-denied', package: null, path: manifest, args: { error: (error as NodeJS.ErrnoException).code ?? 'EIO' } });
      continue;
    }
    let pins: PinnedRequirement[];
    try {
      pins = pinnedRequirements(basenameOf(manifest), text);
    } catch (error) {
      if (!(error instanceof MalformedManifestError)) throw error;
      problems.push({ rule: 'unscanned-path', code: 'malformed-manifest', package: null, path: manifest, args: { error: error.message } });
      continue;
    }
    for (const pin of pins) {
      // An installed copy says more than a pin: its metadata and license files.
      if (installedNames.has(normalisedName(pin.name))) continue;
      const component = pinnedComponent(pin, manifest, rootName);
      byRef.set(component.ref, mergePaths(byRef.get(component.ref), component));
    }
  }
  return { components: [...byRef.values()], problems };
}

async function installedComponent(root: string, directory: string, rootName: string, identify: TextIdentifier, problems: TreeProblem[]): Promise<Component | null> {
  const file = directory.endsWith('.dist-info') ? 'METADATA' : 'PKG-INFO';
  let text: string;
  try {
    text = readBounded(join(root, directory, file), MAX_METADATA_BYTES).bytes.toString('utf8');
  } catch (error) {
    problems.push({ rule: 'unscanned-path', code: 'permission-denied', package: null, path: `${directory}/${file}`, args: { error: (error as NodeJS.ErrnoException).code ?? 'EIO' } });
    return null;
  }
  const metadata = parseCoreMetadata(text);
  const name = metadata.name ?? basenameOf(directory).replace(/-[^-]*\.(dist|egg)-info$/, '').replace(/\.(dist|egg)-info$/, '');
  const version = metadata.version;
  const ref = pypiPurl(name, version);
  const files: LicenseFileEvidence[] = [];
  for (const named of metadata.licenseFiles) {
    // PEP 639 puts License-File paths under licenses/; older wheels beside METADATA.
    for (const candidate of [`licenses/${named}`, named]) {
      if (candidate.split('/').includes('..')) continue;
      const reading = await identify(join(root, directory, candidate));
      if (reading.error === 'ENOENT') continue;
      const { error, ...rest } = reading;
      const evidence = { expression: rest.expression, confidence: rest.confidence, ...(rest.sha256 ? { sha256: rest.sha256 } : {}), ...(rest.copyrights ? { copyrights: rest.copyrights } : {}), ...(rest.parts ? { parts: rest.parts, coverage: rest.coverage } : {}) };
      if (error) problems.push({ rule: 'unreadable-license-file', code: 'unreadable', package: ref, path: directory, args: { file: candidate, error } });
      files.push({ path: candidate, ...evidence });
      break;
    }
  }
  const declaredValue = declaredLicenseOf(metadata.licenseExpression, metadata.license, metadata.licenseClassifiers);
  let declared = declaredValue === null ? null : normaliseDeclaredLicense({ license: declaredValue });
  if (declared === null && metadata.license && metadata.license.length > MAX_LICENSE_NAME) {
    // The whole license text in the field: identified like a file, recorded as METADATA's License field.
    files.push({ path: `${file}#License`, ...(await identify.section(metadata.license)) });
  }
  for (const problem of declared?.problems ?? []) {
    problems.push({ rule: 'invalid-license-metadata', code: problem.code, package: ref, path: directory, args: problem.args });
  }
  if (declared && declared.seeLicenseIn) declared = { ...declared, expression: null };
  const copyrights = [...new Set(files.flatMap((evidence) => evidence.copyrights ?? []))].sort();
  return {
    kind: 'python',
    ref,
    name,
    version,
    purl: ref,
    scopes: ['prod'],
    direct: true,
    paths: [directory],
    via: [rootName, name],
    license: { declared: declared?.declared ?? null, expression: declared?.expression ?? null, source: declared?.expression ? 'metadata' : 'none', files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) },
    category: 'unknown',
    dependsOn: [],
    evidence: [{ file: `${directory}/${file}`, line: 1 }],
    ...(copyrights.length > 0 ? { copyrights } : {}),
    ...(metadata.authors.length > 0 ? { authors: metadata.authors } : {}),
  };
}

/** License-Expression, else a short License field, else the license classifiers (joined with AND). */
function declaredLicenseOf(expression: string | null, license: string | null, classifiers: readonly string[]): string | null {
  if (expression) return expression;
  if (license && license.length <= MAX_LICENSE_NAME && !license.includes('\n')) return license;
  const table = pythonClassifierLicenses();
  // A classifier licit has no reading for stays visible in its own words (not SPDX: a finding).
  const values = [...new Set(classifiers.map((classifier) => table.get(classifier) ?? classifier.replace(/^License :: (OSI Approved :: )?/, '')))];
  return values.length === 0 ? null : values.join(' AND ');
}

function pinnedComponent(pin: PinnedRequirement, manifest: string, rootName: string): Component {
  const ref = pypiPurl(pin.name, pin.version);
  return {
    kind: 'python',
    ref,
    name: pin.name,
    version: pin.version,
    purl: ref,
    scopes: [pin.dev ? 'dev' : 'prod'],
    direct: pin.direct,
    paths: [manifest],
    via: [rootName, pin.name],
    license: { declared: null, expression: null, source: 'none', files: [] },
    category: 'unknown',
    dependsOn: [],
    evidence: [{ file: manifest, line: pin.line }],
  };
}

function mergePaths(existing: Component | undefined, next: Component): Component {
  if (!existing) return next;
  const paths = [...new Set([...existing.paths, ...next.paths])].sort();
  const evidence = [...(existing.evidence ?? []), ...(next.evidence ?? [])];
  return { ...existing, paths, evidence };
}
