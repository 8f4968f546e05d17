import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LicitInputError } from '../src/model/index.js';
import { createManifestFetcher, defaultCacheDir, readNpmConfig, type Environment } from '../src/registry/index.js';
import { walkNpmProject } from '../src/walk/npm.js';
import { parseReport } from './helpers/cli.js';
import { runLicitAsync } from './helpers/cli-async.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PACKAGES = JSON.parse(readFileSync(join(FIXTURES, 'registry', 'packages.json'), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
const TOKEN = 's3cret-token';

interface LoggedRequest {
  path: string;
  authorization: string | undefined;
}

/** A tiny npm registry on 127.0.0.1: `/` and `/mirror/` public, `/private/` for @fx-private/* behind a token. */
class FixtureRegistry {
  readonly requests: LoggedRequest[] = [];
  /** When set, requests for fx-many-* are held until this many are waiting, then all answered. */
  gate = 0;
  inFlight = 0;
  maxInFlight = 0;
  private held: (() => void)[] = [];
  private server: Server = createServer((request, response) => this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((listening) => this.server.listen(0, '127.0.0.1', listening));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/';
    this.requests.push({ path, authorization: request.headers.authorization });
    const [, area, rest] = /^\/(private\/|mirror\/)?(.*)$/.exec(path) ?? [];
    const name = decodeURIComponent(rest ?? '');
    const isPrivate = name.startsWith('@fx-private/');
    if (area === 'private/' && request.headers.authorization !== `Bearer ${TOKEN}`) return send(response, 401, { error: 'unauthorized' });
    if ((area === 'private/') !== isPrivate) return send(response, 404, { error: 'not found' });

    const many = /^fx-many-\d+$/.test(name);
    const versions = many ? { '1.0.0': { name, version: '1.0.0', license: 'MIT' } } : PACKAGES[name];
    if (!versions) return send(response, 404, { error: 'not found' });
    const packument = { name, 'dist-tags': { latest: Object.keys(versions).at(-1) }, versions };
    if (!many || this.gate === 0) return send(response, 200, packument);

    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.held.push(() => {
      this.inFlight--;
      send(response, 200, packument);
    });
    if (this.held.length >= this.gate) this.held.splice(0).forEach((answer) => answer());
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const registry = new FixtureRegistry();
let registryUrl = '';
let scratch = '';
let project = '';
let cacheDir = '';
let env: Environment = {};

beforeAll(async () => {
  registryUrl = await registry.start();
});
afterAll(async () => {
  await registry.stop();
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'licit-online-'));
  project = join(scratch, 'project');
  cacheDir = join(scratch, 'cache');
  const home = join(scratch, 'home');
  mkdirSync(project);
  mkdirSync(home);
  // The machine's own ~/.npmrc, global npmrc and npm_config_* variables must not leak in.
  env = { HOME: home, NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_GLOBALCONFIG: join(scratch, 'global-npmrc'), FX_TOKEN: TOKEN };
  writeNpmrc(project, { withToken: true });
  registry.requests.length = 0;
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function writeNpmrc(directory: string, { withToken, extra = [] }: { withToken: boolean; extra?: string[] }): void {
  const host = registryUrl.replace(/^http:/, '');
  const lines = [
    `registry=${registryUrl}`,
    `@fx-private:registry=${registryUrl}private/`,
    ...(withToken ? [`${host}private/:_authToken=\${FX_TOKEN}`] : []),
    'noproxy=127.0.0.1',
    ...extra,
  ];
  writeFileSync(join(directory, '.npmrc'), `${lines.join('\n')}\n`);
}

const fetcher = (options: { offline?: boolean } = {}) => createManifestFetcher({ projectDir: project, cacheDir, env, ...options });

describe('npm config', () => {
  it('layers env over project over user over global, expanding ${VAR}', () => {
    writeFileSync(env.NPM_CONFIG_GLOBALCONFIG!, 'registry=http://global.invalid/\ncafile=ca.pem\nfetch-retries=7\n');
    writeFileSync(env.NPM_CONFIG_USERCONFIG!, 'registry=http://user.invalid/\nproxy=http://proxy.invalid:8080/\nfetch-retries=5\n');
    writeFileSync(join(project, '.npmrc'), '@fx:registry=http://project.invalid/${FX_PATH?}\n//project.invalid/:_authToken=${FX_TOKEN}\nstrict-ssl=false\nnoproxy[]=a.invalid\nnoproxy[]=b.invalid\n');
    writeFileSync(join(project, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----\n');

    const config = readNpmConfig(project, { env: { ...env, npm_config_fetch_retries: '1', NPM_CONFIG_HTTPS_PROXY: 'http://env-proxy.invalid/' } });

    expect(config.files).toEqual([join(project, '.npmrc'), env.NPM_CONFIG_USERCONFIG, env.NPM_CONFIG_GLOBALCONFIG]);
    expect(config.fetchOptions).toMatchObject({
      registry: 'http://user.invalid/',
      '@fx:registry': 'http://project.invalid/',
      '//project.invalid/:_authToken': TOKEN,
      strictSSL: false,
      noProxy: 'a.invalid,b.invalid',
      proxy: 'http://proxy.invalid:8080/',
      httpsProxy: 'http://env-proxy.invalid/',
      retry: { retries: 1 },
    });
    // cafile is a path, relative to the project, read and split into certificates.
    expect(config.fetchOptions.ca).toEqual([expect.stringContaining('AAA'), expect.stringContaining('BBB')]);
    expect(config.offline).toBe(false);
  });

  it('keeps an unset ${VAR} literal, as npm does, and takes NPM_CONFIG_USERCONFIG from the project file', () => {
    const otherUser = join(scratch, 'other-user-npmrc');
    writeFileSync(otherUser, 'offline=true\n');
    writeFileSync(join(project, '.npmrc'), `userconfig=${otherUser}\n//h.invalid/:_authToken=\${NOT_SET}\n`);
    const config = readNpmConfig(project, { env: { HOME: env.HOME, NPM_CONFIG_GLOBALCONFIG: env.NPM_CONFIG_GLOBALCONFIG } });
    expect(config.values['//h.invalid/:_authToken']).toBe('${NOT_SET}');
    expect(config.offline).toBe(true);
    expect(config.fetchOptions.registry).toBe('https://registry.npmjs.org/');
  });

  it('puts the cache under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'licit'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'licit'));
    expect(defaultCacheDir({ HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'licit'));
  });
});

describe('manifest fetcher', () => {
  it('fetches the version manifest, keeps only the fields licit reads and caches it', async () => {
    const manifest = await fetcher()('fx-lo-nolic', '1.0.0');
    expect(manifest).toEqual({ name: 'fx-lo-nolic', version: '1.0.0', license: 'Apache-2.0', description: 'no license in the lockfile' });
    expect(registry.requests.map((request) => request.path)).toEqual(['/fx-lo-nolic']);
    expect(readdirSync(join(cacheDir, 'manifests'))).toEqual(['fx-lo-nolic@1.0.0.json']);
    expect(await fetcher()('fx-online-legacy', '0.3.0')).toEqual({
      name: 'fx-online-legacy',
      version: '0.3.0',
      licenses: [{ type: 'MIT', url: 'http://example.invalid/MIT' }],
      repository: { type: 'git', url: 'git://example.invalid/fx-online-legacy.git' },
    });
  });

  it('answers a cache hit without asking the registry, and asks once per name', async () => {
    const first = fetcher();
    const [a, b] = await Promise.all([first('fx-lo-nolic', '1.0.0'), first('fx-lo-nolic', '1.1.0')]);
    expect([a?.license, b?.license]).toEqual(['Apache-2.0', 'MIT']);
    expect(registry.requests).toHaveLength(1);

    const again = await fetcher()('fx-lo-nolic', '1.1.0');
    expect(again?.license).toBe('MIT');
    expect(registry.requests).toHaveLength(1);
  });

  it('does not trust a cache entry from another registry', async () => {
    await fetcher()('fx-lo-b', '1.0.0');
    writeNpmrc(project, { withToken: true, extra: [`registry=${registryUrl}mirror/`] });
    expect((await fetcher()('fx-lo-b', '1.0.0'))?.license).toBe('ISC');
    expect(registry.requests.map((request) => request.path)).toEqual(['/fx-lo-b', '/mirror/fx-lo-b']);
  });

  it('resolves null for an unknown package or version and caches nothing', async () => {
    const fetch = fetcher();
    expect(await fetch('fx-no-such-package', '1.0.0')).toBeNull();
    expect(await fetch('fx-lo-nolic', '9.9.9')).toBeNull();
    expect(existsSync(join(cacheDir, 'manifests'))).toBe(false);
    // A version the registry has, but without a license, is an answer (licit then reports unknown-license).
    expect(await fetch('fx-online-nolicense', '1.0.0')).toEqual({ name: 'fx-online-nolicense', version: '1.0.0', description: 'the registry has no license either' });
  });

  it('refuses with a one-line input error when the registry wants a token licit lacks', async () => {
    writeNpmrc(project, { withToken: false });
    const failure = await fetcher()('@fx-private/secret', '2.0.0').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LicitInputError);
    expect((failure as LicitInputError).code).toBe('registry-auth');
    expect((failure as LicitInputError).message).toContain(`${registryUrl}private/`);
    expect((failure as LicitInputError).message).not.toContain('\n');
  });

  it('sends the scoped registry the token from .npmrc, ${FX_TOKEN} expanded', async () => {
    const manifest = await fetcher()('@fx-private/secret', '2.0.0');
    expect(manifest?.license).toBe('LicenseRef-fx-private');
    expect(registry.requests).toEqual([{ path: '/private/@fx-private%2fsecret', authorization: `Bearer ${TOKEN}` }]);
    expect(readdirSync(join(cacheDir, 'manifests'))).toEqual(['@fx-private%2fsecret@2.0.0.json']);

    // Without the variable the literal `${FX_TOKEN}` is sent, and refused.
    delete env.FX_TOKEN;
    rmSync(cacheDir, { recursive: true });
    await expect(fetcher()('@fx-private/secret', '2.0.0')).rejects.toMatchObject({ code: 'registry-auth' });
  });

  it('offline, answers from the cache only', async () => {
    await fetcher()('fx-lo-nolic', '1.0.0');
    registry.requests.length = 0;
    const offline = fetcher({ offline: true });
    expect((await offline('fx-lo-nolic', '1.0.0'))?.license).toBe('Apache-2.0');
    expect(await offline('fx-lo-b', '1.0.0')).toBeNull();
    writeNpmrc(project, { withToken: true, extra: ['offline=true'] });
    expect(await fetcher()('fx-lo-b', '1.0.0')).toBeNull();
    expect(registry.requests).toEqual([]);
  });

  it('turns an unreachable registry into a one-line input error', async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    writeNpmrc(project, { withToken: true, extra: [`@fx-gone:registry=http://127.0.0.1:${port}/`, 'fetch-retries=0'] });

    const failure = await fetcher()('@fx-gone/pkg', '1.0.0').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'LicitInputError', code: 'registry-unreachable' });
    expect((failure as Error).message).toContain(`http://127.0.0.1:${port}/`);
    expect((failure as Error).message).toContain('ECONNREFUSED');
  });

  it('keeps at most `concurrency` packument requests in flight', async () => {
    registry.gate = 4;
    try {
      const fetch = createManifestFetcher({ projectDir: project, cacheDir, env, concurrency: 4 });
      const names = Array.from({ length: 12 }, (_, index) => `fx-many-${index}`);
      const manifests = await Promise.all(names.map((name) => fetch(name, '1.0.0')));
      expect(manifests.map((manifest) => manifest?.name)).toEqual(names);
      // The registry answers only when 4 are waiting: fewer in flight would hang, more would show here.
      expect(registry.maxInFlight).toBe(4);
    } finally {
      registry.gate = 0;
    }
  });
});

