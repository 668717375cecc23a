// Real Node's side of benches/read_chunks.rs: one file read with `fs.createReadStream` at
// several `highWaterMark` chunk sizes (Buffer与性能).
//
//   node read_chunks.js PATH RUNS CHUNK...
//
// Prints one line per figure, `chunk.metric value`, for the bench binary to show beside its own:
//   bytes     bytes the stream delivered (the bench checks it is the whole file)
//   chunks    'data' events: one per read that returned bytes
//   mbps      median MB/s (10^6 bytes a second), from createReadStream to 'end', over RUNS runs
//   backing   `chunk.buffer.byteLength` of a chunk from the middle of the file: the
//             ArrayBuffer behind it (8192 when the chunk is a slice of Buffer's slab)
//   buffers   how many times the backing ArrayBuffer changed from one chunk to the next
//             (+1): chunks that share an ArrayBuffer came from one pool
// Run 0 warms the JIT and is dropped; the layout figures come from one extra, untimed pass,
// so the timed passes do nothing in 'data' but count. Written for Node 10 as well as Node 20:
// no `??`, no BigInt.
'use strict';
const fs = require('fs');

const [path, runsText, ...chunkTexts] = process.argv.slice(2);
const runs = Number(runsText);
const chunks = chunkTexts.map(Number);
const size = fs.statSync(path).size;

// A bench must end: if a stream stalls, give up loudly.
setTimeout(() => {
  console.error('read_chunks.js: gave up after 300 s');
  process.exit(1);
}, 300000).unref();

function nowMs() {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// One timed pass: resolves with { ms, chunks, bytes }.
function timedRead(highWaterMark) {
  return new Promise((resolve, reject) => {
    let count = 0;
    let bytes = 0;
    const start = nowMs();
    fs.createReadStream(path, { highWaterMark })
      .on('data', (chunk) => {
        count += 1;
        bytes += chunk.length;
      })
      .on('end', () => resolve({ ms: nowMs() - start, chunks: count, bytes }))
      .on('error', reject);
  });
}

// One untimed pass that looks at where each chunk's memory lives.
function layout(highWaterMark) {
  return new Promise((resolve, reject) => {
    let count = 0;
    let switches = 0;
    let previous = null;
    let backing = 0;
    const middle = Math.floor(size / highWaterMark / 2);
    fs.createReadStream(path, { highWaterMark })
      .on('data', (chunk) => {
        if (chunk.buffer !== previous) switches += 1;
        previous = chunk.buffer;
        if (count === middle) backing = chunk.buffer.byteLength;
        count += 1;
      })
      .on('end', () => resolve({ backing, buffers: switches }))
      .on('error', reject);
  });
}

async function main() {
  const ms = {};
  const seen = {};
  for (let run = 0; run <= runs; run++) {
    // Alternate the order of the chunk sizes, so a burst of load on the machine hits all of them.
    const order = run % 2 === 0 ? chunks : chunks.slice().reverse();
    for (const chunk of order) {
      const result = await timedRead(chunk);
      if (result.bytes !== size) {
        throw new Error(`highWaterMark ${chunk}: read ${result.bytes} bytes of ${size}`);
      }
      seen[chunk] = result;
      if (run > 0) (ms[chunk] = ms[chunk] || []).push(result.ms);
    }
  }
  for (const chunk of chunks) {
    const { backing, buffers } = await layout(chunk);
    console.log(`${chunk}.bytes ${seen[chunk].bytes}`);
    console.log(`${chunk}.chunks ${seen[chunk].chunks}`);
    console.log(`${chunk}.mbps ${(size / 1e3 / median(ms[chunk])).toFixed(1)}`);
    console.log(`${chunk}.backing ${backing}`);
    console.log(`${chunk}.buffers ${buffers}`);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
