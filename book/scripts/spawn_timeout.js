// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// spawn.md: `timeout` is an option of all four ways to start a child on Node 20
// and 22. `exec` has always had it; `spawn` and `fork` gained it in Node 15.13
// (and 14.18). Node 10 ignores it there, so its child runs to the end.
//
// Each child would live 1 s and is given a 100 ms timeout: with the option it
// ends by SIGTERM long before that second, without it it exits 0 after it.
//
//   node book/scripts/spawn_timeout.js
'use strict';
const { exec, fork, spawn } = require('child_process');

if (process.argv[2] === 'child') {
  setTimeout(() => {}, 1000);
  return;
}

const major = Number(process.versions.node.split('.')[0]);
const started = Date.now();
let failed = false;

/** Prints one line for a child that ended with `(code, signal)`. */
function report(name, hasTimeout, code, signal) {
  const ms = Date.now() - started;
  const killed = code === null && signal === 'SIGTERM' && ms < 900;
  const ranOut = code === 0 && signal === null && ms >= 1000;
  const ok = hasTimeout ? killed : ranOut;
  failed = failed || !ok;
  const expected = hasTimeout ? 'killed by its timeout' : 'ignores the timeout';
  console.log(`${ok ? 'ok ' : 'NOT'} ${name} ${expected} ` +
    `(node ${process.version}: exit ${code} ${signal} after ${ms} ms)`);
}

const newer = major >= 15;
spawn('sleep', ['1'], { timeout: 100 })
  .on('exit', (code, signal) => report('spawn', newer, code, signal));
fork(__filename, ['child'], { timeout: 100 })
  .on('exit', (code, signal) => report('fork', newer, code, signal));
exec('sleep 1', { timeout: 100 }, (err) => {
  const code = err ? err.code : 0;
  report('exec', true, code, err ? err.signal : null);
});
process.on('exit', () => {
  process.exitCode = failed ? 1 : 0;
});
