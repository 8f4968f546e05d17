import { parseResolution } from '@yarnpkg/parsers';
import { LicitInputError } from '../../model/index.js';
import { splitDescriptor } from './descriptors.js';

interface Override {
  from: { name: string; reference: string | null } | null;
  name: string;
  range: string | null;
  reference: string;
}

/** A range as Yarn stores it: a bare semver range or tag gets the default `npm:` protocol. */
export const withProtocol = (range: string): string => (/^[a-z][a-z0-9+.-]*:/i.test(range) ? range : `npm:${range}`);

/**
 * The root package.json's `resolutions` as Yarn berry applies them (plugin-essentials'
 * `reduceDependency`): `name`, `name@range`, `parent/name` and `parent@version/name` patterns,
 * parsed by Yarn's own `parseResolution`. A berry lockfile keeps each package's dependencies as
 * declared and keys the entry by the overridden descriptor, so the lookup goes through them.
 */
export function resolutionsOf(manifest: Record<string, unknown>): (name: string, range: string, from: string) => string {
  const field = manifest.resolutions;
  const overrides: Override[] = [];
  if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
    for (const [pattern, reference] of Object.entries(field as Record<string, unknown>)) {
      if (typeof reference !== 'string') continue;
      let parsed: ReturnType<typeof parseResolution>;
      try {
        parsed = parseResolution(pattern);
      } catch (error) {
        throw new LicitInputError(`package.json resolutions: ${(error as Error).message}`, 'invalid-manifest');
      }
      overrides.push({
        from: parsed.from ? { name: parsed.from.fullName, reference: parsed.from.description ? withProtocol(parsed.from.description) : null } : null,
        name: parsed.descriptor.fullName,
        range: parsed.descriptor.description ? withProtocol(parsed.descriptor.description) : null,
        reference: withProtocol(reference),
      });
    }
  }
  return (name, range, from) => {
    for (const override of overrides) {
      if (override.name !== name || (override.range !== null && override.range !== range)) continue;
      if (override.from) {
        const parent = splitDescriptor(from);
        if (parent.name !== override.from.name || (override.from.reference !== null && override.from.reference !== parent.range)) continue;
      }
      return override.reference;
    }
    return range;
  };
}
