// A real npm registry on 127.0.0.1 for `licit check` tests: packuments (full metadata, dist-tags,
// deprecations) and gzipped tarballs built from fixtures/check/packages/<name>/<version>/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './cli.js';

export const CHECK_FIXTURES = join(repoRoot, 'fixtures', 'check');
export const PRIVATE_TOKEN = 'chk-s3cret';

interface Published {
  manifest: Record<string, unknown> & { name: string; version: string };
  tarball: Buffer;
}

export interface LoggedRequest {
  path: string;
  authorization: string | undefined;
}

/** The files of one package version, as `relative path -> content`. */
export type PackageFiles = Record<string, string>;

export class CheckRegistry {
  readonly requests: LoggedRequest[] = [];
  private readonly packages = new Map<string, Map<string, Published>>();
  private readonly distTags: Record<string, Record<string, string>>;
  private readonly privateScopes: string[];
  private server: Server = createServer((request, response) => this.handle(request, response));
  url = '';

  constructor(directory = CHECK_FIXTURES) {
    const settings = JSON.parse(readFileSync(join(directory, 'registry.json'), 'utf8')) as {
      distTags: Record<string, Record<string, string>>;
      privateScopes: string[];
    };
    this.distTags = settings.distTags;
    this.privateScopes = settings.privateScopes;
    for (const packageDirectory of versionDirectories(join(directory, 'packages'))) {
      this.publish(readFiles(packageDirectory));
    }
  }

  /** Publishes one more version (e.g. generated packages for a measurement). */
  publish(files: PackageFiles): void {
    const manifest = JSON.parse(files['package.json'] ?? '{}') as Published['manifest'];
    const versions = this.packages.get(manifest.name) ?? new Map<string, Published>();
    versions.set(manifest.version, { manifest, tarball: packTarball(files) });
    this.packages.set(manifest.name, versions);
  }

  tarballOf(name: string, version: string): Buffer {
    const published = this.packages.get(name)?.get(version);
    if (!published) throw new Error(`no ${name}@${version} in the fixture registry`);
    return published.tarball;
  }

  async start(): Promise<string> {
    await new Promise<void>((listening) => this.server.listen(0, '127.0.0.1', listening));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }

  private isPrivate(name: string): boolean {
    return this.privateScopes.some((scope) => name.startsWith(`${scope}/`));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/';
    this.requests.push({ path, authorization: request.headers.authorization });
    const [, area, rest] = /^\/(private\/)?(.*)$/.exec(path) ?? [];
    const base = `${this.url}${area ?? ''}`;
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(rest ?? '');
    const name = decodeURIComponent(tarball ? tarball[1]! : (rest ?? ''));
    if (area === 'private/' && request.headers.authorization !== `Bearer ${PRIVATE_TOKEN}`) return sendJson(response, 401, { error: 'unauthorized' });
    if ((area === 'private/') !== this.isPrivate(name)) return sendJson(response, 404, { error: 'not found' });
    const versions = this.packages.get(name);
    if (!versions) return sendJson(response, 404, { error: 'not found' });

    if (tarball) {
      const published = versions.get(tarball[2]!);
      if (!published) return sendJson(response, 404, { error: 'not found' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': published.tarball.length });
      response.end(published.tarball);
      return;
    }
    const entries = [...versions.values()].map(({ manifest, tarball: bytes }) => {
      const file = `${name.split('/').pop()}-${manifest.version}.tgz`;
      const dist = {
        tarball: `${base}${name}/-/${file}`,
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        shasum: createHash('sha1').update(bytes).digest('hex'),
      };
      return [manifest.version, { ...manifest, _id: `${name}@${manifest.version}`, dist }] as const;
    });
    const stable = entries.map(([version]) => version).filter((version) => !version.includes('-'));
    const distTags = this.distTags[name] ?? { latest: stable.sort(compareVersions).at(-1)! };
    sendJson(response, 200, { _id: name, name, 'dist-tags': distTags, versions: Object.fromEntries(entries) });
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < 3; index++) {
    const difference = (pa[index] ?? 0) - (pb[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** fixtures/check/packages/<name or @scope/name>/<version>/ directories. */
function versionDirectories(root: string): string[] {
  const nameDirectories = readdirSync(root).flatMap((entry) =>
    entry.startsWith('@') ? readdirSync(join(root, entry)).map((name) => join(root, entry, name)) : [join(root, entry)],
  );
  return nameDirectories.flatMap((directory) => readdirSync(directory).map((version) => join(directory, version))).sort();
}

function readFiles(directory: string, root = directory): PackageFiles {
  const files: PackageFiles = {};
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) Object.assign(files, readFiles(path, root));
    else files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
  return files;
}

/** A gzipped ustar archive with every file under `package/`, as npm publishes them. */
export function packTarball(files: PackageFiles): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const body = Buffer.from(content, 'utf8');
    blocks.push(tarHeader(`package/${path}`, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function tarHeader(path: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0') + '\0';
  header.write(path, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(1700000000, 12), 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\u000000', 257);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(octal(checksum, 7) + ' ', 148);
  return header;
}
