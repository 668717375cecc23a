// Which /proc/meminfo field Node's os.totalmem() and os.freemem() report.
// The figures differ per machine; the field each one matches does not.
const fs = require('fs');
const os = require('os');
const free = os.freemem();
const total = os.totalmem();
const fields = {};
for (const line of fs.readFileSync('/proc/meminfo', 'utf8').split('\n')) {
  const m = /^(\w+):\s+(\d+) kB$/.exec(line);
  if (m) fields[m[1]] = Number(m[2]) * 1024;
}
const closest = (value) => ['MemTotal', 'MemFree', 'MemAvailable']
  .map((name) => [Math.abs(fields[name] - value), name])
  .sort((a, b) => a[0] - b[0])[0][1];
console.log('totalmem_reads ' + closest(total));
console.log('freemem_reads ' + closest(free));
