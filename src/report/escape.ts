// Text from package.json files, registries and model cards reaches terminals, CI logs and Markdown
// files: these make it inert there (shared by every reporter and the CLI's own writers).

/** C0 and C1 control characters, DEL, and the Unicode controls that reorder or hide text (bidi overrides, isolates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character shown as an escape (`\x1b`, `\n`, `\u202e`): ESC, CR or LF cannot paint or break a line. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (character) => {
    const code = character.charCodeAt(0);
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Plain text for Markdown, on one line: line breaks become spaces, other controls escapes; HTML and
 * the characters that open Markdown syntax (headings, emphasis, links and images, code, tables)
 * neutralised, and `://` broken so that a URL in a package's metadata is not made a link.
 */
export function markdownText(text: string): string {
  return escapeControls(text.replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~]/g, '\\$&')
    .replace(/:\/\//g, '\\:/\\/');
}

/** An inline code span that holds any text (a longer fence than any backtick run inside; controls escaped). */
export function markdownCode(text: string): string {
  const clean = escapeControls(text.replace(/[\r\n]+/g, ' '));
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}
