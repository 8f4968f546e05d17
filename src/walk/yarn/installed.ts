import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { mapConcurrent } from '../map-concurrent.js';
import { manifestFromBytes, readInstalledManifest } from '../installed-manifest.js';
import type { NpmWalkOptions } from '../npm.js';
import type { PackageListing } from '../package-license.js';
import type { InstalledPackages } from '../pnpm/index.js';
import type { PnpmLockfile } from '../pnpm/lockfile.js';
import type { YarnInstall } from './install.js';
import { readZipPackage, type ZipPackage } from './zip-package.js';

const CONCURRENT_ZIPS = 16;

/**
 * Where each locked package is in a Yarn berry install, and the read options that reach into
 * Plug'n'Play zips: a package inside `.yarn/cache/<x>.zip/node_modules/<name>` is reported at that
 * path (as Yarn's own runtime names it) and its package.json and license files are read from the zip.
 */
export async function yarnInstalledPackages(
  directory: string,
  install: YarnInstall,
  lockfile: PnpmLockfile,
  options: NpmWalkOptions,
): Promise<{ store: InstalledPackages; options: NpmWalkOptions }> {
  const place = (key: string): string | null => {
    for (const location of install.locations.get(key) ?? []) {
      const path = join(directory, location);
      if (location.includes('.zip/') || existsSync(join(path, 'package.json'))) return path;
    }
    return null;
  };
  const zipped = new Map<string, ZipPackage | { error: string }>();
  const inZips = [...lockfile.packages.keys()].map(place).filter((path): path is string => path !== null && /\.zip\//.test(relative(directory, path).split(sep).join('/')));
  await mapConcurrent([...new Set(inZips)], CONCURRENT_ZIPS, async (path) => {
    const at = path.lastIndexOf('.zip') + '.zip'.length;
    try {
      zipped.set(path, await readZipPackage(path.slice(0, at), `${path.slice(at + 1).split(sep).join('/')}/`));
    } catch (error) {
      zipped.set(path, { error: (error as NodeJS.ErrnoException).code ?? 'unreadable-zip' });
    }
  });
  if (zipped.size === 0) return { store: { locate: place }, options };

  const store: InstalledPackages = {
    locate: place,
    readManifest: (path) => {
      const held = zipped.get(path);
      if (!held) return readInstalledManifest(path);
      if ('error' in held) return { error: held.error };
      const manifest = held.files.get('package.json');
      return manifest ? manifestFromBytes(manifest.bytes, manifest.truncated) : { error: 'ENOENT' };
    },
  };
  const identifyText = options.identifyText ?? (options.readText ? (await import('../license-text.js')).createTextIdentifier() : undefined);
  const heldFile = (path: string): { bytes: Buffer; truncated: boolean } | undefined => {
    const cut = path.lastIndexOf(sep);
    const held = zipped.get(path.slice(0, cut));
    return held && 'files' in held ? held.files.get(path.slice(cut + 1)) : undefined;
  };
  const zipAware = identifyText && identifyText.bytes
    ? Object.assign(
        async (path: string) => {
          const held = heldFile(path);
          return held ? identifyText.bytes!(held.bytes, held.truncated, path) : identifyText(path);
        },
        { section: identifyText.section, bytes: identifyText.bytes },
      )
    : identifyText;
  const listedFiles = (path: string): PackageListing | undefined => {
    const held = zipped.get(path);
    if (!held) return options.listedFiles?.(path);
    // A README's License section is not read from a zip (its reader takes files from the disk).
    const licenseFiles = 'files' in held ? [...held.files.keys()].filter((name) => name !== 'package.json') : [];
    return { licenseFiles, modelFiles: [], readmeFiles: [], links: new Set() };
  };
  return { store, options: { ...options, identifyText: zipAware, listedFiles } };
}
