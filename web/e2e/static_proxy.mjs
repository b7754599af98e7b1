// Serves the built console (dist/) and passes /api and /healthz to a service: for a service
// that does not serve the console itself yet (`gmseal signing serve` has no --web-root). Unknown
// paths answer index.html (the console's history routes), as `gmseal server --web-root` does.
import { createServer, request } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.tsv': 'text/plain' };

export function startStaticProxy(dist, target) {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    if (req.url.startsWith('/api/') || req.url === '/healthz') {
      const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      out.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(out);
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` })));
}
