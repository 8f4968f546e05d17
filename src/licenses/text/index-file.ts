// The committed form of the reference index, three files (Brotli-compressed):
//   rules/text-index/index.json.br   TextIndexHeader: the references, names, and the fast path
//   rules/text-index/shingles.bin.br the shingle table, loaded only when a text misses the fast path
//   rules/text-index/shingles-scancode.bin.br  the table of ScanCode's texts, loaded only when text is
//                                    left unexplained by the first
// The shingle table is stored as little-endian typed arrays, so that loading it is a view over the
// decompressed buffer rather than a parse:
//   "LTX1"  uint32 keyCount  uint32 postingCount  uint32 0
//   bucketCounts (uint8 × BUCKETS)  keyLows (uint16 × keyCount)  postingCounts (uint16 × keyCount)
//   postings (uint16 × postingCount), each padded to 4 bytes

import type { ReferenceMatch } from './match-references.js';
import { BUCKETS, type ReferenceEntry, type ShingleTable } from './reference-index.js';

export interface TextIndexHeader {
  format: number;
  spdxLicenseListPackage: string;
  references: ReferenceEntry[];
  /** SPDX license id -> full name, for recognising names in license statements. */
  names: Record<string, string>;
  /** Deprecated SPDX id -> the expression reported for it. */
  replacements: Record<string, string>;
  /** License-name key (statements.ts) -> the id it names, or null when two licenses claim it. */
  nameKeys: [string, string | null][];
  /** Sizes of the shingle tables, to check that the files belong together. */
  shingles: { keyCount: number; postingCount: number };
  scancodeShingles: { keyCount: number; postingCount: number };
  /** wordsKey(words) -> what matchReferences gives for those words (fast-path.ts). */
  fastPath: [string, ReferenceMatch[]][];
}

export const INDEX_FORMAT = 3;
const MAGIC = 'LTX1';
const PREAMBLE_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const padded = (length: number): number => (length + 3) & ~3;

export function encodeShingleTable(table: ShingleTable): Buffer {
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(MAGIC, 'latin1');
  preamble.writeUInt32LE(table.keyLows.length, 4);
  preamble.writeUInt32LE(table.postings.length, 8);
  const sections = [table.bucketCounts, table.keyLows, table.postingCounts, table.postings].map((section) => {
    const bytes = Buffer.alloc(padded(section.byteLength));
    if (section instanceof Uint8Array) bytes.set(section);
    else section.forEach((value, at) => bytes.writeUInt16LE(value, at * 2));
    return bytes;
  });
  return Buffer.concat([preamble, ...sections]);
}

export function decodeShingleTable(input: Buffer, expected: TextIndexHeader['shingles']): ShingleTable {
  if (input.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a licit shingle table');
  // Typed-array views need aligned offsets; a decompressed buffer normally starts a fresh allocation.
  const bytes = input.byteOffset % 4 === 0 ? input : Buffer.from(input);
  const keyCount = bytes.readUInt32LE(4);
  const postingCount = bytes.readUInt32LE(8);
  if (keyCount !== expected.keyCount || postingCount !== expected.postingCount) {
    throw new Error('rules/text-index: the shingle table does not belong to the index: rebuild both');
  }
  let at = PREAMBLE_BYTES;
  const section = <T>(length: number, width: number, view: (offset: number) => T): T => {
    const result = view(bytes.byteOffset + at);
    at += padded(length * width);
    return result;
  };
  const u16 = (length: number): Uint16Array =>
    section(length, 2, (offset) =>
      LITTLE_ENDIAN
        ? new Uint16Array(bytes.buffer, offset, length)
        : Uint16Array.from({ length }, (_, index) => bytes.readUInt16LE(offset - bytes.byteOffset + index * 2)),
    );
  const bucketCounts = section(BUCKETS, 1, (offset) => new Uint8Array(bytes.buffer, offset, BUCKETS));
  const keyLows = u16(keyCount);
  const postingCounts = u16(keyCount);
  const postings = u16(postingCount);
  if (at !== bytes.length) throw new Error('rules/text-index: the shingle table has an unexpected length');
  return { bucketCounts, keyLows, postingCounts, postings };
}
