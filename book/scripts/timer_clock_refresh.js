// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// races.md: creating a timer reads the clock, and that reading moves libuv's
// cached time. In a timers phase, after a callback's nextTick spins 250 ms and
// creates a timer, a 200 ms timer that was not due when the phase began...
//   - runs in the same phase, before the immediate main queued, on Node 10
//     (one libuv handle per list) and on Node 20 (libuv 1.46 re-runs the
//     re-armed handle while it is due at the new time);
//   - waits for the next turn on Node 22 (libuv 1.51 runs a handle once per
//     phase), so the immediate comes first.
// Without the new timer the clock is not read and every version prints the
// immediate first.
//
//   node book/scripts/timer_clock_refresh.js
'use strict';
const { spawnSync } = require('child_process');

const SCRIPT = (createTimer) => `
const spin = (ms) => { const t = process.hrtime(); while (process.hrtime(t)[0] * 1e3 + process.hrtime(t)[1] / 1e6 < ms); };
setTimeout(() => {
  console.log('a');
  process.nextTick(() => { spin(250); ${createTimer ? 'setTimeout(() => {}, 1000);' : ''} });
}, 1);
setTimeout(() => console.log('b'), 200);
setImmediate(() => console.log('immediate'));
spin(5);
`;
const run = (createTimer) =>
  spawnSync(process.execPath, ['-e', SCRIPT(createTimer)], { encoding: 'utf8' })
    .stdout.trim().split('\n').join(' ');
const major = Number(process.versions.node.split('.')[0]);
let failed = 0;
const claim = (text, got, want) => {
  const ok = got === want;
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}, libuv ${process.versions.uv}: ${got})`);
};
claim(`with a timer created in the tick: ${major <= 20 ? 'b runs in the same phase' : 'b waits for the next turn'}`,
  run(true), major <= 20 ? 'a b immediate' : 'a immediate b');
claim('without it: the immediate first', run(false), 'a immediate b');
process.exitCode = failed ? 1 : 0;
