// A real Node 20 parent forking the Rust child: `node fork_rust.js <child binary> <role>`.
// Prints one JSON line per thing it sees: messages, the exit, errors.
const { fork } = require('child_process');
const net = require('net');
const [program, role, scenario] = process.argv.slice(2);
const child = fork(role, [], { execPath: program, stdio: 'inherit' });
const print = (value) => console.log(JSON.stringify(value));
const servers = [];
child.on('message', (message, handle) => {
  print({ message, handle: handle ? handle.constructor.name : null });
  if (scenario === 'handles' && message.echo && message.echo.n === 2) {
    servers.forEach((server) => server.close());
    child.send({ cmd: 'exit', code: 5 });
  }
});
child.on('exit', (code, signal) => {
  print({ exit: [code, signal] });
  servers.forEach((server) => server.close());
});
// A watchdog that does not keep Node alive: if the test that started us is killed,
// we still end, whatever the child did.
setTimeout(() => process.exit(2), 15000).unref();
if (scenario === 'messages') {
  child.send({ hello: 'from node', list: [1, 2, 3] });
  child.send('a string');
  child.send({ cmd: 'exit', code: 5 });
} else if (scenario === 'handles') {
  // Two handles in a row: Node sends the second only after the child's NODE_HANDLE_ACK.
  // The servers stay open until the child has both: a server closed while its send
  // waits in Node's queue goes out as the bare message, without the handle.
  for (const n of [1, 2]) {
    const server = net.createServer();
    servers.push(server);
    server.listen(0, '127.0.0.1', () => child.send({ n }, server));
  }
} else if (scenario === 'garbage') {
  child.send({ cmd: 'say-garbage' });
}
