import { readRules, type PatternEntry } from '../knowledge/index.js';

interface CompiledRules {
  commercial: RegExp[];
  openLicenseUrls: { pattern: RegExp; id: string | null }[];
  repositoryFileUrls: RegExp;
  vendorUrl: RegExp;
}

/** What a license value that is not an SPDX expression says about commercial terms (rules/commercial-metadata.json). */
export type TermsReading =
  /** The vendor's own terms: commercial, proprietary, a vendor URL. */
  | { kind: 'commercial'; vendorUrl: string | null }
  /** The URL of an open license's page; `id` is the SPDX id it names (to be checked by the caller). */
  | { kind: 'open-license-url'; id: string };

let compiled: CompiledRules | undefined;
function rules(): CompiledRules {
  if (compiled) return compiled;
  const raw = readRules('commercial-metadata.json');
  const regex = (entry: PatternEntry): RegExp => new RegExp(entry.pattern, 'i');
  compiled = {
    commercial: raw.commercial.map(regex),
    openLicenseUrls: raw.openLicenseUrls.map((entry) => ({ pattern: regex(entry), id: entry.id ?? null })),
    repositoryFileUrls: regex(raw.repositoryFileUrls),
    vendorUrl: regex(raw.vendorUrl),
  };
  return compiled;
}

/**
 * Reads a license value as commercial terms or as an open license's URL; null when it is neither
 * (a link to the package's own license file in its repository is neither: the files decide).
 */
export function readTerms(value: string): TermsReading | null {
  const text = value.trim();
  const { commercial, openLicenseUrls, repositoryFileUrls, vendorUrl } = rules();
  const url = vendorUrl.exec(text)?.groups?.url;
  if (url) {
    for (const { pattern, id } of openLicenseUrls) {
      const match = pattern.exec(url);
      if (match) return { kind: 'open-license-url', id: id ?? match.groups?.id ?? '' };
    }
    if (repositoryFileUrls.test(url)) return null;
    return { kind: 'commercial', vendorUrl: url };
  }
  if (commercial.some((pattern) => pattern.test(text))) return { kind: 'commercial', vendorUrl: /https?:\/\/[^\s,;)]+/i.exec(text)?.[0] ?? null };
  return null;
}

/** The host of a vendor URL (`www.` dropped), for messages: who to ask for a license. */
export function vendorOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
