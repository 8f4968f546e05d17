import { byText } from '../model/order.js';
export type HashAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface Digest {
  algorithm: HashAlgorithm;
  hex: string;
}

const HEX_LENGTH: Record<HashAlgorithm, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

function isHashAlgorithm(value: string): value is HashAlgorithm {
  return Object.hasOwn(HEX_LENGTH, value);
}

/**
 * The digests in a subresource-integrity string (`sha512-<base64> sha1-<base64>`), as lower-case hex,
 * one per algorithm (the first wins), sorted by algorithm. Unknown algorithms and malformed entries are skipped.
 */
export function digestsOf(integrity: string | null | undefined): Digest[] {
  const found = new Map<HashAlgorithm, string>();
  for (const entry of (integrity ?? '').trim().split(/\s+/)) {
    const match = /^([a-z0-9]+)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(entry);
    if (!match) continue;
    const algorithm = match[1]!;
    if (!isHashAlgorithm(algorithm) || found.has(algorithm)) continue;
    const hex = Buffer.from(match[2]!, 'base64').toString('hex');
    if (hex.length === HEX_LENGTH[algorithm]) found.set(algorithm, hex);
  }
  return [...found].map(([algorithm, hex]) => ({ algorithm, hex })).sort(byText((hash) => hash.algorithm));
}
