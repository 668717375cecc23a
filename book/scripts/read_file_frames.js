// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// poll.md: which file of Node's own code calls fs.readFile's callback. The
// read runs as a little state machine (open → fstat → read → close) whose
// last step, readFileAfterClose, calls you from the request's oncomplete.
// Node 10 keeps it in internal/fs/read_file_context.js; Node 20 and 22 in
// node:internal/fs/read/context.
//
//   node book/scripts/read_file_frames.js
'use strict';
const major = Number(process.versions.node.split('.')[0]);
const want = major <= 10
  ? 'FSReqWrap.readFileAfterClose [as oncomplete] (internal/fs/read_file_context.js'
  : 'FSReqCallback.readFileAfterClose [as oncomplete] (node:internal/fs/read/context';
require('fs').readFile(__filename, () => {
  const caller = new Error().stack.split('\n')[2].trim();
  const ok = caller.startsWith(`at ${want}`);
  console.log(`${ok ? 'ok ' : 'NOT'} the callback is called from ${want}… (node ${process.version}: ${caller})`);
  process.exitCode = ok ? 0 : 1;
});
