import { createHash } from 'node:crypto';

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
