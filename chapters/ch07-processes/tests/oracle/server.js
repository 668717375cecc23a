// A real Node child that receives a listening socket from the Rust parent
// (`send(message, server)`) and answers HTTP on it with its own name.
process.on('message', (message, server) => {
  if (!server) return;
  server.on('connection', (socket) => {
    socket.on('data', () => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnode');
    });
  });
  process.send({ listening: message, type: server.constructor.name });
});
process.on('disconnect', () => process.exit(0));
