// THIRD-PARTY-NOTICES: every license text and NOTICE file of the shipped packages, each distinct text once
// with the packages it covers. Pure: the texts come in already read; the output depends on nothing else.
import type { ToolInfo } from '../model/index.js';
import { markdownCode, markdownText } from './escape.js';
import { compareText } from '../model/order.js';

export type NoticeFormat = 'markdown' | 'text';

export interface NoticeText {
  kind: 'license' | 'notice';
  /** What the text is: the SPDX expression recognised in it, or null (shown as the package's license). */
  license: string | null;
  /** `LICENSE` (a file of the package) or null when it is the SPDX reference text. */
  file: string | null;
  text: string;
}

export interface NoticePackage {
  name: string;
  version: string | null;
  /** The package's concluded license (the chosen alternative of an OR). */
  license: string | null;
  texts: NoticeText[];
  /** Copyright lines found in the package's files; listed beside a reference text, which has none. */
  copyrights: string[];
  /**
   * Copyright lines from the package's metadata (authors) or source headers: shown, labelled as derived,
   * when its license texts carry none of their own (a template, or the SPDX reference text).
   */
  derivedCopyrights?: string[];
}

export interface NoticeInput {
  root: { name: string; version: string | null };
  tool: ToolInfo;
  packages: NoticePackage[];
}

interface TextGroup {
  kind: NoticeText['kind'];
  label: string;
  reference: boolean;
  text: string;
  packages: { ref: string; copyrights: string[]; derived: boolean }[];
}

export function toNotice(input: NoticeInput, format: NoticeFormat): string {
  const packages = [...input.packages].sort((a, b) => compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? ''));
  const groups = groupTexts(packages);
  const licenses = groups.filter((group) => group.kind === 'license');
  const notices = groups.filter((group) => group.kind === 'notice');
  const withoutText = packages.filter((entry) => !entry.texts.some((text) => text.kind === 'license'));
  return format === 'markdown' ? markdown(input, packages, licenses, notices, withoutText) : plainText(input, packages, licenses, notices, withoutText);
}

/**
 * One group per distinct (kind, body): a license body is compared without its copyright lines, which
 * differ from package to package, so that 84 copies of MIT are one text with 84 packages' copyright lines.
 * Packages sorted, groups by label then first package.
 */
function groupTexts(packages: NoticePackage[]): TextGroup[] {
  const groups = new Map<string, TextGroup>();
  for (const entry of packages) {
    const seen = new Set<string>();
    for (const found of entry.texts) {
      const { body, copyrights: ownLines } = found.kind === 'license' ? splitCopyrights(normaliseText(found.text)) : { body: normaliseText(found.text), copyrights: [] };
      if (body === '') continue;
      // Line wrapping does not make a body distinct (a package's 80-column MIT and the SPDX list's long lines).
      const key = `${found.kind}\u0000${body.replace(/\s+/g, ' ')}`;
      if (seen.has(key)) continue; // the same text twice in one package (LICENSE and LICENSE.md)
      seen.add(key);
      const reference = found.file === null;
      // A reference text's copyright lines are the SPDX list's samples, never the package's holders.
      const stated = unique([...(reference ? [] : ownLines), ...(found.kind === 'license' ? entry.copyrights : [])]);
      const derived = stated.length === 0 && found.kind === 'license' ? unique(entry.derivedCopyrights ?? []) : [];
      const member = { ref: refOf(entry), copyrights: stated.length > 0 ? stated : derived, derived: stated.length === 0 && derived.length > 0 };
      const group = groups.get(key);
      if (group) {
        group.packages.push(member);
        group.reference &&= reference;
      } else {
        const label = found.kind === 'notice' ? 'NOTICE' : (found.license ?? entry.license ?? 'license text');
        groups.set(key, { kind: found.kind, label, reference, text: body, packages: [member] });
      }
    }
  }
  return [...groups.values()].sort((a, b) => compareText(a.label, b.label) || compareText(a.packages[0]!.ref, b.packages[0]!.ref));
}

/** A copyright line of a license text, or a template's placeholder for one (the SPDX texts' `<year> <copyright holders>`). */
const COPYRIGHT_LINE = /^\s*(copyright\b|\(c\)\s|©)/i;
const PLACEHOLDER = /<\s*(year|copyright holders?|owner|name of (the )?(author|copyright (owner|holder))|organization)\s*>|\[(yyyy|year|name of copyright owner|fullname)\]/i;

/** The body of a license text without its copyright lines, and those lines (placeholders dropped). */
export function splitCopyrights(text: string): { body: string; copyrights: string[] } {
  const copyrights: string[] = [];
  const lines = text.split('\n').filter((line) => {
    // "Copyright notice:" is a heading, not a holder: a copyright line names a year or a (c) / © mark.
    if (!COPYRIGHT_LINE.test(line) || line.trim().length > 200 || !/\d{4}|\(c\)|©|</i.test(line)) return true;
    if (!PLACEHOLDER.test(line)) copyrights.push(line.trim());
    return false;
  });
  return { body: lines.join('\n').replace(/^\n+|\n+$/g, '').replace(/\n{3,}/g, '\n\n'), copyrights };
}

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

