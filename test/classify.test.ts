import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category } from '../src/model/index.js';
import { CATEGORY_ORDER, categoryRank, classifyExpression } from '../src/policy/classify.js';
import { getLicenseRecord, listLicenseIds } from '../src/policy/knowledge.js';

const rankOf = (expression: string | null): number => categoryRank(classifyExpression(expression).category);

// Expected categories, written from the licenses' terms (DESIGN.md's category table first).
const TABLE: Record<Category, string[]> = {
  permissive: [
    // DESIGN.md
    'MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'Zlib', '0BSD', 'Unlicense', 'CC0-1.0', 'BlueOak-1.0.0',
    // more of the same family
    'MIT-0', 'MIT-CMU', 'MIT-Modern-Variant', 'X11', 'BSD-1-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause-Clear',
    'BSD-3-Clause-LBNL', 'BSD-4-Clause', 'BSD-4-Clause-UC', 'BSD-Source-Code', 'Apache-1.0', 'Apache-1.1', 'AFL-3.0',
    'BSL-1.0', 'CC-BY-3.0', 'CC-BY-4.0', 'ECL-2.0', 'EFL-2.0', 'FSFAP', 'FTL', 'HPND', 'ICU', 'IJG',
    'Libpng', 'libpng-2.0', 'libtiff', 'MirOS', 'MS-PL', 'NCSA', 'NTP', 'OpenSSL', 'PHP-3.01', 'PostgreSQL', 'PSF-2.0',
    'Python-2.0', 'Ruby', 'SSH-OpenSSH', 'UPL-1.0', 'Unicode-DFS-2016', 'Unicode-3.0', 'W3C', 'WTFPL', 'X11-distribute-modifications-variant',
    'zlib-acknowledgement', 'ZPL-2.1', 'PDDL-1.0', 'CC-PDDC', 'blessing', 'curl', 'bzip2-1.0.6', 'Beerware', 'AAL', 'CECILL-B',
    'OLDAP-2.8', 'MulanPSL-2.0', 'Info-ZIP', 'ImageMagick', 'JasPer-2.0', 'SGI-B-2.0', 'Spencer-86', 'Xnet', 'OpenMDW-1.0',
  ],
  'weak-copyleft': [
    // DESIGN.md
    'LGPL-2.0-only', 'LGPL-2.0-or-later', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0-only', 'LGPL-3.0-or-later',
    'MPL-2.0', 'EPL-1.0', 'EPL-2.0', 'CDDL-1.0', 'CDDL-1.1', 'CC-BY-SA-4.0',
    // more
    'LGPL-2.1', 'LGPL-3.0', 'MPL-1.0', 'MPL-1.1', 'MPL-2.0-no-copyleft-exception', 'CPL-1.0', 'IPL-1.0', 'MS-RL', 'CECILL-C',
    'APSL-2.0', 'CC-BY-SA-3.0', 'OFL-1.1', 'CDLA-Sharing-1.0', 'CERN-OHL-W-2.0',
    'GPL-2.0-with-classpath-exception', 'LGPLLR', 'NPL-1.1', 'OSET-PL-2.1', 'SISSL', 'SPL-1.0', 'wxWindows', 'eCos-2.0',
  ],
  'strong-copyleft': [
    // DESIGN.md
    'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'EUPL-1.2', 'OSL-3.0',
    // more
    'GPL-1.0-only', 'GPL-1.0-or-later', 'GPL-2.0', 'GPL-3.0', 'AGPL-1.0-only', 'AGPL-3.0', 'EUPL-1.1', 'OSL-1.0', 'OSL-2.1', 'NPOSL-3.0',
    'CECILL-2.1', 'CC-SA-1.0', 'CERN-OHL-S-2.0', 'copyleft-next-0.3.1', 'RPL-1.5', 'Sleepycat', 'SimPL-2.0',
  ],
  'source-available': [
    // DESIGN.md
    'BUSL-1.1', 'SSPL-1.0', 'Elastic-2.0', 'PolyForm-Noncommercial-1.0.0', 'PolyForm-Small-Business-1.0.0', 'LicenseRef-scancode-commons-clause',
    'CC-BY-NC-1.0', 'CC-BY-NC-2.0', 'CC-BY-NC-3.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-NC-ND-4.0',
    // more
    'CC-BY-ND-4.0', 'FSL-1.1-MIT', 'FSL-1.1-ALv2', 'Hippocratic-2.1', 'JSON', 'SUL-1.0', 'BSD-3-Clause-No-Military-License', 'NCGL-UK-2.0',
    'LicenseRef-scancode-polyform-shield-1.0.0', 'LicenseRef-scancode-polyform-perimeter-1.0.0', 'LicenseRef-scancode-polyform-internal-use-1.0.0',
  ],
  model: [
    'LicenseRef-scancode-llama-2-license-2023', 'LicenseRef-scancode-llama-3.1-license-2024', 'LicenseRef-scancode-gemma-tou-2024-04-01',
    'LicenseRef-scancode-bigscience-open-rail-m', 'LicenseRef-scancode-qwen-2024', 'LicenseRef-scancode-falcon-2-11b-1.0',
  ],
  proprietary: ['LicenseRef-licit-unlicensed', 'LicenseRef-licit-see-license-file'],
  unknown: ['LicenseRef-licit-unknown', 'LicenseRef-not-a-known-license', 'DocumentRef-spdx-tool:LicenseRef-custom'],
};

