// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// promise.md: Promise.withResolvers() arrived in Node 22 (V8 12.x); Node 10
// and Node 20 do not have it, so code for them builds the deferred by hand.
//
//   node book/scripts/with_resolvers.js
'use strict';
const major = Number(process.versions.node.split('.')[0]);
const has = typeof Promise.withResolvers === 'function';
const ok = has === major >= 22;
console.log(`${ok ? 'ok ' : 'NOT'} Promise.withResolvers ${major >= 22 ? 'exists' : 'does not exist'} ` +
  `(node ${process.version}: ${typeof Promise.withResolvers})`);
process.exitCode = ok ? 0 : 1;
