// Sends every case of CASES (prepended by the test) to a Node `http` server
// running `handler` in this same process, each on its own connection, all at
// once; prints `name<TAB>status lines joined by " | " => closed|open` per case,
// in the order given. "closed" means the server ended the connection within
// QUIET_MS of its last byte.
const http = require('http');
const net = require('net');
const QUIET_MS = 2000;

const server = http.createServer(handler);
server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const results = await Promise.all(CASES.map((c) => probe(port, c)));
  for (const line of results) console.log(line);
  server.close();
  server.closeAllConnections();
});

function probe(port, { name, input, half_close: halfClose }) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    let timer = null;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = text.split(/\r?\n/).filter((l) => l.startsWith('HTTP/1.1 '));
      resolve(`${name}\t${statuses.join(' | ')} => ${closed ? 'closed' : 'open'}`);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), QUIET_MS);
    };
    socket.on('connect', () => {
      socket.write(Buffer.from(input, 'base64'));
      if (halfClose) socket.end();
      arm();
    });
    socket.on('data', (d) => { chunks.push(d); arm(); });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
