import { createHash } from 'node:crypto';

/** The ids licit mints for what SPDX has no id for; each has a record in rules/licit-licenses.json. */
export const LICIT_REFS = {
  /** npm's `UNLICENSED`: not licensed for use by others. */
  unlicensed: 'LicenseRef-licit-unlicensed',
  /** `SEE LICENSE IN <file>` whose text licit does not recognise. */
  seeLicenseFile: 'LicenseRef-licit-see-license-file',
  /** Nothing found: what an unknown license classifies as. */
  unknown: 'LicenseRef-licit-unknown',
  /**
   * Commercial or proprietary terms stated in package.json ("Commercial", a vendor URL). The conclusion
   * renames it per package (`proprietaryRefFor`) or to the commercial text a license file is recognised as.
   */
  proprietary: 'LicenseRef-licit-proprietary',
} as const;

/** Text in a license file that no known license explains: `LicenseRef-licit-unrecognised-<hash>`. */
export const UNRECOGNISED_REF_PREFIX = 'LicenseRef-licit-unrecognised-';

/** `LicenseRef-licit-proprietary-<package>`: the commercial terms of one package (`@vendor/x` -> `vendor-x`). */
export function proprietaryRefFor(packageName: string): string {
  const slug = packageName
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${LICIT_REFS.proprietary}-${slug || 'package'}`;
}

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
