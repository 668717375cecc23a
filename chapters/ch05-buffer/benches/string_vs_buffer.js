// Real Node's side of benches/string_vs_buffer.rs: a string encoded on every send vs a Buffer
// encoded once, in memory and through Node's own http server (Buffer与性能).
//
//   node string_vs_buffer.js SIZE SENDS REQUESTS RUNS
//
// Prints one line per figure, `body.metric value`, for the bench binary to show beside its own:
//   bytes        the body's length in UTF-8 bytes (the bench checks it matches its own)
//   encode       ns per send: `Buffer.from(str)` then copy into an output buffer
//   reuse        ns per send: copy a Buffer made once
//   write        ns per send: `out.write(str)`, encoding straight into the output buffer
//   http_string  µs per request: `res.end(str)`
//   http_buffer  µs per request: `res.end(buf)`
// Each figure is the median of RUNS runs. Written for Node 10 as well as Node 20:
// no `??`, no BigInt.
'use strict';
const http = require('http');

const [sizeText, sendsText, requestsText, runsText] = process.argv.slice(2);
const size = Number(sizeText);
const sends = Number(sendsText);
const requests = Number(requestsText);
const runs = Number(runsText);

// The notes' poem (李白《静夜思》): 24 characters, 72 bytes of UTF-8.
const POEM = '床前明月光，疑是地上霜；举头望明月，低头思故乡。';
const HELLO = 'hello world\n';

// The same three bodies the Rust side builds: the poem repeated to at least SIZE bytes,
// ASCII text of exactly SIZE bytes, and the classic tiny "hello world".
const bodies = [
  ['poem', POEM.repeat(Math.ceil(size / 72))],
  ['ascii', HELLO.repeat(Math.ceil(size / HELLO.length)).slice(0, size)],
  ['tiny', 'hello world'],
];

// A bench must end: if a server or client stalls, give up loudly.
setTimeout(() => {
  console.error('string_vs_buffer.js: gave up after 300 s');
  process.exit(1);
}, 300000).unref();

function nowMs() {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// The in-memory "send": the bytes are copied into `out`, as the kernel copies them into a
// socket's buffer. Returns ns per send; the byte count keeps the loop from being optimised away.
function perSend(out, send) {
  let bytes = 0;
  const start = nowMs();
  for (let i = 0; i < sends; i++) bytes += send(out);
  const ms = nowMs() - start;
  if (bytes === 0) throw new Error('nothing was sent');
  return (ms * 1e6) / sends;
}

// One server answering REQUESTS requests on one keep-alive connection, one request at a time,
// from a client in this same process. The first request (connect, JIT warm-up) is not timed.
// Returns µs per request.
function httpRun(body, expected) {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(body);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const port = server.address().port;
      let left = requests + 1;
      let start = 0;
      const one = () => {
        const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          let received = 0;
          res.on('data', (chunk) => {
            received += chunk.length;
          });
          res.on('end', () => {
            if (received !== expected) {
              reject(new Error(`received ${received} bytes, expected ${expected}`));
              return;
            }
            left -= 1;
            if (left === requests) start = nowMs();
            if (left > 0) {
              one();
              return;
            }
            const ms = nowMs() - start;
            agent.destroy();
            server.close(() => resolve((ms * 1e3) / requests));
          });
        });
        req.on('error', reject);
      };
      one();
    });
  });
}

async function main() {
  const largest = Math.max(...bodies.map(([, text]) => Buffer.byteLength(text)));
  const out = Buffer.alloc(largest);
  const figures = {};
  const add = (key, value) => {
    (figures[key] = figures[key] || []).push(value);
  };
  for (let run = 0; run <= runs; run++) {
    // Run 0 only warms the JIT and the sockets; its figures are dropped.
    const keep = run > 0;
    for (const [name, text] of bodies) {
      const buf = Buffer.from(text);
      const encode = perSend(out, (o) => Buffer.from(text).copy(o));
      const reuse = perSend(out, (o) => buf.copy(o));
      const write = perSend(out, (o) => o.write(text));
      // Alternate which way goes first, so a burst of load on the machine hits both.
      let httpString;
      let httpBuffer;
      if (run % 2 === 0) {
        httpString = await httpRun(text, buf.length);
        httpBuffer = await httpRun(buf, buf.length);
      } else {
        httpBuffer = await httpRun(buf, buf.length);
        httpString = await httpRun(text, buf.length);
      }
      if (keep) {
        add(`${name}.encode`, encode);
        add(`${name}.reuse`, reuse);
        add(`${name}.write`, write);
        add(`${name}.http_string`, httpString);
        add(`${name}.http_buffer`, httpBuffer);
      }
    }
  }
  for (const [name, text] of bodies) console.log(`${name}.bytes ${Buffer.byteLength(text)}`);
  for (const key of Object.keys(figures)) console.log(`${key} ${median(figures[key]).toFixed(3)}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
