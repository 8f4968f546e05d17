import yauzl from 'yauzl';
import { MAX_TEXT_BYTES } from '../../licenses/text/limits.js';
import { MAX_MANIFEST_BYTES } from '../installed-manifest.js';
import { isLicenseFileName } from '../package-file-names.js';

/** Far beyond any real package (Yarn's own cache zips hold a few thousand entries at most). */
export const MAX_ZIP_ENTRIES = 200_000;

/** The files of one package inside a zip: its package.json and license files, read into memory. */
export interface ZipPackage {
  /** File names directly in the package's folder, sorted. */
  names: string[];
  /** package.json and each license file: bytes read (at most their cap) and whether there was more. */
  files: Map<string, { bytes: Buffer; truncated: boolean }>;
}

/**
 * Reads the package at `folder` (`node_modules/<name>/`) inside a Yarn cache zip without extracting
 * anything to disk: the central directory (at most MAX_ZIP_ENTRIES entries), then package.json (at
 * most the manifest cap) and the license files (at most MAX_TEXT_BYTES each). Entry names are only
 * compared, never used as paths; yauzl refuses absolute and `..` names and checks declared sizes.
 */
export async function readZipPackage(zipPath: string, folder: string): Promise<ZipPackage> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) throw Object.assign(new Error(`${zip.entryCount} entries`), { code: 'too-many-entries' });
    const wanted = new Map<string, yauzl.Entry>();
    const names: string[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.startsWith(folder)) {
          const name = entry.fileName.slice(folder.length);
          if (name && !name.includes('/')) {
            names.push(name);
            if (name === 'package.json' || isLicenseFileName(name)) wanted.set(name, entry);
          }
        }
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    const files = new Map<string, { bytes: Buffer; truncated: boolean }>();
    for (const [name, entry] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
      files.set(name, await readEntry(zip, entry, name === 'package.json' ? MAX_MANIFEST_BYTES : MAX_TEXT_BYTES));
    }
    return { names: names.sort(), files };
  } finally {
    zip.close();
  }
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  // Only the first maxBytes (+1, to know there was more) are inflated: a zip bomb costs no more than that.
  const end = Math.min(entry.uncompressedSize, maxBytes + 1);
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
  );
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= end) break;
  }
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  const bytes = Buffer.concat(chunks).subarray(0, Math.min(length, maxBytes));
  return { bytes, truncated: entry.uncompressedSize > maxBytes || length > maxBytes };
}
