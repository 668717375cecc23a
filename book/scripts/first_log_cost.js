// Measures what the first console.log costs (creating process.stdout), with
// stdout a pipe as the oracle tests run Node, and what a later one costs.
// Used by the book's chapter 2, event-loop.md#stdout-cost. Not a pass/fail
// check: it prints the median, 90th percentile and maximum of RUNS child
// processes, and the load average, so a reader can say whether the machine
// was idle or busy.
//
//   node book/scripts/first_log_cost.js [RUNS]
'use strict';
const { spawnSync } = require('child_process');
const os = require('os');

if (process.argv[2] === 'child') {
  const t0 = process.hrtime();
  console.log('first');
  const t1 = process.hrtime(t0);
  const t2 = process.hrtime();
  console.log('second');
  const t3 = process.hrtime(t2);
  const ms = (t) => t[0] * 1e3 + t[1] / 1e6;
  process.stderr.write(JSON.stringify([ms(t1), ms(t3)]) + '\n');
  return;
}

const runs = Number(process.argv[2] || 30);
const first = [];
const later = [];
const loadBefore = os.loadavg()[0];
for (let i = 0; i < runs; i++) {
  const child = spawnSync(process.execPath, [__filename, 'child'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [a, b] = JSON.parse(child.stderr.toString());
  first.push(a);
  later.push(b);
}
const loadAfter = os.loadavg()[0];
const stats = (xs) => {
  const s = xs.slice().sort((x, y) => x - y);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
};
console.log(`node ${process.version}, ${runs} runs, ${os.cpus().length} cores, ` +
  `load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`);
console.log(`first console.log: ${stats(first)}`);
console.log(`later console.log: ${stats(later)}`);