/** Line endings, trailing spaces and surrounding blank lines do not make a text distinct. */
export function normaliseText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function markdown(input: NoticeInput, packages: NoticePackage[], licenses: TextGroup[], notices: TextGroup[], withoutText: NoticePackage[]): string {
  const out: string[] = ['# Third-party notices', ''];
  out.push(
    `${inlineCode(rootTitle(input))} ships the third-party packages below (its production dependencies, ${packages.length} ${plural(packages.length, 'package')}). ` +
      'Each license text appears once, followed by the packages it covers.',
    '',
    `Generated by licit ${input.tool.version} (SPDX license list ${input.tool.spdxLicenseListVersion}).`,
    '',
    '## Packages',
    '',
    '| package | version | license |',
    '| --- | --- | --- |',
    ...packages.map((entry) => `| ${inlineCode(entry.name)} | ${entry.version === null ? '' : inlineCode(entry.version)} | ${entry.license === null ? '(none)' : inlineCode(entry.license)} |`),
    '',
  );
  if (licenses.length > 0) out.push('## Licenses', '');
  for (const group of licenses) out.push(...markdownGroup(group));
  if (notices.length > 0) out.push('## Notices', '', 'NOTICE files, reproduced as their licenses (Apache-2.0 section 4(d)) require.', '');
  for (const group of notices) out.push(...markdownGroup(group));
  if (withoutText.length > 0) {
    out.push('## Packages without a license text', '', 'No license text was found for these packages and none could be supplied from the SPDX list:', '');
    out.push(...withoutText.map((entry) => `- ${inlineCode(refOf(entry))}: ${entry.license === null ? 'no license found' : inlineCode(entry.license)}`), '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function markdownGroup(group: TextGroup): string[] {
  const lines = [`### ${escapeHeading(group.label)}`, '', `Used by: ${group.packages.map((member) => inlineCode(member.ref)).join(', ')}`, ''];
  if (group.reference) lines.push('The SPDX reference text (the packages ship no license file of their own).', '');
  const holders = group.packages.filter((member) => member.copyrights.length > 0);
  if (holders.length > 0) {
    lines.push(...holders.map((member) => `- ${inlineCode(member.ref)}: ${member.copyrights.map(escapeInline).join('; ')}${member.derived ? DERIVED : ''}`), '');
  }
  const fence = '`'.repeat(Math.max(3, longestRun(group.text, '`') + 1));
  lines.push(`${fence}text`, group.text, fence, '');
  return lines;
}

const RULE = '-'.repeat(80);
/** Marks copyright lines taken from metadata or source headers, not from the license text itself. */
const DERIVED = ' (derived from the package metadata or source headers)';

function plainText(input: NoticeInput, packages: NoticePackage[], licenses: TextGroup[], notices: TextGroup[], withoutText: NoticePackage[]): string {
  const out: string[] = ['THIRD-PARTY NOTICES', '===================', ''];
  out.push(
    `${rootTitle(input)} ships the third-party packages below (its production dependencies, ${packages.length} ${plural(packages.length, 'package')}).`,
    'Each license text appears once, followed by the packages it covers.',
    `Generated by licit ${input.tool.version} (SPDX license list ${input.tool.spdxLicenseListVersion}).`,
    '',
    'PACKAGES',
    '',
    ...packages.map((entry) => `  ${refOf(entry)}  ${entry.license ?? '(none)'}`),
    '',
  );
  for (const group of [...licenses, ...notices]) {
    out.push(RULE, group.kind === 'notice' ? 'NOTICE' : group.label, `Used by: ${group.packages.map((member) => member.ref).join(', ')}`);
    if (group.reference) out.push('(SPDX reference text: the packages ship no license file of their own)');
    for (const member of group.packages.filter((candidate) => candidate.copyrights.length > 0)) out.push(`  ${member.ref}: ${member.copyrights.join('; ')}${member.derived ? DERIVED : ''}`);
    out.push('', group.text, '');
  }
  if (withoutText.length > 0) {
    out.push(RULE, 'PACKAGES WITHOUT A LICENSE TEXT', '', ...withoutText.map((entry) => `  ${refOf(entry)}: ${entry.license ?? 'no license found'}`), '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function refOf(entry: NoticePackage): string {
  return entry.version ? `${entry.name}@${entry.version}` : entry.name;
}

function rootTitle(input: NoticeInput): string {
  return input.root.version ? `${input.root.name}@${input.root.version}` : input.root.name;
}

/** A code span; a pipe escaped, as the packages table needs. */
function inlineCode(text: string): string {
  return markdownCode(text.replace(/\|/g, '\\|'));
}

const escapeInline = markdownText;

function escapeHeading(text: string): string {
  return escapeInline(text);
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

