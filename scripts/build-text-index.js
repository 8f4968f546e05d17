#!/usr/bin/env node
// Builds rules/text-index/index.json.br, shingles.bin.br and shingles-scancode.bin.br, the reference corpus of the license-text
// matcher (src/licenses/text/): every SPDX license text of spdx-license-list/full plus the AI-model
// license texts of ../shared/model-licenses, normalised by the matcher's own tokeniser, with the
// inverted shingle index over them already sorted (src/licenses/text/index-file.ts describes the
// layout) and the fast path's precomputed matches, Brotli-compressed (node:zlib). Inputs besides
// those: rules/text-index/sources.json and rules/license-statements.json (its "or later" phrases and
// license-name rules).
//
//   npm run build && node scripts/build-text-index.js [--out <dir>] [--shared <dir>]
//
// The index code is imported from the bundled matcher (dist/build-index.js), so the
// index and the matcher always normalise alike; test/text-identify.test.ts regenerates the index with
// the TypeScript source and fails when a committed file differs.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { scancodeTexts } from './scancode-texts.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where each part of the built index is written (Brotli-compressed), in the output folder. */
export const INDEX_FILES = { header: 'index.json.br', shingles: 'shingles.bin.br', scancodeShingles: 'shingles-scancode.bin.br' };
const ANCHOR_SIZES = [12, 8, 5];
const PLACEHOLDER_LINE = /^\s*insert GPL v\d (?:license )?text here\s*$/im;

/**
 * The index files' content (uncompressed: `{ header, shingles }`, see INDEX_FILES) built from the
 * installed SPDX list, the shared model-license folder, sources.json and license-statements.json,
 * with `library` (the matcher's src/licenses/text/build-index module, compiled or not).
 * @param {{ library: { tokenise: (text: string) => { words: string[]; copyrights: { text: string }[]; spdxIdentifiers: { value: string }[] }, buildIndexFiles: (source: object) => { header: Buffer, shingles: Buffer } }, sharedDir: string, root?: string }} options
 */
export function buildTextIndex({ library, sharedDir, root = repoRoot }) {
  const { tokenise } = library;
  const require = createRequire(join(root, 'package.json'));
  const spdxList = require('spdx-license-list/full');
  const spdxListPackage = require('spdx-license-list/package.json');
  const deprecated = new Set(require('spdx-license-ids/deprecated.json'));
  const sources = JSON.parse(readFileSync(join(root, 'rules/text-index/sources.json'), 'utf8'));
  const scancodeIds = readScancodeIds(sharedDir);

  /** @type {{ sourceId: string, id: string, kind: 'license' | 'exception', base?: string, words: string[], copyrights: string[], deprecated: boolean }[]} */
  const raw = [];
  const names = {};
  for (const sourceId of Object.keys(spdxList).sort()) {
    const entry = spdxList[sourceId];
    const asException = sources.deprecatedAsExceptions[sourceId];
    const text = asException ? entry.licenseText.replace(PLACEHOLDER_LINE, '') : entry.licenseText;
    const tokens = tokenise(text);
    const id = asException ? asException.exception : (sources.deprecatedReplacements[sourceId] ?? sourceId);
    if (!asException && !deprecated.has(sourceId)) names[sourceId] = entry.name;
    raw.push({
      sourceId,
      id,
      kind: asException ? 'exception' : 'license',
      ...(asException ? { base: asException.base } : {}),
      words: tokens.words,
      copyrights: tokens.copyrights.map((line) => line.text),
      identifiers: tokens.spdxIdentifiers.map((identifier) => identifier.value),
      deprecated: deprecated.has(sourceId) || sourceId.endsWith('+'),
    });
  }
  for (const file of modelLicenseFiles(sharedDir)) {
    const stem = basename(file, extname(file));
    const scancodeKey = sources.modelLicenses[stem];
    if (scancodeKey && scancodeIds && !scancodeIds.has(scancodeKey)) {
      throw new Error(`sources.json: ScanCode has no license key ${scancodeKey} (for ${stem})`);
    }
    const id = scancodeKey ? `LicenseRef-scancode-${scancodeKey}` : `LicenseRef-licit-${stem}`;
    const tokens = tokenise(readFileSync(file, 'utf8'));
    raw.push({
      sourceId: id,
      id,
      kind: 'license',
      words: tokens.words,
      copyrights: tokens.copyrights.map((line) => line.text),
      identifiers: tokens.spdxIdentifiers.map((identifier) => identifier.value),
      deprecated: false,
    });
  }

  // The SPDX standard license headers ("Licensed under the Apache License, Version 2.0 (the "License");
  // you may not use this file except…", the GPL's "either version 2 … or (at your option) any later
  // version" notice), each under its license's id: a notice is that license, and its words are explained.
  for (const { id, text } of standardHeaders(sharedDir, deprecated)) {
    const tokens = tokenise(text);
    raw.push({ sourceId: `${id}#header`, id, kind: 'license', header: true, words: tokens.words, copyrights: [], identifiers: [], deprecated: false });
  }
  // ScanCode's non-SPDX texts of the categories a gate must name (scripts/scancode-texts.js).
  for (const { key, id, text } of scancodeTexts(join(sharedDir, 'data'), new Set(Object.values(sources.modelLicenses)))) {
    const tokens = tokenise(text);
    raw.push({
      sourceId: `scancode:${key}`,
      id,
      kind: 'license',
      secondary: true,
      words: tokens.words,
      copyrights: tokens.copyrights.map((line) => line.text),
      identifiers: tokens.spdxIdentifiers.map((identifier) => identifier.value),
      deprecated: false,
    });
  }

  removeEmbeddedTexts(raw, sources.embedded);
  addTermsOnlyVariants(raw, sources.termsOnlyVariants);
  addWordingVariants(raw, sources.wordingVariants.variants);
  const references = groupIdenticalTexts(raw);
  const replacements = Object.fromEntries(
    Object.entries(sources.deprecatedReplacements).filter(([id]) => !id.startsWith('$')).sort(([left], [right]) => compare(left, right)),
  );
  return library.buildIndexFiles({
    references,
    fastPathTexts: fastPathTexts(raw, sources.fastPath.variants),
    names: Object.fromEntries(Object.entries(names).sort(([left], [right]) => compare(left, right))),
    replacements,
    spdxLicenseListPackage: spdxListPackage.version,
    rules: JSON.parse(readFileSync(join(root, 'rules/license-statements.json'), 'utf8')),
  });
}

