// License fields of build files whose markup the word stream loses: a POM's <licenses> (each
// <license><name>, several being a choice — the POM reference: "the user may choose any of them"),
// a nuspec's <license type="expression">, and Python metadata's `License ::` classifiers (the
// table in rules/license-statements.json "pythonClassifiers"), which stand only where no
// `License:` field is given.

import { ownValue } from '../../model/index.js';

export interface DeclaredLicenses {
  /** The license names or expressions as written. */
  names: string[];
  /** Several names offer a choice (OR); one expression stands as written. */
  choice: boolean;
  /** 1-based lines of the first and last name. */
  startLine: number;
  endLine: number;
  /** The value is an SPDX expression already (nuspec type="expression"). */
  expression: boolean;
}

const POM_LICENSES = /<licenses>([\s\S]*?)<\/licenses>/g;
const POM_NAME = /<license>[\s\S]*?<name>\s*([^<]*?)\s*<\/name>[\s\S]*?<\/license>/g;
const NUSPEC_EXPRESSION = /<license\s+type\s*=\s*["']expression["']\s*>\s*([^<]+?)\s*<\/license>/g;

const CLASSIFIER = /^Classifier:\s*(License\s*::.*?)\s*$/gm;
const LICENSE_FIELD = /^License:[ \t]*(\S.*?)\s*$/m;

/** `namesLicense`: whether a `License:` field's value names a license licit knows (then the classifiers do not count). */
export function findDeclaredLicenses(text: string, classifiers: Readonly<Record<string, string>>, namesLicense: (value: string) => boolean): DeclaredLicenses[] {
  const found: DeclaredLicenses[] = [];
  if (text.includes('Classifier:')) {
    const field = LICENSE_FIELD.exec(text);
    if (!field || !namesLicense(field[1]!)) found.push(...pythonClassifiers(text, classifiers));
  }
  if (!text.includes('<license')) return found;
  const lineAt = (offset: number): number => lineOfOffset(text, offset);
  for (const block of text.matchAll(POM_LICENSES)) {
    const start = block.index + '<licenses>'.length;
    const names = [...block[1]!.matchAll(POM_NAME)].map((entry) => ({ name: entry[1]!, offset: start + entry.index + entry[0].indexOf(entry[1]!) }));
    if (names.length === 0) continue;
    found.push({ names: names.map((entry) => entry.name), choice: names.length > 1, startLine: lineAt(names[0]!.offset), endLine: lineAt(names[names.length - 1]!.offset), expression: false });
  }
  for (const entry of text.matchAll(NUSPEC_EXPRESSION)) {
    const line = lineAt(entry.index);
    found.push({ names: [entry[1]!], choice: false, startLine: line, endLine: line, expression: true });
  }
  return found;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** The license classifiers of Python metadata, all of them (AND), as their SPDX ids; none when one is not in the table. */
function pythonClassifiers(text: string, table: Readonly<Record<string, string>>): DeclaredLicenses[] {
  const entries = [...text.matchAll(CLASSIFIER)].map((entry) => ({ id: ownValue(table, entry[1]!), line: lineOfOffset(text, entry.index) }));
  // "License :: OSI Approved" alone says nothing of which license.
  const named = entries.filter((entry, at) => entry.id !== undefined || !/^License\s*::\s*OSI Approved\s*$/.test([...text.matchAll(CLASSIFIER)][at]![1]!));
  if (named.length === 0 || named.some((entry) => entry.id === undefined)) return [];
  const ids = [...new Set(named.map((entry) => entry.id!))];
  return [{ names: [ids.join(' AND ')], choice: false, startLine: named[0]!.line, endLine: named[named.length - 1]!.line, expression: true }];
}

const LICENSE_FILE_FIELD = /^License-File:[^\n]*/gm;

/** Python metadata's `License-File:` fields name files (LICENSE.PSF), not licenses: blanked, lines kept. */
export function withoutLicenseFileFields(text: string): string {
  return text.includes('License-File:') && text.includes('Metadata-Version:') ? text.replace(LICENSE_FILE_FIELD, '') : text;
}