describe('lockfile-only walk with --online', () => {
  const walkOptions = { lockfileOnly: true, omit: new Set<never>(), workspaces: [], readText: true };

  it('fills the licenses the lockfile lacks, asking only for those packages', async () => {
    cpSync(join(FIXTURES, 'walk', 'lockfile-only'), project, { recursive: true });
    writeNpmrc(project, { withToken: true });

    const offlineWalk = await walkNpmProject(project, walkOptions);
    const missing = (inventory: typeof offlineWalk) =>
      inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile').map((problem) => problem.package).sort();
    expect(missing(offlineWalk)).toEqual(['fx-lo-b@1.0.0', 'fx-lo-nolic@1.0.0']);

    const inventory = await walkNpmProject(project, { ...walkOptions, fetchManifest: fetcher() });
    expect(missing(inventory)).toEqual([]);
    const expressions = Object.fromEntries(inventory.components.map((component) => [component.ref, component.license.expression]));
    expect(expressions['fx-lo-nolic@1.0.0']).toBe('Apache-2.0');
    expect(expressions['fx-lo-b@1.0.0']).toBe('ISC');
    expect(expressions['fx-lo-a@1.0.0']).toBe('MIT');
    expect(registry.requests.map((request) => request.path).sort()).toEqual(['/fx-lo-b', '/fx-lo-nolic']);
  });

  it('licit scan --online does the same from the command line, with its own cache', async () => {
    cpSync(join(FIXTURES, 'walk', 'lockfile-only'), project, { recursive: true });
    writeNpmrc(project, { withToken: true });
    const cli = ['scan', project, '--lockfile-only', '--online', '--cache', cacheDir, '--format', 'json', '--fail-on', 'never'];
    const run = await runLicitAsync(cli, { env: env as Record<string, string> });
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.findings.filter((finding) => finding.rule === 'license-not-in-lockfile')).toEqual([]);
    expect(report.packages.find((entry) => entry.name === 'fx-lo-nolic')?.license.expression).toBe('Apache-2.0');
    const asked = registry.requests.length;
    expect(asked).toBe(2);
    // A second run is answered from the cache.
    expect((await runLicitAsync(cli, { env: env as Record<string, string> })).code).toBe(0);
    expect(registry.requests.length).toBe(asked);
  });
});
