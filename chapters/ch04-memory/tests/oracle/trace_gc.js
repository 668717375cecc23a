// Real Node's --trace-gc lines, with every number replaced by '#', so the
// line's shape (fields, order, units, reason) can be compared with the toy's.
// Runs a child Node with --trace-gc: one forced scavenge, one forced full GC.
const { execFileSync } = require('child_process');
const out = execFileSync(process.execPath, [
  '--trace-gc', '--expose-gc', '-e', "gc({ type: 'minor' }); gc();",
], { encoding: 'utf8' });
for (const line of out.split('\n')) {
  if (line.trim() === '') continue;
  // Keep what follows the "[pid:isolate]  12 ms: " prefix; numbers become '#'.
  const body = line.slice(line.indexOf(' ms: ') + 5);
  console.log(body.replace(/\d+(\.\d+)?/g, '#').trimEnd());
}
