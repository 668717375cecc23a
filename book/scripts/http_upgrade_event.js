// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// websocket.md ("The handshake"): Node's HTTP parser raises 'upgrade' only
// when `Connection` holds the `upgrade` token (alone or in a list); without it
// the request goes to the 'request' handler as an ordinary one. It does not
// judge the rest: an HTTP/1.0 request, a POST or `Sec-WebSocket-Version: 8`
// with both headers still raises 'upgrade', and refusing them is left to the
// listener (`ws` answers a POST with 405).
//
// http.md ("Where the notes are out of date"): with no 'upgrade' listener, a
// request with both headers is served as an ordinary request and the
// connection is kept (a later request on it is answered too); a CONNECT with
// no 'connect' listener is closed without an answer.
//
// The same on Node 10, 20 and 22.
//
//   node book/scripts/http_upgrade_event.js
'use strict';
const http = require('http');
const net = require('net');

/** An upgrade request: `line` its request line, `connection` its header. */
function upgrade(line, connection, version = '13', extra = '') {
  return `${line}\r\nHost: a\r\nUpgrade: websocket\r\n` +
    (connection === null ? '' : `Connection: ${connection}\r\n`) +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
    `Sec-WebSocket-Version: ${version}\r\n${extra}\r\n`;
}
const GET = 'GET / HTTP/1.1';

// [case, bytes, event the server sees]
const withListener = [
  ['Connection: Upgrade', upgrade(GET, 'Upgrade'), 'upgrade'],
  ['Connection: keep-alive, Upgrade', upgrade(GET, 'keep-alive, Upgrade'), 'upgrade'],
  ['Connection: keep-alive', upgrade(GET, 'keep-alive'), 'request'],
  ['no Connection', upgrade(GET, null), 'request'],
  ['HTTP/1.0 with both headers', upgrade('GET / HTTP/1.0', 'Upgrade'), 'upgrade'],
  ['POST with both headers',
    upgrade('POST / HTTP/1.1', 'Upgrade', '13', 'Content-Length: 0\r\n'), 'upgrade'],
  ['Sec-WebSocket-Version: 8', upgrade(GET, 'Upgrade', '8'), 'upgrade'],
];

/**
 * Starts a server on 127.0.0.1, port 0, with or without an 'upgrade'
 * listener, sends `first`, and `second` (if any) once an answer came; resolves
 * with the events seen, the bytes that came back and whether the server
 * closed the connection within 500 ms.
 */
function exchange(listen, first, second) {
  return new Promise((resolve) => {
    const events = [];
    const server = http.createServer((req, res) => {
      events.push('request');
      req.resume();
      req.on('end', () => res.end('x'));
    });
    if (listen) {
      server.on('upgrade', (req, socket) => {
        events.push('upgrade');
        socket.destroy();
      });
    }
    server.listen(0, '127.0.0.1', () => {
      const socket = net.connect(server.address().port, '127.0.0.1');
      let text = '';
      let sent = false;
      const done = (closed) => {
        clearTimeout(timer);
        socket.destroy();
        server.close();
        resolve({ events, text, closed });
      };
      const timer = setTimeout(() => done(false), 500);
      socket.on('connect', () => socket.write(first));
      socket.on('data', (chunk) => {
        text += chunk;
        if (second && !sent) {
          sent = true;
          socket.write(second);
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => done(true));
    });
  });
}

(async () => {
  let failed = 0;
  const claim = (text, ok, got) => {
    if (!ok) failed++;
    console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}: ${got})`);
  };
  for (const [name, bytes, event] of withListener) {
    const got = await exchange(true, bytes);
    claim(`${name} raises '${event}'`, got.events.join() === event,
      got.events.join() || 'no event');
  }
  const served = await exchange(false, upgrade(GET, 'Upgrade'),
    `${GET}\r\nHost: a\r\n\r\n`);
  const statuses = (served.text.match(/HTTP\/1\.1 \d{3}/g) || []).join(', ');
  claim('with no upgrade listener, both requests are served, connection kept',
    served.events.join() === 'request,request' && !served.closed &&
      statuses === 'HTTP/1.1 200, HTTP/1.1 200',
    `${served.events.join()}; ${statuses}; ${served.closed ? 'closed' : 'kept'}`);
  const connect = await exchange(false, 'CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n');
  claim('CONNECT with no connect listener is closed without an answer',
    connect.closed && connect.text === '' && connect.events.length === 0,
    `${JSON.stringify(connect.text)}, ${connect.closed ? 'closed' : 'kept'}`);
  process.exitCode = failed ? 1 : 0;
})();

// However the sockets behave, the check ends.
setTimeout(() => {
  console.log('NOT finished within 10 s');
  process.exit(1);
}, 10000).unref();
