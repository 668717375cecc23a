// The notes' UDP client on Node 20 (with `Buffer.from`, not the deprecated
// `new Buffer`): sends the notes' message, prints its own port and the reply.
const dgram = require('dgram');
const client = dgram.createSocket('udp4');
const message = Buffer.from('深入浅出Node.js');
client.on('message', (reply) => { console.log(`reply ${reply}`); client.close(); });
client.send(message, Number(process.argv[2]), '127.0.0.1', (err) => {
  if (err) throw err;
  console.log(`port ${client.address().port}`);
});
setTimeout(() => { console.log('timeout'); client.close(); }, 5000).unref();
