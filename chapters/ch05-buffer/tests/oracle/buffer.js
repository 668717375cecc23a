// The `buffer` example's protocol, answered by real Node (10, 20 or 22).
// Reads JSON request lines on stdin and prints one JSON answer per line.
// The `slab` op needs a fresh process per request: see slab.js.
'use strict';
const { StringDecoder } = require('string_decoder');

function str(u16) {
  if (!Array.isArray(u16)) return u16;
  let s = '';
  for (let i = 0; i < u16.length; i += 4096) {
    s += String.fromCharCode.apply(null, u16.slice(i, i + 4096));
  }
  return s;
}

function units(s) {
  const a = new Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

function bytes(hex) {
  return typeof hex === 'string' ? Buffer.from(hex, 'hex') : hex;
}

function answer(req) {
  switch (req.op) {
    case 'from': {
      const b = Buffer.from(str(req.u16), req.encoding);
      return { hex: b.toString('hex'), length: b.length };
    }
    case 'byteLength':
      return { byteLength: Buffer.byteLength(str(req.u16), req.encoding) };
    case 'toString':
      return { u16: units(bytes(req.hex).toString(req.encoding, req.start, req.end)) };
    case 'concat': {
      const list = Array.isArray(req.list) ? req.list.map(bytes) : req.list;
      const b = 'totalLength' in req ? Buffer.concat(list, req.totalLength) : Buffer.concat(list);
      return { hex: b.toString('hex'), length: b.length };
    }
    case 'decode': {
      const d = new StringDecoder(req.encoding);
      const writes = req.chunks.map((c) => units(d.write(bytes(c))));
      return { writes: writes, end: units(d.end()) };
    }
    default:
      return { error: 'ERR_INVALID_REQUEST' };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = [];
  for (const line of input.split('\n')) {
    if (line === '') continue;
    let reply;
    try {
      reply = answer(JSON.parse(line));
    } catch (e) {
      reply = { error: e.code || 'ERR_INVALID_REQUEST' };
    }
    out.push(JSON.stringify(reply));
  }
  process.stdout.write(out.join('\n') + '\n');
});
