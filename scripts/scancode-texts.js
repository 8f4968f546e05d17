// The ScanCode license texts licit builds into its text index (scripts/build-text-index.js) and
// gives records (scripts/build-rules.js): ../shared/data/scancode-licenses/*.LICENSE, ScanCode's
// reference texts with YAML front matter (aboutcode-org/scancode-toolkit, CC-BY-4.0). One selection
// for both scripts, so that every id the matcher can report has a record.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * ScanCode categories whose non-SPDX texts are indexed: the terms a compliance gate must name
 * (commercial, proprietary-free, source-available and use-restricted licenses). ScanCode's permissive
 * and copyleft LicenseRefs are mostly variants of SPDX texts, which would compete with them.
 */
export const INDEXED_CATEGORIES = new Set(['Commercial', 'Proprietary Free', 'Source-available', 'Free Restricted']);
/** Shorter texts are generic one-liners ("This component is licensed under a commercial contract"). */
const MIN_WORDS = 20;

/**
 * The selected texts, sorted by key: `{ key, id, name, category, text }`. `excludedKeys` are keys
 * licit already takes from elsewhere (the model-license texts).
 * @param {string} dataDir ../shared/data
 * @param {Set<string>} [excludedKeys]
 */
export function scancodeTexts(dataDir, excludedKeys = new Set()) {
  const folder = join(dataDir, 'scancode-licenses');
  if (!existsSync(folder)) throw new Error(`ScanCode license texts not found: ${folder}`);
  // The LicenseDB index is newer than the texts: a key SPDX has listed since (FSL-1.1-ALv2) is
  // matched through its SPDX text, not as a LicenseRef.
  const index = JSON.parse(readFileSync(join(dataDir, 'scancode-licensedb-index.json'), 'utf8'));
  const primaryId = new Map(index.map((entry) => [entry.license_key, entry.spdx_license_key]));
  const selected = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.LICENSE')).sort()) {
    const raw = readFileSync(join(folder, file), 'utf8');
    const parts = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(raw);
    if (!parts) throw new Error(`${file}: no YAML front matter`);
    const meta = parse(parts[1]);
    const id = meta.spdx_license_key;
    if (typeof id !== 'string' || !id.startsWith('LicenseRef-scancode-') || primaryId.get(meta.key) !== id) continue;
    // An exception of these categories is a rider that takes rights away from the license it is added
    // to (the Commons Clause on Apache-2.0): matched as terms of its own, ANDed with that license.
    if (meta.is_deprecated || meta.is_unknown || meta.is_generic) continue;
    if (!INDEXED_CATEGORIES.has(meta.category) || excludedKeys.has(meta.key)) continue;
    const text = parts[2];
    if (text.split(/\s+/).filter((word) => word.length > 0).length < MIN_WORDS) continue;
    selected.push({ key: meta.key, id, name: meta.name, category: meta.category, text });
  }
  return selected;
}