const tableRows = Object.entries(TABLE).flatMap(([category, ids]) => ids.map((id): [string, Category] => [id, category as Category]));

describe('category order', () => {
  it('is the design order, least restrictive first', () => {
    expect(CATEGORY_ORDER).toEqual(['permissive', 'weak-copyleft', 'strong-copyleft', 'model', 'source-available', 'proprietary', 'unknown']);
  });
});

describe('classification of single ids', () => {
  it('covers at least 150 ids across every category', () => {
    expect(tableRows.length).toBeGreaterThanOrEqual(150);
    expect(new Set(tableRows.map(([, category]) => category))).toEqual(new Set(CATEGORY_ORDER));
  });

  it.each(tableRows)('%s is %s', (id, category) => {
    expect(classifyExpression(id).category).toBe(category);
  });

  it('tags public-domain dedications among the permissive', () => {
    for (const id of ['CC0-1.0', 'Unlicense', 'PDDL-1.0']) expect(getLicenseRecord(id)?.flags.publicDomain, id).toBe(true);
    expect(getLicenseRecord('MIT')?.flags.publicDomain).toBeUndefined();
  });

  it('puts every installed LGPL in weak copyleft and every GPL without an exception in strong copyleft', () => {
    const ids = listLicenseIds();
    for (const id of ids.filter((i) => i.startsWith('LGPL-'))) expect(classifyExpression(id).category, id).toBe('weak-copyleft');
    for (const id of ids.filter((i) => /^(A?GPL-\d)/.test(i) && !i.includes('-with-'))) {
      expect(classifyExpression(id).category, id).toBe('strong-copyleft');
    }
  });

  it('gives AGPL network-use disclosure and CC-BY-NC the non-commercial restriction', () => {
    for (const id of ['AGPL-3.0-only', 'AGPL-3.0-or-later']) expect(classifyExpression(id).obligations, id).toContain('network-use-disclosure');
    expect(classifyExpression('GPL-3.0-only').obligations).not.toContain('network-use-disclosure');
    const nonCommercial = listLicenseIds().filter((id) => id.startsWith('CC-BY-NC-'));
    expect(nonCommercial.length).toBeGreaterThan(10);
    for (const id of nonCommercial) {
      const { category, restrictions } = classifyExpression(id);
      expect(category, id).toBe('source-available');
      expect(restrictions, id).toContain('non-commercial');
    }
  });

  it('gives every permissive license without a public-domain flag at least the license text or the copyright', () => {
    const noticeTerms = ['include-license-text', 'include-copyright'];
    for (const id of ['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'Zlib', 'BlueOak-1.0.0', 'X11', 'PostgreSQL']) {
      expect(classifyExpression(id).obligations.some((term) => noticeTerms.includes(term)), id).toBe(true);
    }
  });
});

describe('expressions', () => {
  it('OR takes the less restrictive alternative', () => {
    const result = classifyExpression('MIT OR GPL-3.0-only');
    expect(result.category).toBe('permissive');
    expect(result.obligations).not.toContain('same-license-work');
    expect(result.licenses).toEqual(['MIT']);
  });

  it('AND takes the most restrictive category and the union of obligations', () => {
    const mit = classifyExpression('MIT');
    const gpl = classifyExpression('GPL-3.0-only');
    const both = classifyExpression('MIT AND GPL-3.0-only');
    expect(both.category).toBe('strong-copyleft');
    expect(both.obligations).toEqual([...new Set([...mit.obligations, ...gpl.obligations])].sort());
    expect(both.licenses).toEqual(['MIT', 'GPL-3.0-only']);
  });

  it('WITH applies the exception: GPL-2.0-only WITH Classpath-exception-2.0 is weaker than GPL-2.0-only', () => {
    const plain = classifyExpression('GPL-2.0-only');
    const withException = classifyExpression('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(categoryRank(withException.category)).toBeLessThan(categoryRank(plain.category));
    expect(withException.category).toBe('weak-copyleft');
    expect(withException.obligations).not.toContain('same-license-work');
    expect(withException.obligations).toContain('disclose-source');
  });

  it('WITH a linking exception lowers GPL for the common exceptions', () => {
    for (const exception of ['Classpath-exception-2.0', 'GCC-exception-3.1', 'Linux-syscall-note', 'Bison-exception-2.2', 'Autoconf-exception-3.0', 'OpenJDK-assembly-exception-1.0', 'eCos-exception-2.0', 'u-boot-exception-2.0']) {
      expect(classifyExpression(`GPL-2.0-or-later WITH ${exception}`).category, exception).toBe('weak-copyleft');
    }
  });

  it('WITH an exception that relaxes nothing of the base leaves it as it is', () => {
    expect(classifyExpression('Apache-2.0 WITH LLVM-exception')).toMatchObject({ category: 'permissive', obligations: classifyExpression('Apache-2.0').obligations });
    expect(classifyExpression('GPL-3.0-only WITH Universal-FOSS-exception-1.0').category).toBe('strong-copyleft');
  });

  it('X+ keeps the base license category', () => {
    expect(classifyExpression('GPL-2.0+').category).toBe('strong-copyleft');
    expect(classifyExpression('LGPL-2.1+').category).toBe('weak-copyleft');
    expect(classifyExpression('Apache-2.0+').category).toBe('permissive');
  });

  it('an unknown LicenseRef, unparsable text or no expression is unknown', () => {
    for (const expression of ['LicenseRef-my-company-eula', 'not a license expression', 'MIT AND', '', null]) {
      expect(classifyExpression(expression).category, String(expression)).toBe('unknown');
    }
    expect(classifyExpression('MIT AND LicenseRef-my-company-eula').category).toBe('unknown');
    expect(classifyExpression('MIT OR LicenseRef-my-company-eula').category).toBe('permissive');
  });

  it('nested expressions combine both rules', () => {
    expect(classifyExpression('(MIT OR GPL-2.0-only) AND LGPL-2.1-only').category).toBe('weak-copyleft');
    expect(classifyExpression('(GPL-2.0-only OR BUSL-1.1) AND MIT').category).toBe('strong-copyleft');
    expect(classifyExpression('CC-BY-NC-4.0 AND MIT').restrictions).toContain('non-commercial');
  });

  it('returns copies: changing a result does not change the next one', () => {
    classifyExpression('MIT').obligations.push('royalty');
    expect(classifyExpression('MIT').obligations).not.toContain('royalty');
  });
});

describe('properties over random ids', () => {
  const ids = listLicenseIds();
  const anyId = fc.constantFrom(...ids);

  it('A OR B is never more restrictive than A, and A AND B never less restrictive than A', () => {
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        expect(rankOf(`${a} OR ${b}`)).toBeLessThanOrEqual(rankOf(a));
        expect(rankOf(`${a} AND ${b}`)).toBeGreaterThanOrEqual(rankOf(a));
      }),
      { numRuns: 300 },
    );
  });

  it('A AND B carries every obligation of A and of B', () => {
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        const both = classifyExpression(`${a} AND ${b}`).obligations;
        expect(both).toEqual(expect.arrayContaining([...classifyExpression(a).obligations, ...classifyExpression(b).obligations]));
      }),
      { numRuns: 200 },
    );
  });

  it('A OR B is the same as B OR A in category', () => {
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        expect(rankOf(`${a} OR ${b}`)).toBe(rankOf(`${b} OR ${a}`));
      }),
      { numRuns: 200 },
    );
  });
});
