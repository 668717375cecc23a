// Orinoco on Node 20: which of V8's parallel and concurrent collectors are on
// by default, and whether a busy program's full GCs were marked in steps.
const { execFileSync } = require('child_process');
const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
for (const flag of ['parallel-scavenge', 'concurrent-marking', 'incremental-marking',
  'concurrent-sweeping', 'parallel-compaction']) {
  // Each option's help ends with "default: --flag" (on) or "default: --no-flag" (off).
  const on = options.includes(`default: --${flag}\n`);
  console.log(`${flag} ${on ? 'on' : 'off'}`);
}
const trace = execFileSync(process.execPath, ['--trace-gc', '-e', `
  const keep = [];
  for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 4e5) keep.length = 0; }
`], { encoding: 'utf8' });
const stepped = trace.split('\n').some((line) =>
  line.includes('Mark-Compact') && /in \d+ steps since start of marking/.test(line));
console.log('full_gc_marked_in_steps ' + stepped);
