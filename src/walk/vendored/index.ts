// Vendored directories as components: third-party code copied into the tree (vendor/, third_party/, deps/…,
// or any directory with its own license file, README.chromium, *.ABOUT or package.json). Each is one
// component with its license files, metadata where it has some, a tally of its files' license headers
// and its copyright lines.
import { join } from 'node:path';
import { normaliseDeclaredLicense } from '../../licenses/metadata.js';
import { joinExpressions } from '../../model/spdx-expression.js';
import { ownValue, setOwn, readBounded, type Component, type LicenseFileEvidence, type TreeProblem } from '../../model/index.js';
import type { TextIdentifier } from '../package-license.js';
import { isLicenseFileName } from '../package-file-names.js';
import { basenameOf, parentOf } from '../audit/layout.js';
import type { SourceReading } from '../source/index.js';

const MAX_METADATA_BYTES = 256 * 1024;
/** The tally's key for files whose head names no license. */
export const NO_HEADER = 'none';

export interface VendoredDirectory {
  directory: string;
  files: string[];
}

interface VendoredMetadata {
  name: string | null;
  version: string | null;
  license: string | null;
  homepage: string | null;
  copyrights: string[];
}

export async function vendoredComponents(
  root: string,
  directories: readonly VendoredDirectory[],
  headers: ReadonlyMap<string, SourceReading>,
  rootName: string,
  identify: TextIdentifier,
): Promise<{ components: Component[]; problems: TreeProblem[] }> {
  const problems: TreeProblem[] = [];
  const components: Component[] = [];
  for (const { directory, files } of directories) {
    const ref = `vendored:${directory}`;
    const own = files.filter((file) => parentOf(file) === directory);
    const licenseFiles: LicenseFileEvidence[] = [];
    for (const file of own.filter((path) => isLicenseFileName(basenameOf(path)))) {
      const { binary, truncated, error, ...evidence } = await identify(join(root, file));
      const name = basenameOf(file);
      if (error) problems.push({ rule: 'unreadable-license-file', code: 'unreadable', package: ref, path: directory, args: { file: name, error } });
      else if (binary) problems.push({ rule: 'unreadable-license-file', code: 'binary', package: ref, path: directory, args: { file: name } });
      else if (truncated) problems.push({ rule: 'unreadable-license-file', code: 'too-large', package: ref, path: directory, args: { file: name } });
      licenseFiles.push({ path: name, ...evidence });
    }
    const metadata = readMetadata(root, own);
    const tally: Record<string, number> = {};
    const headerLicenses = new Set<string>();
    const copyrights = new Set([...metadata.copyrights, ...licenseFiles.flatMap((file) => file.copyrights ?? [])]);
    for (const file of files) {
      const reading = headers.get(file);
      if (!reading) continue;
      const expression = reading.identification?.expression ?? null;
      setOwn(tally, expression ?? NO_HEADER, (ownValue(tally, expression ?? NO_HEADER) ?? 0) + 1);
      if (expression) headerLicenses.add(expression);
      for (const line of reading.identification?.copyrights ?? []) copyrights.add(line);
    }
    const declared = metadata.license ? normaliseDeclaredLicense({ license: metadata.license }) : null;
    for (const problem of declared?.problems ?? []) problems.push({ rule: 'invalid-license-metadata', code: problem.code, package: ref, path: directory, args: problem.args });
    // No license file and no metadata: the headers are all the evidence there is (several join with AND).
    const fromHeaders = licenseFiles.length === 0 && !declared?.expression ? joinExpressions([...headerLicenses].sort(), 'AND') : null;
    const name = metadata.name ?? (basenameOf(directory) || directory);
    components.push({
      kind: 'vendored',
      ref,
      name,
      version: metadata.version,
      purl: `pkg:generic/${encodeURIComponent(name)}${metadata.version ? `@${encodeURIComponent(metadata.version)}` : ''}?vcs_path=${encodeURIComponent(directory)}`,
      scopes: ['prod'],
      direct: true,
      paths: [directory],
      via: [rootName, name],
      license: {
        declared: declared?.declared ?? null,
        expression: declared?.expression ?? fromHeaders,
        source: declared?.expression ? 'metadata' : fromHeaders ? 'file' : 'none',
        files: licenseFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      },
      category: 'unknown',
      dependsOn: [],
      ...(metadata.homepage ? { homepage: metadata.homepage } : {}),
      ...(copyrights.size > 0 ? { copyrights: [...copyrights].sort() } : {}),
      headers: Object.fromEntries(Object.entries(tally).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    });
  }
  return { components, problems };
}

/** Name, version and license from README.chromium, *.ABOUT or package.json (the first that gives each). */
function readMetadata(root: string, own: readonly string[]): VendoredMetadata {
  const out: VendoredMetadata = { name: null, version: null, license: null, homepage: null, copyrights: [] };
  const take = (key: 'name' | 'version' | 'license' | 'homepage', value: unknown): void => {
    if (out[key] === null && typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
  };
  for (const file of own) {
    const name = basenameOf(file);
    const text = readText(join(root, file));
    if (text === null) continue;
    if (/^README\.chromium$/i.test(name) || /^METADATA\.chromium$/i.test(name)) {
      const fields = colonFields(text);
      take('name', fields.get('name'));
      take('version', fields.get('version'));
      take('license', fields.get('license'));
      take('homepage', fields.get('url'));
    } else if (/\.ABOUT$/i.test(name)) {
      // AboutCode's ABOUT files: YAML key: value pairs.
      const fields = colonFields(text);
      take('name', fields.get('name'));
      take('version', fields.get('version'));
      take('license', fields.get('license_expression') ?? fields.get('license_spdx') ?? fields.get('license'));
      take('homepage', fields.get('homepage_url') ?? fields.get('download_url'));
      const copyright = fields.get('copyright');
      if (copyright) out.copyrights.push(copyright);
    } else if (name === 'package.json') {
      try {
        const manifest = JSON.parse(text) as Record<string, unknown>;
        take('name', manifest.name);
        take('version', manifest.version);
        take('license', manifest.license);
        take('homepage', manifest.homepage);
      } catch {
        // A broken package.json says nothing; the license files still do.
      }
    }
  }
  return out;
}

function colonFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z_][\w -]*?)\s*:\s*(.*)$/.exec(line);
    if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!.replace(/^["']|["']$/g, ''));
  }
  return fields;
}

function readText(path: string): string | null {
  try {
    const { bytes } = readBounded(path, MAX_METADATA_BYTES);
    return bytes.includes(0) ? null : bytes.toString('utf8');
  } catch {
    return null;
  }
}
