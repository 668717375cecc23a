// What Node 20 says about the names the notes use (cluster.setupMaster, isMaster)
// and about the two serializations of the IPC channel (a Map sent each way, in turn).
const cluster = require('cluster');
const { fork } = require('child_process');
if (process.argv[2] === 'child') {
  process.on('message', (m) => {
    process.send({ type: Object.prototype.toString.call(m), entries: m instanceof Map ? [...m] : m });
    process.disconnect();
  });
} else {
  console.log(JSON.stringify({
    isPrimary: cluster.isPrimary,
    isMaster: cluster.isMaster,
    setupPrimary: typeof cluster.setupPrimary,
    setupMasterIsAlias: cluster.setupMaster === cluster.setupPrimary,
    schedulingPolicyIsRR: cluster.schedulingPolicy === cluster.SCHED_RR,
  }));
  const send = (serialization) => new Promise((done) => {
    const child = fork(__filename, ['child'], { serialization });
    child.on('message', (received) => console.log(JSON.stringify({ serialization, received })));
    child.on('exit', done);
    child.send(new Map([['a', 1]]));
  });
  send('json').then(() => send('advanced'));
}
