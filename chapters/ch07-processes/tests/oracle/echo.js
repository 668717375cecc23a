// A real Node child for the Rust parent: answers every message, as the Rust `echo` role does.
// The Rust test forks it with NODE_CHANNEL_FD set; Node turns that into process.send.
process.on('message', (message) => {
  process.send({ echo: message, pid: process.pid, node: process.version });
});
process.on('disconnect', () => process.exit(0));
