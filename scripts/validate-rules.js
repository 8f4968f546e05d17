#!/usr/bin/env node
// Checks every JSON file of rules/ against its schema (rules/schema/files.json pairs them), so that
// licit, which reads rules/ without checking at run time (src/knowledge), never runs on data its types
// do not describe. Run by the build (scripts/bundle.js) and by the tests; exits 1 naming each problem.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The files a files.json key names: a path under rules/, or `dir/*.json`. */
function expand(rulesDir, key) {
  if (!key.includes('*')) return [key];
  const [dir, pattern] = [dirname(key), key.slice(dirname(key).length + 1)];
  if (pattern !== '*.json') throw new Error(`rules/schema/files.json: only "<dir>/*.json" patterns are understood, not ${key}`);
  return readdirSync(join(rulesDir, dir)).filter((name) => name.endsWith('.json')).sort().map((name) => `${dir}/${name}`);
}

/** Every problem found, as "rules/<file>: <what>" lines; empty when all files are valid. */
export function validateRules(rulesDir = join(repo, 'rules')) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const schemaDir = join(rulesDir, 'schema');
  for (const name of readdirSync(schemaDir).filter((file) => file.endsWith('.schema.json')).sort()) ajv.addSchema(readJson(join(schemaDir, name)), name);
  const problems = [];
  const covered = new Set();
  for (const [key, schemaName] of Object.entries(readJson(join(schemaDir, 'files.json')).files)) {
    const validate = ajv.getSchema(schemaName);
    if (!validate) {
      problems.push(`rules/schema/files.json: ${key} names ${schemaName}, which rules/schema/ lacks`);
      continue;
    }
    for (const file of expand(rulesDir, key)) {
      covered.add(file);
      if (!validate(readJson(join(rulesDir, file)))) problems.push(`rules/${file}: ${ajv.errorsText(validate.errors, { dataVar: 'file' })}`);
    }
  }
  // Fail closed: a rules file nobody pairs with a schema is a problem too (text-index/ is built data).
  const walk = (dir) =>
    readdirSync(join(rulesDir, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return path === 'schema' || path === 'text-index' ? [] : walk(path);
      return entry.name.endsWith('.json') ? [path] : [];
    });
  for (const file of walk('')) if (!covered.has(file)) problems.push(`rules/${file}: no schema in rules/schema/files.json`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = validateRules();
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
