import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONSOLE_DIR = 'keel:gateway:console-dir';

/** The part of Express's response the controller uses (no @types/express in the workspace). */
interface StaticResponse {
  status(code: number): StaticResponse;
  setHeader(name: string, value: string): void;
  type(type: string): StaticResponse;
  send(body: string): void;
  sendFile(file: string, options: { root: string; dotfiles: 'deny' }): void;
}

// The console talks to /graphql only, from this origin; nothing else may load or frame it.
const SECURITY_HEADERS: [string, string][] = [
  [
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  ],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];

/**
 * The web console (apps/console, built by Vite) as static files at /console: the page, and its hashed
 * assets by exact file name (no paths, no dot files). No token is needed for the files themselves:
 * every piece of data comes from /graphql with the user's token.
 */
@Controller('console')
export class ConsoleController {
  constructor(@Inject(CONSOLE_DIR) private readonly dir: string) {}

  @Get()
  page(@Res() res: StaticResponse): void {
    this.headers(res);
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(path.join(this.dir, 'index.html'))) {
      res
        .status(404)
        .type('text/plain')
        .send(`The console is not built: run "npx nx run console:build" (CONSOLE_DIR=${this.dir}).\n`);
      return;
    }
    res.sendFile('index.html', { root: this.dir, dotfiles: 'deny' });
  }

  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  asset(@Param('file') file: string, @Res() res: StaticResponse): void {
    this.headers(res);
    const root = path.join(this.dir, 'assets');
    if (
      !/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|css|svg|woff2|png|map)$/.test(file) ||
      !existsSync(path.join(root, file))
    ) {
      res.status(404).type('text/plain').send('not found\n');
      return;
    }
    res.sendFile(file, { root, dotfiles: 'deny' });
  }

  private headers(res: StaticResponse): void {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  }
}
