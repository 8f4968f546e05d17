// `licit notice`: THIRD-PARTY-NOTICES for the production tree. The scan finds each package's license files;
// this reads their texts (a package without one gets the SPDX reference text) and the reporter groups them.
import { join, resolve } from 'node:path';
import type { Component } from '../model/index.js';
import { toNotice, type NoticeFormat, type NoticePackage, type NoticeText } from '../report/notice.js';
import type { OmitType } from '../walk/graph.js';
import { isNoticeFileName, readNoticeText, referenceTexts } from './notice-texts.js';
import { scan, type EvaluationSettings } from './scan.js';

export interface NoticeOptions {
  format: NoticeFormat;
  lockfileOnly: boolean;
  /** Left out besides dev dependencies, which never ship. */
  omit: readonly OmitType[];
  workspaces: readonly string[];
  /** The policy chooses among OR alternatives. */
  settings: EvaluationSettings;
}

/** The notices file's text for the project's production tree. */
export async function buildNotice(dir: string, options: NoticeOptions): Promise<string> {
  const result = await scan(
    dir,
    { lockfileOnly: options.lockfileOnly, omit: new Set<OmitType>(['dev', ...options.omit]), workspaces: options.workspaces, readText: true },
    options.settings,
  );
  const root = resolve(dir);
  const packages = result.components.filter((component) => component.kind === 'npm').map((component) => noticePackage(root, component));
  return toNotice({ root: { name: result.root.name, version: result.root.version }, tool: result.tool, packages }, options.format);
}

function noticePackage(root: string, component: Component): NoticePackage {
  const license = component.license.chosen ?? component.license.expression;
  const directory = component.paths[0] === undefined ? null : join(root, component.paths[0]);
  const texts: NoticeText[] = [];
  for (const file of component.license.files) {
    const text = directory ? readNoticeText(join(directory, file.path)) : null;
    if (text === null) continue;
    texts.push({ kind: isNoticeFileName(file.path) ? 'notice' : 'license', license: file.expression, file: file.path, text });
  }
  if (!texts.some((text) => text.kind === 'license')) texts.push(...referenceTexts(license));
  const copyrights = [...new Set(component.license.files.flatMap((file) => file.copyrights ?? []))];
  return { name: component.name, version: component.version, license, texts, copyrights };
}
