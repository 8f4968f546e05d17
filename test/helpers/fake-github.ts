// A loopback stand-in for the part of the GitHub REST API the action's comment step calls: the issue
// comments of one pull request, and /user (which a GITHUB_TOKEN may not read: 403, as on GitHub).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string };
}

export class FakeGitHub {
  readonly comments: FakeComment[] = [];
  readonly requests: string[] = [];
  url = '';
  private server: Server | undefined;
  private nextId = 100;

  constructor(private readonly token: string, private readonly bot = 'github-actions[bot]') {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  /** A comment someone else wrote. */
  add(issue: number, body: string, login: string): FakeComment {
    const comment = { id: this.nextId++, issue, body, user: { login } };
    this.comments.push(comment);
    return comment;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push(`${request.method} ${url.pathname}`);
    const send = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.headers.authorization !== `Bearer ${this.token}`) return send(401, { message: 'Bad credentials' });
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const body = text ? ((JSON.parse(text) as { body?: string }).body ?? '') : '';
    if (url.pathname === '/user') return send(403, { message: 'Resource not accessible by integration' });
    const list = /^\/repos\/octo\/app\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (list && request.method === 'GET') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const size = Number(url.searchParams.get('per_page') ?? '30');
      return send(200, this.comments.filter((comment) => comment.issue === Number(list[1])).slice((page - 1) * size, page * size));
    }
    if (list && request.method === 'POST') return send(201, this.add(Number(list[1]), body, this.bot));
    const one = /^\/repos\/octo\/app\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const comment = one ? this.comments.find((entry) => entry.id === Number(one[1])) : undefined;
    if (comment && request.method === 'PATCH') {
      if (comment.user.login !== this.bot) return send(403, { message: 'not yours' });
      comment.body = body;
      return send(200, comment);
    }
    send(404, { message: 'Not Found' });
  }
}
