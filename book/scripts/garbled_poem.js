// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// garbled.md: reading Li Bai's poem (the example of 深入浅出Node.js §6.4) in
// 11-byte chunks and joining them with `data += chunk` cuts characters in two;
// every Node prints the same garbled line. With setEncoding('utf8') (a
// StringDecoder) the text comes out whole.
//
//   node book/scripts/garbled_poem.js
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const poem = '床前明月光，疑是地上霜；举头望明月，低头思故乡。';
const garbled = '床前明\ufffd\ufffd光，疑\ufffd\ufffd\ufffd地上霜；举头\ufffd\ufffd明月，\ufffd\ufffd\ufffd头思故乡。';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poem-'));
const file = path.join(dir, 'poem.txt');
fs.writeFileSync(file, poem);

let failed = 0;
const claim = (text, got, want) => {
  const ok = got === want;
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}: ${got})`);
};
let joined = '';
fs.createReadStream(file, { highWaterMark: 11 })
  .on('data', (chunk) => { joined += chunk; })
  .on('end', () => {
    claim('data += chunk with highWaterMark 11 prints the garbled line', joined, garbled);
    let decoded = '';
    const stream = fs.createReadStream(file, { highWaterMark: 11 });
    stream.setEncoding('utf8');
    stream.on('data', (text) => { decoded += text; }).on('end', () => {
      claim('setEncoding("utf8") prints the poem whole', decoded, poem);
      fs.unlinkSync(file);
      fs.rmdirSync(dir);
      process.exitCode = failed ? 1 : 0;
    });
  });
