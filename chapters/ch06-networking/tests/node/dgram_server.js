// The notes' UDP server on Node 20: prints its port, then the notes' line for
// one message, answers `got <n> bytes`, and closes.
const dgram = require('dgram');
const server = dgram.createSocket('udp4');
server.on('message', (msg, rinfo) => {
  console.log(`server got: ${msg} from ${rinfo.address}:${rinfo.port}`);
  server.send(`got ${msg.length} bytes`, rinfo.port, rinfo.address, () => server.close());
});
server.on('listening', () => console.log(server.address().port));
server.bind(0, '127.0.0.1');
