// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// http.md ("The response"): the headers Node adds to a response on a
// kept-alive connection, and their order.
//
// - writeHead(200, {'Content-Length': 2}) then end('hi'): Content-Length,
//   Date, Connection: keep-alive, Keep-Alive: timeout=5.
// - end('hi') alone: Date, Connection, Keep-Alive, then Content-Length: 2
//   last, because end() adds the length after the others.
// - writeHead(200, {'Content-Type': …}) then end('hi'): writeHead fixes the
//   head before end() knows the body, so it is chunked:
//   Transfer-Encoding: chunked comes last. setHeader() instead leaves the head
//   open, and end('hi') adds Content-Length: 2 last.
// - write('a') then end('b'), no length: Transfer-Encoding: chunked last.
//
// Node 10 sent no Keep-Alive header; the order of the others is the same on
// Node 10, 20 and 22.
//
//   node book/scripts/http_header_order.js
'use strict';
const http = require('http');
const net = require('net');

const major = Number(process.versions.node.split('.')[0]);
// The headers Node adds to keep the connection, in its order.
const KEEP = major <= 10 ? ['Connection: keep-alive'] :
  ['Connection: keep-alive', 'Keep-Alive: timeout=5'];

// [what the handler does, handler, expected header lines, Date as `Date`]
const cases = [
  ["writeHead(200, {'Content-Length': 2}); end('hi')",
    (req, res) => {
      res.writeHead(200, { 'Content-Length': 2 });
      res.end('hi');
    },
    ['Content-Length: 2', 'Date', ...KEEP]],
  ["end('hi')", (req, res) => res.end('hi'),
    ['Date', ...KEEP, 'Content-Length: 2']],
  ["writeHead(200, {'Content-Type': 'text/plain'}); end('hi')",
    (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('hi');
    },
    ['Content-Type: text/plain', 'Date', ...KEEP, 'Transfer-Encoding: chunked']],
  ["setHeader('Content-Type', 'text/plain'); end('hi')",
    (req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end('hi');
    },
    ['Content-Type: text/plain', 'Date', ...KEEP, 'Content-Length: 2']],
  ["write('a'); end('b')",
    (req, res) => {
      res.write('a');
      res.end('b');
    },
    ['Date', ...KEEP, 'Transfer-Encoding: chunked']],
];

/**
 * Sends one GET to a fresh server running `handler` on 127.0.0.1, port 0;
 * resolves with the response's header lines (a Date line as `Date`) once its
 * body is complete, or with what came within 1 s.
 */
function headers(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const socket = net.connect(server.address().port, '127.0.0.1');
      let text = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        server.close();
        const head = text.split('\r\n\r\n')[0].split('\r\n').slice(1);
        resolve(head.map((line) => (line.startsWith('Date: ') ? 'Date' : line)));
      };
      const timer = setTimeout(done, 1000);
      socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
      socket.on('data', (chunk) => {
        text += chunk;
        const body = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
        if (body === 'hi' || body.endsWith('0\r\n\r\n')) done();
      });
      socket.on('error', () => {});
    });
  });
}

(async () => {
  let failed = 0;
  for (const [name, handler, want] of cases) {
    const got = await headers(handler);
    const ok = JSON.stringify(got) === JSON.stringify(want);
    if (!ok) failed++;
    const seen = ok ? '' : `: ${got.join(', ')}`;
    console.log(`${ok ? 'ok ' : 'NOT'} ${name}: ${want.join(', ')}` +
      ` (node ${process.version}${seen})`);
  }
  process.exitCode = failed ? 1 : 0;
})();

// However the sockets behave, the check ends.
setTimeout(() => {
  console.log('NOT finished within 10 s');
  process.exit(1);
}, 10000).unref();
