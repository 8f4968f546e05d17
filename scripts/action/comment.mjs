// The action's report step: the Markdown goes to the job summary and, on a pull request, into one comment that
// this step keeps up to date. It finds that comment by a marker (one per project: the SARIF category) and
// by its author, so a comment someone else wrote with the same marker is never edited.
// Modes (`comment` input): always; on-failure (when the gate fails); never; auto, the default (when the
// change brings something: new findings, or packages added, removed, relicensed, to review or fixed).
// A comment already there is updated whatever the mode (but never), so it never tells an old story.
import { appendFileSync, readFileSync } from 'node:fs';

const env = process.env;
const { fetch } = globalThis;
const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
const marker = `<!-- licit:pr-gate:${env.LICIT_CATEGORY || 'licit'} -->`;
const LEGACY_MODES = { true: 'auto', false: 'never' };
const mode = LEGACY_MODES[env.LICIT_COMMENT] ?? (env.LICIT_COMMENT || 'auto');

async function main() {
  if (!['always', 'on-failure', 'never', 'auto'].includes(mode)) {
    console.log(`::error title=licit::comment must be always, on-failure, never or auto, not ${mode}`);
    return;
  }
  if (!env.LICIT_MARKDOWN) {
    summary('### licit could not run\n\nNo license verdict was reached; the job log says why.\n');
    return;
  }
  const body = `${marker}\n${readFileSync(env.LICIT_MARKDOWN, 'utf8')}`;
  summary(body);
  const pullRequest = pullRequestNumber();
  if (pullRequest === null || mode === 'never') return;
  const wanted = mode === 'always' || (mode === 'on-failure' && env.LICIT_VERDICT === 'fail') || (mode === 'auto' && (env.LICIT_VERDICT === 'fail' || env.LICIT_HAS_NEWS === 'true'));
  const repo = env.GITHUB_REPOSITORY;
  try {
    const author = await commentAuthor();
    const comments = await listComments(`${api}/repos/${repo}/issues/${pullRequest}/comments`);
    const mine = comments.find((comment) => comment.user?.login === author && typeof comment.body === 'string' && comment.body.startsWith(marker));
    if (mine) {
      if (mine.body !== body) await request('PATCH', `${api}/repos/${repo}/issues/comments/${mine.id}`, { body });
    } else if (wanted) {
      await request('POST', `${api}/repos/${repo}/issues/${pullRequest}/comments`, { body });
    }
  } catch (error) {
    if (error.status === 403 || error.status === 404) {
      console.log('::notice title=licit::no permission to comment on this pull request (a fork?); the report is in the job summary');
    } else {
      console.log(`::warning title=licit::could not write the pull-request comment: ${String(error.message).replace(/\r?\n/g, ' ')}`);
    }
  }
}

function summary(text) {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${text}\n`);
}

function pullRequestNumber() {
  if (!env.GITHUB_EVENT_PATH) return null;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  const number = event.pull_request?.number;
  return Number.isInteger(number) ? number : null;
}

/** Who this token writes as: the input, else the token's user, else the Actions bot (GITHUB_TOKEN cannot ask). */
async function commentAuthor() {
  if (env.LICIT_COMMENT_AUTHOR) return env.LICIT_COMMENT_AUTHOR;
  try {
    return (await request('GET', `${api}/user`)).login;
  } catch {
    return 'github-actions[bot]';
  }
}

async function listComments(url) {
  const comments = [];
  for (let page = 1; ; page += 1) {
    const batch = await request('GET', `${url}?per_page=100&page=${page}`);
    comments.push(...batch);
    if (batch.length < 100) return comments;
  }
}

async function request(method, url, payload) {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${env.GITHUB_TOKEN ?? ''}`,
      'user-agent': 'licit-action',
      'x-github-api-version': '2022-11-28',
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  if (!response.ok) throw Object.assign(new Error(`${method} ${new URL(url).pathname}: HTTP ${response.status}`), { status: response.status });
  return response.json();
}

await main();
