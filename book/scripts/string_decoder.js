// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// decoder.md: Node 10's StringDecoder was already C++: lib/string_decoder.js
// keeps the state in a native buffer (kNativeDecoder) and calls `decode` from
// internalBinding('string_decoder'), as Node 20 does. What differs is how an
// interrupted utf8 character ends: `write(ed a0)` then `write(7f)` gives one
// U+FFFD on Node 10 and two on Node 20 and 22 (one per maximal subpart), then
// U+007F. And Node 10 has no base64url.
//
//   node book/scripts/string_decoder.js
'use strict';
const { StringDecoder } = require('string_decoder');
const major = Number(process.versions.node.split('.')[0]);
let failed = 0;
const claim = (text, got, want) => {
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}: ${JSON.stringify(got)})`);
};
claim('write() hands the bytes to the native decoder',
  /kNativeDecoder/.test(String(StringDecoder.prototype.write)), true);
const d = new StringDecoder('utf8');
const out = d.write(Buffer.from([0xed, 0xa0])) + d.write(Buffer.from([0x7f])) + d.end();
claim(`write(ed a0) write(7f) gives ${major <= 10 ? 'one' : 'two'} U+FFFD then U+007F`,
  Array.from(out, (c) => c.codePointAt(0).toString(16)),
  major <= 10 ? ['fffd', '7f'] : ['fffd', 'fffd', '7f']);
claim(`base64url is ${major <= 10 ? 'unknown' : 'known'}`, Buffer.isEncoding('base64url'), major > 10);
process.exitCode = failed ? 1 : 0;
