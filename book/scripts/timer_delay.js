// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// loopscript.md and timers.md: a missing, zero or out-of-range delay is
// stored as 1 ms (Timeout's _idleTimeout), on every version.
//
//   node book/scripts/timer_delay.js
'use strict';
let failed = 0;
for (const [call, make] of [
  ['setTimeout(f)', () => setTimeout(() => {})],
  ['setTimeout(f, 0)', () => setTimeout(() => {}, 0)],
  ['setTimeout(f, -5)', () => setTimeout(() => {}, -5)],
  ['setTimeout(f, 2 ** 31)', () => setTimeout(() => {}, 2 ** 31)],
]) {
  const timer = make();
  const stored = timer._idleTimeout;
  clearTimeout(timer);
  const ok = stored === 1;
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${call} stores a delay of 1 ms (node ${process.version}: ${stored})`);
}
process.exitCode = failed ? 1 : 0;
