// Names and versions pinned by Python manifests: requirements*.txt (pip), poetry.lock and uv.lock (TOML
// `[[package]]` tables), Pipfile.lock (JSON). Only what identifies a package is read. Pure.

export interface PinnedRequirement {
  name: string;
  /** The exact version pinned (`==`), or null when the manifest only constrains it. */
  version: string | null;
  line: number;
  dev: boolean;
  /** Named by the manifest itself (a requirements line), not only resolved into a lockfile. */
  direct: boolean;
}

/** Thrown for a manifest that cannot be read as its format: a finding, never an empty list. */
export class MalformedManifestError extends Error {}

export function pinnedRequirements(fileName: string, text: string): PinnedRequirement[] {
  const lower = fileName.toLowerCase();
  if (lower === 'pipfile.lock') return pipfileLock(text);
  if (lower === 'poetry.lock' || lower === 'uv.lock') return tomlPackages(text);
  return requirementsTxt(text, /dev|test/.test(lower));
}

const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(===?)\s*([^\s;,#]+))?/;

function requirementsTxt(text: string, dev: boolean): PinnedRequirement[] {
  const pins: PinnedRequirement[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    // Options (-r, -e, --hash…), URLs and paths are not names of index packages.
    if (line === '' || line.startsWith('#') || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || line.startsWith('.') || line.startsWith('/')) return;
    const match = REQUIREMENT.exec(line);
    if (!match) return;
    pins.push({ name: match[1]!, version: match[3] ?? null, line: index + 1, dev, direct: true });
  });
  return pins;
}

/** `[[package]]` tables: their `name = "…"` and `version = "…"` keys (poetry's `category = "dev"` too). */
function tomlPackages(text: string): PinnedRequirement[] {
  const pins: PinnedRequirement[] = [];
  let current: PinnedRequirement | null = null;
  const flush = (): void => {
    if (current && current.name) pins.push(current);
    current = null;
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('[')) {
      if (line === '[[package]]') {
        flush();
        current = { name: '', version: null, line: index + 1, dev: false, direct: false };
      } else if (!line.startsWith('[package.') && !line.startsWith('[[package.')) flush();
      return;
    }
    if (!current) return;
    const pair = /^(name|version|category)\s*=\s*"([^"]*)"/.exec(line);
    if (!pair) return;
    if (pair[1] === 'name' && current.name === '') current.name = pair[2]!;
    else if (pair[1] === 'version' && current.version === null) current.version = pair[2]!;
    else if (pair[1] === 'category') current.dev = pair[2] === 'dev';
  });
  flush();
  return pins;
}

function pipfileLock(text: string): PinnedRequirement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MalformedManifestError((error as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedManifestError('not a JSON object');
  const pins: PinnedRequirement[] = [];
  for (const [section, dev] of [['default', false], ['develop', true]] as const) {
    const entries = (parsed as Record<string, unknown>)[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, entry] of Object.entries(entries)) {
      const version = typeof entry === 'object' && entry !== null && typeof (entry as { version?: unknown }).version === 'string' ? (entry as { version: string }).version.replace(/^==/, '') : null;
      pins.push({ name, version, line: lineOf(text, `"${name}"`), dev, direct: false });
    }
  }
  return pins;
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at === -1 ? 1 : text.slice(0, at).split('\n').length;
}
