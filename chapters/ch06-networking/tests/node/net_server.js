// The notes' TCP server on Node 20, printing the events it sees: the port
// first, then `data <JSON text>`, `end`, `close` for its one connection.
const net = require('net');
const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    console.log(`data ${JSON.stringify(data.toString())}`);
    socket.write('你好');
  });
  socket.on('end', () => console.log('end'));
  socket.on('close', () => { console.log('close'); server.close(); });
  socket.write('欢迎光临《深入浅出Node.js》示例：\n');
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
