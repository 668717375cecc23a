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