/** The fast path's wordings (normalised word lists), from sources.json "fastPath". */
function fastPathTexts(raw, variants) {
  const texts = [];
  for (const variant of variants) {
    const entry = raw.find((candidate) => candidate.sourceId === variant.of);
    if (!entry) throw new Error(`sources.json fastPath: unknown reference ${variant.of}`);
    const text = ` ${replaceWords(entry.words, variant, 'fastPath').join(' ')} `;
    if (!text.startsWith(` ${variant.title} `.replace(/^ {2}/, ' '))) throw new Error(`sources.json fastPath: ${variant.of} does not start with "${variant.title}"`);
    const body = text.slice(variant.title.length + 1).trim();
    for (const title of variant.titles) texts.push(`${title} ${body}`.trim().split(' '));
  }
  return texts;
}

/** `<standardLicenseHeader>` of the SPDX license XML sources (tags dropped, entities decoded), by license id. */
function standardHeaders(sharedDir, deprecated) {
  const folder = join(sharedDir, 'data/spdx-license-xml');
  if (!existsSync(folder)) throw new Error(`SPDX license XML not found: ${folder} (pass --shared <dir>)`);
  const headers = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.xml')).sort()) {
    const xml = readFileSync(join(folder, name), 'utf8');
    const id = /<license\b[^>]*\blicenseId="([^"]+)"/.exec(xml)?.[1];
    const header = /<standardLicenseHeader>([\s\S]*?)<\/standardLicenseHeader>/.exec(xml)?.[1];
    if (!id || !header || deprecated.has(id) || /<license\b[^>]*\bdeprecatedVersion=/.test(xml)) continue;
    const text = header
      .replace(/<br\s*\/>|<\/p>|<\/titleText>/g, '\n')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    headers.push({ id, text });
  }
  return headers;
}

function readScancodeIds(sharedDir) {
  const file = join(sharedDir, 'data/scancode-licensedb-index.json');
  if (!existsSync(file)) return null;
  return new Set(JSON.parse(readFileSync(file, 'utf8')).map((entry) => entry.license_key));
}

function modelLicenseFiles(sharedDir) {
  const folder = join(sharedDir, 'model-licenses');
  if (!existsSync(folder)) throw new Error(`model-license texts not found: ${folder} (pass --shared <dir>)`);
  return readdirSync(folder)
    .filter((name) => /\.(?:txt|md)$/.test(name) && name !== 'README.md')
    .sort()
    .map((name) => join(folder, name));
}

/** A copy of each listed reference that ends after the given words (its appendix left out). */
/** The reference's words with each `replace` pair applied once (each must occur). */
function replaceWords(words, variant, section) {
  let text = ` ${words.join(' ')} `;
  for (const [from, to] of variant.replace ?? []) {
    if (!text.includes(` ${from} `)) throw new Error(`sources.json ${section}: "${from}" not found in ${variant.of}`);
    text = text.replace(` ${from} `, ` ${to} `);
  }
  return text.trim().split(' ');
}

function addWordingVariants(raw, variants) {
  variants.forEach((variant, number) => {
    const entry = raw.find((candidate) => candidate.sourceId === variant.of);
    if (!entry) throw new Error(`sources.json wordingVariants: unknown reference ${variant.of}`);
    raw.push({ ...entry, sourceId: `${variant.of}#wording-${number + 1}`, words: replaceWords(entry.words, variant, 'wordingVariants') });
  });
}

