// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// http.md ("Where the notes are out of date"): an HTTP/1.1 request without a
// `Host` header was served by Node 10; Node 20 and 22 answer it with 400 and
// close the connection (the server option `requireHostHeader`, on by default).
// An HTTP/1.0 request needs no `Host` on any of them.
//
//   node book/scripts/http_no_host.js
'use strict';
const assert = require('assert');
const http = require('http');
const net = require('net');

const major = Number(process.versions.node.split('.')[0]);

/**
 * Sends `bytes` to a fresh server on 127.0.0.1, port 0, and resolves with the
 * status line that came back ('' for none) once the server closes the
 * connection or 1 s has passed.
 */
function statusOf(bytes) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1', () => {
      let answer = '';
      const socket = net.connect(server.address().port, '127.0.0.1', () => {
        socket.write(bytes);
      });
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        server.close();
        resolve(answer.split('\r\n')[0]);
      };
      const timer = setTimeout(done, 1000);
      socket.on('data', (chunk) => { answer += chunk; });
      socket.on('close', done);
      socket.on('error', done);
    });
  });
}

(async () => {
  // `Connection: close` so that a served request also ends in a close.
  const http11 = await statusOf('GET / HTTP/1.1\r\nConnection: close\r\n\r\n');
  const http10 = await statusOf('GET / HTTP/1.0\r\n\r\n');
  if (major < 20) {
    assert.strictEqual(http11, 'HTTP/1.1 200 OK', `Node ${major}: served without Host`);
  } else {
    assert.strictEqual(http11, 'HTTP/1.1 400 Bad Request', `Node ${major}: 400 without Host`);
  }
  assert.strictEqual(http10, 'HTTP/1.1 200 OK', `Node ${major}: HTTP/1.0 needs no Host`);
  console.log(`Node ${process.versions.node}: HTTP/1.1 without Host -> ${http11}; HTTP/1.0 -> ${http10}`);
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
