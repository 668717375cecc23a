// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// sentinel.md: the notes' sentinel wired to a real EventEmitter. `after(3,
// render)` renders once, with all three results, but `other`, also listening
// to "done", runs for every single result, and an error never reaches anyone.
//
//   node book/scripts/sentinel_notes.js
'use strict';
const { EventEmitter } = require('events');

// The notes' `after`, as they print it.
const after = function (times, cb) {
  let count = 0;
  const results = {};
  return function (key, value) {
    results[key] = value;
    count++;
    if (count === times) cb(results);
  };
};
const calls = { render: [], other: 0 };
const emitter = new EventEmitter();
emitter.on('done', after(3, (results) => calls.render.push(Object.keys(results).join(' '))));
emitter.on('done', () => { calls.other++; });
// Three sources, as in the notes; the second fails, and (as in the notes) its
// callback drops `err` and emits what it has. One delay for all three: timers
// of one duration run in the order they were made, where delays of 1 and 2 ms
// race on Node 10 (each duration had its own libuv timer).
const sources = [[null, 'template', 't'], [new Error('db down'), 'data', undefined], [null, 'resources', 'r']];
sources.forEach(([err, key, value]) => setTimeout(() => emitter.emit('done', key, value), 1));

setTimeout(() => {
  let failed = 0;
  const claim = (text, got, want) => {
    const ok = JSON.stringify(got) === JSON.stringify(want);
    if (!ok) failed++;
    console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}: ${JSON.stringify(got)})`);
  };
  claim('render runs once, with all three keys', calls.render, ['template data resources']);
  claim('other runs for every result', calls.other, 3);
  process.exitCode = failed ? 1 : 0;
}, 20);
