// Real Node's cluster, measured like the `cluster` example: 4 workers, 400 requests,
// 8 at a time, each held 20 ms. `node distribution.js rr|none` prints
// {"policy":…,"served":[per worker]}. The policy is set as Node reads it,
// through NODE_CLUSTER_SCHED_POLICY, before `cluster` is loaded.
const policy = process.argv[2] || 'rr';
process.env.NODE_CLUSTER_SCHED_POLICY = policy;
const cluster = require('cluster');
const http = require('http');
const WORKERS = 4;
const REQUESTS = 400;
const CONCURRENCY = 8;

if (cluster.isPrimary) {
  const served = new Array(WORKERS).fill(0);
  let listening = 0;
  let port = 0;
  for (let i = 0; i < WORKERS; i++) cluster.fork({ WORKER_INDEX: String(i) });
  cluster.on('listening', (worker, address) => {
    port = address.port;
    if (++listening === WORKERS) run();
  });
  function run() {
    let next = 0;
    let done = 0;
    const agent = new http.Agent({ keepAlive: false });
    const one = () => {
      if (next >= REQUESTS) return;
      next += 1;
      http.get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        let body = '';
        response.on('data', (chunk) => { body += chunk; });
        response.on('end', () => {
          served[Number(body.split(' ')[1])] += 1;
          if (++done === REQUESTS) {
            console.log(JSON.stringify({ policy, served }));
            for (const id in cluster.workers) cluster.workers[id].kill();
          } else {
            one();
          }
        });
      });
    };
    for (let i = 0; i < CONCURRENCY; i++) one();
  }
} else {
  // Port 0 in a worker: the primary picks one port and every worker shares it.
  http.createServer((request, response) => {
    setTimeout(() => response.end(`worker ${process.env.WORKER_INDEX}`), 20);
  }).listen({ port: 0, host: '127.0.0.1' });
}
