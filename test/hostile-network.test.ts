// Registries that misbehave on purpose (loopback only): licit ends with one line, exit 2, and never
// hangs, holds an answer without bound, or reads a local file a registry names.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packTarball } from './helpers/check-registry.js';
import { runLicitAsync } from './helpers/cli-async.js';
import { cappedPackuments } from '../src/registry/packuments.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let handler: Handler = (_request, response) => response.end();
const server: Server = createServer((request, response) => handler(request, response));
let url = '';
let sandbox = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});
beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'licit-hostile-net-'));
  const home = join(sandbox, 'home');
  mkdirSync(home);
  env = { HOME: home, XDG_CACHE_HOME: join(sandbox, 'cache'), NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_GLOBALCONFIG: join(sandbox, 'global-npmrc') };
});
afterEach(() => {
  server.closeAllConnections();
  rmSync(sandbox, { recursive: true, force: true });
});

/** A lockfile-only project whose one dependency has no license in the lockfile: `--online` must ask the registry. */
function lockfileProject(npmrc: string[]): string {
  const directory = join(sandbox, 'project');
  mkdirSync(directory);
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', license: 'MIT', dependencies: { 'fx-net': '^1.0.0' } }));
  const lock = {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'app', version: '1.0.0', dependencies: { 'fx-net': '^1.0.0' } }, 'node_modules/fx-net': { version: '1.0.0', resolved: `${url}fx-net/-/fx-net-1.0.0.tgz` } },
  };
  writeFileSync(join(directory, 'package-lock.json'), JSON.stringify(lock));
  writeFileSync(join(directory, '.npmrc'), [`registry=${url}`, 'noproxy=127.0.0.1', ...npmrc, ''].join('\n'));
  return directory;
}

const scanOnline = (directory: string) => runLicitAsync(['scan', directory, '--lockfile-only', '--online', '--format', 'json'], { env });

function expectOneLineFailure(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.stdout).toBe('');
}

describe('scan --online against a hostile registry', () => {
  it('a registry that accepts the connection and never answers: fetch-timeout from .npmrc ends it', async () => {
    handler = () => undefined; // never answers
    const run = await scanOnline(lockfileProject(['fetch-timeout=300', 'fetch-retries=1']));
    expectOneLineFailure(run, /cannot fetch fx-net .*no answer in time: fetch-timeout/);
  }, 30_000);

  it('HTTP 500 on every request: retried with licit defaults (short), then one line', async () => {
    let requests = 0;
    handler = (_request, response) => {
      requests++;
      response.writeHead(500).end('{}');
    };
    const run = await scanOnline(lockfileProject([]));
    expectOneLineFailure(run, /answered HTTP 500 for fx-net/);
    expect(requests).toBe(3); // npm's fetch-retries default (2), as npm does
  }, 30_000);

  it('a redirect loop: one line, not an internal error', async () => {
    handler = (request, response) => response.writeHead(302, { location: request.url ?? '/' }).end();
    const run = await scanOnline(lockfileProject(['fetch-retries=0']));
    expectOneLineFailure(run, /fx-net.*redirect/i);
  }, 30_000);

  it('a packument beyond the size cap is refused while it streams, not held in memory', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && response.write(chunk)) sent++;
        if (sent >= 200) response.end();
        else response.once('drain', pump);
      };
      response.write('{"name":"fx-net","versions":{},"padding":"');
      pump();
    };
    const run = await scanOnline(lockfileProject(['fetch-retries=0']));
    expectOneLineFailure(run, /packument of fx-net is larger than 128 MiB/);
  }, 60_000);
});

/** Answers 200 with the start of a JSON document, then one byte every 100 ms until the client goes away. */
function dripForever(): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"name":"fx-net","versions":{},"padding":"');
    const drip = setInterval(() => response.write(' '), 100);
    response.on('close', () => clearInterval(drip));
  };
}

describe('a registry that drips a byte at a time never goes silent: fetch-timeout bounds the whole request', () => {
  it('scan --online', async () => {
    handler = dripForever();
    const started = Date.now();
    const run = await scanOnline(lockfileProject(['fetch-timeout=700', 'fetch-retries=0']));
    expectOneLineFailure(run, /packument of fx-net: no complete answer within 0\.7 s: fetch-timeout/);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 30_000);

  it('check', async () => {
    handler = dripForever();
    const directory = checkProject(['fetch-timeout=700']);
    const run = await runLicitAsync(['check', 'fx-net@1.0.0', '--cache', join(sandbox, 'cache')], { cwd: directory, env });
    expectOneLineFailure(run, /packument of fx-net: no complete answer within 0\.7 s: fetch-timeout/);
  }, 30_000);
});

/** A registry with one package, `fx-hostile@1.0.0`, whose tarball is whatever the test says. */
function serveOnePackage(tarballUrl: string, tarball: () => Buffer | Promise<Buffer>): void {
  handler = (request, response) => {
    if (request.url === '/fx-hostile') {
      const manifest = { name: 'fx-hostile', version: '1.0.0', license: 'MIT', dist: { tarball: tarballUrl } };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name: 'fx-hostile', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': manifest } }));
    } else if (request.url === '/fx-hostile/-/fx-hostile-1.0.0.tgz') {
      void Promise.resolve(tarball()).then((bytes) => response.writeHead(200).end(bytes));
    } else {
      response.writeHead(404).end('{}');
    }
  };
}

function checkProject(npmrc: string[] = []): string {
  const directory = join(sandbox, 'checker');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'checker', version: '1.0.0', license: 'MIT' }));
  writeFileSync(join(directory, '.npmrc'), [`registry=${url}`, 'noproxy=127.0.0.1', 'fetch-retries=0', ...npmrc, ''].join('\n'));
  return directory;
}

