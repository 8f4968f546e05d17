import { createHash } from 'node:crypto';

/** The ids licit mints for what SPDX has no id for; each has a record in rules/licit-licenses.json. */
export const LICIT_REFS = {
  /** npm's `UNLICENSED`: not licensed for use by others. */
  unlicensed: 'LicenseRef-licit-unlicensed',
  /** `SEE LICENSE IN <file>` whose text licit does not recognise. */
  seeLicenseFile: 'LicenseRef-licit-see-license-file',
  /** Nothing found: what an unknown license classifies as. */
  unknown: 'LicenseRef-licit-unknown',
} as const;

/** npm's `UNLICENSED` (either spelling), which spdx-correct would misread as `Unlicense`. */
export function isUnlicensedValue(value: string): boolean {
  return /^unlicen[cs]ed$/i.test(value.trim());
}

const MAX_SLUG = 48;

/** A stable `LicenseRef-licit-…` id for a non-SPDX license value (same value, same id). */
export function mintLicenseRef(raw: string): string {
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const shortened = slug.slice(0, MAX_SLUG).replace(/[-.]+$/, '');
  const needsHash = shortened.length === 0 || shortened !== slug || slug !== raw.toLowerCase();
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 8);
  return `LicenseRef-licit-${needsHash ? `${shortened || 'value'}-${hash}` : shortened}`;
}
