// The order of Node 20's cluster events for one worker that listens and is then
// disconnected (`worker.disconnect()`): printed as `fork=>online=>…`.
const cluster = require('cluster');
const http = require('http');
if (cluster.isPrimary) {
  const events = [];
  for (const name of ['fork', 'online', 'listening', 'disconnect', 'exit']) {
    cluster.on(name, (worker) => {
      events.push(name);
      if (name === 'listening') worker.disconnect();
      if (name === 'exit') console.log(events.join('=>'));
    });
  }
  cluster.fork();
} else {
  http.createServer((request, response) => response.end('x')).listen(0, '127.0.0.1');
}