/** A gzip stream of a tar whose one entry is `bytes` zeros: a few hundred KB that unpack to far more. */
async function gzipBomb(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  for (let written = 0; written < bytes; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

describe('check against a hostile registry', () => {
  it('the packuments arborist resolves with are read capped: an endless one is cut off at the cap', async () => {
    let sent = 0;
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"name":"fx-hostile","versions":{},"padding":"');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk)) sent += chunk.length;
        if (!response.destroyed) response.once('drain', pump);
      };
      response.on('close', closed);
      pump();
    };
    // The real cap (128 MiB) is the default; a small one keeps the test quick on a busy machine.
    const packuments = cappedPackuments({ registry: url, timeout: 20_000, retry: { retries: 0 }, cache: join(sandbox, 'cache', '_cacache') }, 1024 * 1024);
    expect(packuments.has(`full:${url}fx-hostile`)).toBe(true);
    await expect(packuments.get(`full:${url}fx-hostile`)).rejects.toThrow(/packument of fx-hostile is larger than 1 MiB; refused/);
    await connectionClosed;
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);

  it('check --deep: a gzip bomb is refused once it unpacks past the cap', async () => {
    const bomb = await gzipBomb(520 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    serveOnePackage(`${url}fx-hostile/-/fx-hostile-1.0.0.tgz`, () => bomb);
    const run = await runLicitAsync(['check', 'fx-hostile@1.0.0', '--deep', '--cache', join(sandbox, 'cache')], { cwd: checkProject(), env });
    expectOneLineFailure(run, /tarball of fx-hostile@1\.0\.0 \(unpacked\) is larger than 512 MiB/);
  }, 90_000);

  it('check --deep: a dist.tarball of file:///… is never read from the local disk', async () => {
    const local = join(sandbox, 'local-secret');
    mkdirSync(local);
    writeFileSync(join(local, 'LICENSE'), 'GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n');
    writeFileSync(join(local, 'package.json'), JSON.stringify({ name: 'fx-hostile', version: '1.0.0', license: 'MIT' }));
    serveOnePackage(`file://${local}`, () => packTarball({ 'package.json': '{}' }));
    const run = await runLicitAsync(['check', 'fx-hostile@1.0.0', '--deep', '--format', 'json', '--cache', join(sandbox, 'cache')], { cwd: checkProject(), env });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stdout).not.toMatch(/AGPL|local-secret/);
  }, 60_000);

  it('a registry license of "__proto__" or "constructor" is a finding, not a crash', async () => {
    for (const license of ['__proto__', 'constructor']) {
      handler = (request, response) => {
        const manifest = { name: 'fx-hostile', version: '1.0.0', license, dist: { tarball: `${url}fx-hostile/-/fx-hostile-1.0.0.tgz` } };
        if (request.url !== '/fx-hostile') return void response.writeHead(404).end('{}');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ name: 'fx-hostile', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': manifest } }));
      };
      const run = await runLicitAsync(['check', 'fx-hostile@1.0.0', '--format', 'json', '--cache', join(sandbox, `cache-${license}`)], { cwd: checkProject(), env });
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('fx-hostile@1.0.0');
    }
  }, 60_000);
});

describe('registry strings in check output', () => {
  it('a deprecation message cannot inject a heading or a link into check --format markdown, nor ESC into the table', async () => {
    const deprecated = 'old\u001b[2J\r\n# Pwned [click](https://evil.example/) <b>x</b>';
    handler = (request, response) => {
      const manifest = { name: 'fx-hostile', version: '1.0.0', license: 'MIT', deprecated, dist: { tarball: `${url}fx-hostile/-/fx-hostile-1.0.0.tgz` } };
      if (request.url !== '/fx-hostile') return void response.writeHead(404).end('{}');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name: 'fx-hostile', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': manifest } }));
    };
    const markdown = await runLicitAsync(['check', 'fx-hostile@1.0.0', '--format', 'markdown', '--cache', join(sandbox, 'cache')], { cwd: checkProject(), env });
    expect(markdown.stderr).not.toMatch(/internal error/);
    expect(markdown.stdout).toContain('Pwned');
    expect(markdown.stdout).not.toMatch(/^#+ Pwned/m);
    expect(markdown.stdout).not.toMatch(/\]\(https?:/);
    expect(markdown.stdout).not.toContain('<b>');
    const table = await runLicitAsync(['check', 'fx-hostile@1.0.0', '--cache', join(sandbox, 'cache')], { cwd: checkProject(), env });
    expect(table.stdout).toContain('Pwned');
    expect(table.stdout.includes('\u001b') || table.stdout.includes('\r')).toBe(false);
  }, 60_000);
});
