// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// server.md ("One more rule comes from llhttp reading ahead"): what a bad
// request pipelined behind a good one does depends on the handler. Each case
// below is written in one write, so the server reads it in one go.
//
// - A handler that answers at once (`res.end('x')` in 'request') has sent its
//   200 before the parser reaches the bad bytes; Node 20 and 22 then close
//   without a 400. Node 10 wrote its bare 400 after the 200 anyway.
// - A handler that waits for the request's 'end' (like the chapter's
//   tests/node/handler.js) has sent nothing yet: Node writes the bare
//   `HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n` and closes, and the
//   good request is never answered.
// - Bytes after a `Connection: close` request split the same way on Node 20
//   and 22 (a 200 then the close, or the 400 alone); Node 10's parser did not
//   refuse them, so it answered the first request and closed.
// - A pipelined CONNECT (no 'connect' listener): a 200 then the close, or
//   nothing at all.
// - A good pair of requests, the control: both answered, connection kept.
//
//   node book/scripts/http_pipelined_bad_head.js
'use strict';
const http = require('http');
const net = require('net');

const major = Number(process.versions.node.split('.')[0]);
const node10 = major <= 10;
const BARE_400 = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
const GET = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

const handlers = {
  'answers at once': (req, res) => res.end('x'),
  'waits for end': (req, res) => {
    req.resume();
    req.on('end', () => res.end('x'));
  },
};

// [case, bytes, handler, expected statuses, expected closed?]
const cases = [
  ['GET then JUNK', `${GET}JUNK\r\n\r\n`, 'answers at once',
    node10 ? ['200', '400'] : ['200'], true],
  ['GET then JUNK', `${GET}JUNK\r\n\r\n`, 'waits for end', ['400'], true],
  ['Connection: close then a GET',
    `GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n${GET}`,
    'answers at once', ['200'], true],
  ['Connection: close then a GET',
    `GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n${GET}`,
    'waits for end', node10 ? ['200'] : ['400'], true],
  ['GET then CONNECT', `${GET}CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n`,
    'answers at once', ['200'], true],
  ['GET then CONNECT', `${GET}CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n`,
    'waits for end', [], true],
  ['two good GETs', GET + GET, 'answers at once', ['200', '200'], false],
  ['two good GETs', GET + GET, 'waits for end', ['200', '200'], false],
];

/**
 * Sends `bytes` in one write to a fresh server running `handler` on
 * 127.0.0.1, port 0; resolves with what came back and whether the server
 * closed the connection within 500 ms.
 */
function exchange(handler, bytes) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const socket = net.connect(server.address().port, '127.0.0.1');
      let text = '';
      const done = (closed) => {
        clearTimeout(timer);
        socket.destroy();
        server.close();
        resolve({ text, closed });
      };
      const timer = setTimeout(() => done(false), 500);
      socket.on('connect', () => socket.write(bytes));
      socket.on('data', (chunk) => { text += chunk; });
      socket.on('error', () => {});
      socket.on('close', () => done(true));
    });
  });
}

(async () => {
  let failed = 0;
  for (const [name, bytes, handler, statuses, closed] of cases) {
    const got = await exchange(handlers[handler], bytes);
    const gotStatuses = (got.text.match(/HTTP\/1\.1 \d{3}/g) || []).map((s) => s.slice(9));
    // Every 400 here must be Node's bare refusal, the last thing written.
    const bare = !statuses.includes('400') || got.text.endsWith(BARE_400);
    const ok = JSON.stringify(gotStatuses) === JSON.stringify(statuses) &&
      got.closed === closed && bare;
    if (!ok) failed++;
    const want = `${statuses.join(', ') || 'nothing'}, ${closed ? 'closed' : 'kept'}`;
    console.log(`${ok ? 'ok ' : 'NOT'} ${name}, handler ${handler}: ${want}` +
      ` (node ${process.version}: ${JSON.stringify(got.text)}, ` +
      `${got.closed ? 'closed' : 'kept'})`);
  }
  process.exitCode = failed ? 1 : 0;
})();

// However the sockets behave, the check ends.
setTimeout(() => {
  console.log('NOT finished within 10 s');
  process.exit(1);
}, 10000).unref();
