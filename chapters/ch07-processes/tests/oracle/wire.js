// What Node 20 writes on the IPC channel, byte for byte. Node forks the chapter's
// child in its `dump` role (the binary named by CH07_CHILD), which prints each line
// exactly as it arrived, `<TAB>+fd` where a descriptor came with it.
const { fork } = require('child_process');
const net = require('net');
const child = fork('dump', [], { execPath: process.env.CH07_CHILD, stdio: 'inherit' });
child.send({ u: 'é', x: 1 });
child.send({ x: 1, u: 'é' });
child.send('str');
child.send([1, 'two\nlines', null, true, 1.5]);
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  child.send({ srv: true }, server);
  // Queued by Node until the child's NODE_HANDLE_ACK, then sent.
  child.send('bye', () => server.close());
});
