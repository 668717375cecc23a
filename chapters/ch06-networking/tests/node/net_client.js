// The notes' TCP client on Node 20, made deterministic: it waits for the
// greeting and one reply before ending. Prints `connect`, `data <JSON text>`
// (everything received), `end`, `close`.
const net = require('net');
const expected = Buffer.byteLength('欢迎光临《深入浅出Node.js》示例：\n你好');
const chunks = [];
const client = net.connect({ port: Number(process.argv[2]), host: '127.0.0.1' }, () => {
  console.log('connect');
  client.write('world!\r\n');
});
client.on('data', (data) => {
  chunks.push(data);
  if (Buffer.concat(chunks).length >= expected) {
    console.log(`data ${JSON.stringify(Buffer.concat(chunks).toString())}`);
    client.end();
  }
});
client.on('end', () => console.log('end'));
client.on('close', () => console.log('close'));
client.setTimeout(5000, () => { console.log('timeout'); client.destroy(); });
