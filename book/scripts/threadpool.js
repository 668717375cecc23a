// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// What the book's chapter 2 says about libuv's thread pool (threadpool.md,
// poll.md, blocking-io.md), shown on real Node without timing anything:
//
// 1. The pool has 4 workers by default.
// 2. UV_THREADPOOL_SIZE is read when the first request reaches the pool, not
//    at startup: setting it in the script, before the first fs call, works...
// 3. ...and setting it after that first request changes nothing.
// 4. Sockets never use the pool: a TCP round trip on 127.0.0.1 completes
//    while every worker is stuck.
//
// How: opening a FIFO for reading blocks until a writer opens it, and
// fs.open runs that blocking open(2) on a pool worker. Each FIFO parks one
// worker; once every worker is parked, an fs.stat cannot run. The pool's size
// is the number of parked workers at which a stat stops completing.
//
//   node book/scripts/threadpool.js
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

// A free worker runs a stat in microseconds; these leave room for a busy machine.
const WAIT_MS = 300;
const CONFIRM_MS = 2000;

/** Parks workers one by one until a stat is stuck; calls back with the count. */
function poolSize(dir, done) {
  const fifos = [];
  const release = () => {
    for (const fifo of fifos) {
      // A reader is waiting in open(2), so a non-blocking writer may open: that frees it.
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    }
  };
  const step = (parked) => {
    if (parked > 16) {
      release();
      return done(-1);
    }
    let statDone = false;
    fs.stat(__filename, () => { statDone = true; });
    const next = () => {
      const fifo = path.join(dir, `fifo${parked}`);
      execFileSync('mkfifo', [fifo]);
      fifos.push(fifo);
      fs.open(fifo, 'r', (err, fd) => { if (!err) fs.closeSync(fd); });
      step(parked + 1);
    };
    setTimeout(() => {
      if (statDone) return next();
      // Not done yet: stuck, or only slow on a busy machine? Give it longer.
      setTimeout(() => {
        if (statDone) return next();
        release();
        done(parked);
      }, CONFIRM_MS);
    }, WAIT_MS);
  };
  step(0);
}

/** With every worker parked, does a TCP echo on 127.0.0.1 complete? */
function socketWhileParked(dir, done) {
  const fifo = path.join(dir, 'only');
  execFileSync('mkfifo', [fifo]);
  fs.open(fifo, 'r', (err, fd) => { if (!err) fs.closeSync(fd); });
  const server = net.createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1', () => {
    const client = net.connect(server.address().port, '127.0.0.1');
    const timer = setTimeout(() => finish(false), 3000);
    const finish = (ok) => {
      clearTimeout(timer);
      client.destroy();
      server.close();
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      done(ok);
    };
    client.on('data', (d) => finish(d.toString() === 'ping'));
    client.write('ping');
  });
}

const mode = process.argv[2];
if (mode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-'));
  const report = (value) => {
    fs.rmSync ? fs.rmSync(dir, { recursive: true }) : execFileSync('rm', ['-r', dir]);
    console.log(JSON.stringify(value));
  };
  if (mode === 'default') poolSize(dir, report);
  if (mode === 'set-first') {
    process.env.UV_THREADPOOL_SIZE = '2';
    poolSize(dir, report);
  }
  if (mode === 'set-late') {
    fs.stat(__filename, () => {
      process.env.UV_THREADPOOL_SIZE = '2';
      poolSize(dir, report);
    });
  }
  if (mode === 'socket') {
    process.env.UV_THREADPOOL_SIZE = '1';
    socketWhileParked(dir, report);
  }
  return;
}

const run = (m) => {
  const env = Object.assign({}, process.env);
  delete env.UV_THREADPOOL_SIZE;
  const child = spawnSync(process.execPath, [__filename, m], { env, encoding: 'utf8', timeout: 60000 });
  return JSON.parse(child.stdout.trim() || 'null');
};
const checks = [
  ['the pool has 4 workers by default', run('default'), 4],
  ['UV_THREADPOOL_SIZE=2 set in the script before the first fs call gives 2 workers', run('set-first'), 2],
  ['UV_THREADPOOL_SIZE=2 set after the first fs call changes nothing (4 workers)', run('set-late'), 4],
  ['a TCP round trip completes while the only worker is parked', run('socket'), true],
];
let failed = 0;
for (const [claim, got, want] of checks) {
  const ok = got === want;
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${claim} (node ${process.version}: ${JSON.stringify(got)})`);
}
process.exitCode = failed ? 1 : 0;