function addTermsOnlyVariants(raw, variants) {
  for (const [sourceId, endWords] of Object.entries(variants)) {
    if (sourceId.startsWith('$')) continue;
    const entry = raw.find((candidate) => candidate.sourceId === sourceId);
    const phrase = endWords.split(' ');
    const at = entry ? findSequence(entry.words, endWords, 0, phrase.length) : -1;
    if (at < 0) throw new Error(`sources.json termsOnlyVariants: "${endWords}" not found in ${sourceId}`);
    raw.push({ ...entry, sourceId: `${sourceId}#terms-only`, words: entry.words.slice(0, at + phrase.length) });
  }
}

/** Cuts the embedded reference's words out of each host, so the host keeps only its own terms. */
function removeEmbeddedTexts(raw, embedded) {
  for (const [hostId, embeddedId] of Object.entries(embedded)) {
    if (hostId.startsWith('$')) continue;
    const host = raw.find((entry) => entry.sourceId === hostId);
    const inner = raw.find((entry) => entry.sourceId === embeddedId || (entry.id === embeddedId && !entry.deprecated));
    if (!host || !inner) throw new Error(`sources.json embedded: unknown ${host ? embeddedId : hostId}`);
    if (host.embeds === embeddedId) continue;
    const span = locate(host.words, inner.words);
    if (!span) throw new Error(`sources.json embedded: ${embeddedId} not found inside ${hostId}`);
    const original = host.words.join(' ');
    const remaining = [...host.words.slice(0, span.start), ...host.words.slice(span.end)];
    for (const entry of raw) {
      if (entry.kind === host.kind && entry.words.join(' ') === original) {
        entry.words = remaining;
        entry.embeds = embeddedId;
      }
    }
  }
}

function locate(host, inner) {
  for (const size of ANCHOR_SIZES) {
    const head = inner.slice(0, size).join(' ');
    const tail = inner.slice(-size).join(' ');
    const start = findSequence(host, head, 0, size);
    if (start < 0) continue;
    let end = -1;
    for (let at = findSequence(host, tail, start, size); at >= 0; at = findSequence(host, tail, at + 1, size)) end = at + size;
    if (end > start) return { start, end };
    // The embedded copy may end differently (an older URL): accept it when it runs to the host's end.
    if (Math.abs(host.length - start - inner.length) <= inner.length * 0.02) return { start, end: host.length };
  }
  return null;
}

function findSequence(words, joined, from, size) {
  for (let index = from; index + size <= words.length; index++) {
    if (words.slice(index, index + size).join(' ') === joined) return index;
  }
  return -1;
}

/** One reference per distinct normalised text; the id it reports is the preferred one of its group. */
function groupIdenticalTexts(raw) {
  const groups = new Map();
  for (const entry of raw) {
    const key = `${entry.kind}\u0000${entry.words.join(' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const references = [];
  for (const members of groups.values()) {
    members.sort(preferredFirst);
    const chosen = members[0];
    references.push({
      id: chosen.id,
      kind: chosen.kind,
      ...(chosen.base ? { base: chosen.base } : {}),
      sourceIds: members.map((member) => member.sourceId).sort(),
      ...(chosen.embeds ? { embeds: chosen.embeds } : {}),
      ...(members.every((member) => member.header) ? { header: true } : {}),
      ...(members.every((member) => member.secondary) ? { secondary: true } : {}),
      words: chosen.words,
      copyrights: [...new Set(members.flatMap((member) => member.copyrights))].sort(),
      identifiers: [...new Set(members.flatMap((member) => member.identifiers))].sort(),
    });
  }
  return references.sort((left, right) => compare(left.id, right.id) || compare(left.sourceIds[0], right.sourceIds[0]));
}

function preferredFirst(left, right) {
  const rank = (entry) => [
    entry.deprecated ? 1 : 0,
    entry.id.endsWith('-only') ? 0 : 1,
    /-or-later$|\+$/.test(entry.id) ? 1 : 0,
    entry.id.length,
  ];
  const a = rank(left);
  const b = rank(right);
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return compare(left.id, right.id);
}

function compare(left, right) {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Compresses the index file's content as the committed file holds it. */
export function serialiseTextIndex(content) {
  return brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
  });
}

async function main(argv) {
  const option = (name) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const outDir = resolve(option('--out') ?? join(repoRoot, 'rules/text-index'));
  const sharedDir = resolve(option('--shared') ?? join(repoRoot, '../shared'));
  const compiled = join(repoRoot, 'dist/build-index.js');
  if (!existsSync(compiled)) throw new Error(`${compiled} not found: run npm run build first`);
  const library = await import(pathToFileURL(compiled).href);
  const content = buildTextIndex({ library, sharedDir });
  mkdirSync(outDir, { recursive: true });
  for (const [part, name] of Object.entries(INDEX_FILES)) {
    const target = join(outDir, name);
    const temp = `${target}.tmp-${process.pid}`;
    const compressed = serialiseTextIndex(content[part]);
    writeFileSync(temp, compressed);
    renameSync(temp, target);
    console.log(`${target}: ${content[part].length} bytes, ${compressed.length} compressed`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
