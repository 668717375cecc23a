// Runs the slab steps in STEPS (defined by a line the test puts above this
// text) and prints where each buffer landed, as the `slab` op answers.
// `Buffer.from('zz', 'hex')` decodes to zero bytes inside the current pool
// without moving its offset: that is how pool 0 is found without disturbing it.
const pools = [Buffer.from('zz', 'hex').buffer];
function make(step) {
  switch (step.alloc) {
    case 'allocUnsafe': return Buffer.allocUnsafe(step.length);
    case 'alloc': return Buffer.alloc(step.length);
    case 'allocUnsafeSlow': return Buffer.allocUnsafeSlow(step.length);
    case 'from': return Buffer.from(String.fromCharCode.apply(null, step.u16), step.encoding);
    default: throw new Error('unknown step');
  }
}
let reply;
try {
  const rows = STEPS.map((step) => {
    const b = make(step);
    let pool = pools.indexOf(b.buffer);
    if (pool < 0) pool = pools.push(b.buffer) - 1;
    return { byteOffset: b.byteOffset, length: b.length, arrayBufferByteLength: b.buffer.byteLength, pool: pool };
  });
  reply = { rows: rows };
} catch (e) {
  reply = { error: e.code || 'ERR_INVALID_REQUEST' };
}
console.log(JSON.stringify(reply));
