import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The manifest fields licit reads; everything else a registry returns is dropped. */
export const MANIFEST_FIELDS = ['name', 'version', 'license', 'licenses', 'description', 'homepage', 'repository'] as const;

export type SlimManifest = Record<string, unknown> & { name: string; version: string };

interface CacheEntry {
  /** The registry the manifest came from: the same name@version elsewhere is another package. */
  registry: string;
  manifest: SlimManifest;
}

export function slimManifest(full: Record<string, unknown>, name: string, version: string): SlimManifest {
  const slim: SlimManifest = { name, version };
  for (const field of MANIFEST_FIELDS) {
    if (field !== 'name' && field !== 'version' && full[field] !== undefined) slim[field] = full[field];
  }
  return slim;
}

/**
 * licit's own manifest cache: one small JSON file per name@version under `<cacheDir>/manifests/`.
 * A published version never changes, so an entry is valid for as long as the registry is the same.
 */
export class ManifestCache {
  private readonly directory: string;

  constructor(cacheDir: string) {
    this.directory = join(cacheDir, 'manifests');
  }

  fileFor(name: string, version: string): string {
    return join(this.directory, `${encodeSegment(name)}@${encodeSegment(version)}.json`);
  }

  read(name: string, version: string, registry: string): SlimManifest | null {
    let entry: Partial<CacheEntry>;
    try {
      entry = JSON.parse(readFileSync(this.fileFor(name, version), 'utf8')) as Partial<CacheEntry>;
    } catch {
      return null; // absent or damaged: a miss, rewritten after the next fetch
    }
    const manifest = entry.manifest;
    if (entry.registry !== registry || !manifest || manifest.name !== name || manifest.version !== version) return null;
    return manifest;
  }

  /** Written atomically (temp file + rename) so a concurrent or interrupted run never sees half a file. */
  write(registry: string, manifest: SlimManifest): void {
    const file = this.fileFor(manifest.name, manifest.version);
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const entry: CacheEntry = { registry, manifest };
    mkdirSync(this.directory, { recursive: true });
    try {
      writeFileSync(temporary, `${JSON.stringify(entry)}\n`);
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}

/**
 * A file-name-safe, collision-free spelling of a package name or version on every file system:
 * upper case becomes `!` + lower case (case-insensitive disks keep `JSONStream` and `jsonstream`
 * apart, as Go's module cache does), anything outside [a-z0-9._~@-] is percent-encoded.
 */
export function encodeSegment(text: string): string {
  return text.replace(/[^a-z0-9._~@-]/gu, (character) =>
    /[A-Z]/.test(character)
      ? `!${character.toLowerCase()}`
      : [...Buffer.from(character, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''),
  );
}
