import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled demo site's folder (apps/cli/demo/site), from both src/ and dist/. */
export const DEMO_SITE_DIR = fileURLToPath(new URL('../demo/site/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/rss+xml; charset=utf-8',
};

/**
 * Serves the demo site on a free loopback port. Every page is served from any path that
 * ends in its file name, so the feed can place stories in sections; `{{BASE}}` in a file
 * becomes the server's address.
 */
export async function serveDemoSite(): Promise<{ base: string; server: Server }> {
  let base = '';
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.split('/').pop() ?? '';
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (!/^[a-z0-9-]+\.(html|xml)$/.test(name) || !type) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    readFile(join(DEMO_SITE_DIR, name), 'utf8').then(
      (text) => res.writeHead(200, { 'content-type': type }).end(text.replaceAll('{{BASE}}', base)),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('demo server has no port');
  base = `http://127.0.0.1:${address.port}`;
  return { base, server };
}
