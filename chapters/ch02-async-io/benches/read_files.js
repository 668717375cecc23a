// Real Node's side of benches/read_files.rs: the same files, read the two ways Node offers.
//
//   node read_files.js DIR COUNT RUNS
//
// Prints one line per way, `name median_ms`, for the bench binary to show beside its own figures.
// `readFileSync` blocks the JavaScript thread once per file; `readFile` starts every read at
// once and lets libuv's pool (UV_THREADPOOL_SIZE, 4 by default) do them, four requests each.
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, countText, runsText] = process.argv.slice(2);
const count = Number(countText);
const runs = Number(runsText);
const files = Array.from({ length: count }, (_, i) => path.join(dir, `${i}.bin`));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sequential() {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (const file of files) bytes += fs.readFileSync(file).length;
  return [Number(process.hrtime.bigint() - start) / 1e6, bytes];
}

function concurrent() {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let left = files.length;
    let bytes = 0;
    for (const file of files) {
      fs.readFile(file, (error, data) => {
        if (error) return reject(error);
        bytes += data.length;
        if (--left === 0) resolve([Number(process.hrtime.bigint() - start) / 1e6, bytes]);
      });
    }
  });
}

async function main() {
  // One untimed round of each warms the page cache, the pool's threads and the JIT.
  sequential();
  await concurrent();
  const seq = [];
  const pool = [];
  for (let i = 0; i < runs; i++) {
    seq.push(sequential()[0]);
    pool.push((await concurrent())[0]);
  }
  console.log(`readFileSync ${median(seq).toFixed(2)}`);
  console.log(`readFile ${median(pool).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
