// V8's heap spaces as Node reports them: names from v8.getHeapSpaceStatistics(),
// and the old-space limit (heap_size_limit) with and without --max-old-space-size.
const v8 = require('v8');
const { execFileSync } = require('child_process');
console.log('spaces ' + v8.getHeapSpaceStatistics().map((s) => s.space_name).join(' '));
const limit = (flags) => Number(execFileSync(process.execPath, [...flags, '-e',
  "process.stdout.write(String(require('v8').getHeapStatistics().heap_size_limit))"],
  { encoding: 'utf8' }));
const MiB = 1024 * 1024;
// The notes' figures (1.4 GB on 64-bit, 0.7 GB on 32-bit) were Node <= 11's
// fixed defaults; Node 12+ sizes the heap from the machine's memory instead.
console.log('default_limit_over_1400_mib ' + (limit([]) > 1400 * MiB));
console.log('limit_with_max_old_512_mib ' + limit(['--max-old-space-size=512']) / MiB);
console.log('limit_with_max_old_64_mib ' + limit(['--max-old-space-size=64']) / MiB);
// The notes' leak tools (node-heapdump, node-memwatch) are built in now:
// v8.writeHeapSnapshot() writes the same .heapsnapshot Chrome DevTools reads.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-'));
const file = v8.writeHeapSnapshot(path.join(dir, 'x.heapsnapshot'));
const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
console.log('write_heap_snapshot ' + (snapshot.snapshot.node_count > 0));
fs.rmSync(dir, { recursive: true });
// Large objects: V8's threshold (kMaxRegularHeapObjectSize, 128 KiB), and
// Node 20's young large-object space, promoted by page at the first scavenge.
const large = execFileSync(process.execPath, ['--expose-gc', '-e', `
  const v8 = require('v8');
  const used = (name) => v8.getHeapSpaceStatistics()
    .find((s) => s.space_name === name).space_used_size;
  const inLarge = (n) => {
    const before = used('new_large_object_space');
    globalThis.keep = new Array(n).fill(1.5);
    return used('new_large_object_space') > before;
  };
  console.log('doubles_16370_large ' + inLarge(16370));
  console.log('doubles_16400_large ' + inLarge(16400));
  const old = used('large_object_space');
  gc({ type: 'minor' });
  console.log('first_scavenge_moves_it_to_large_object_space '
    + (used('new_large_object_space') === 0 && used('large_object_space') > old));
`], { encoding: 'utf8' });
process.stdout.write(large);
