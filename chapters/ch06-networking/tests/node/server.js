// Node 20's side of the chapter's comparisons: `node server.js [PORT]` prints
// the bound port alone on its first line and serves until stdin closes, like
// the `http-server` example. The handler is in handler.js, pasted in front of
// this file by the tests and the benchmark so one file holds everything.
const http = require('http');
const server = http.createServer(handler);
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(server.address().port);
});
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
