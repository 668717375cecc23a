// What Node 20 says about the names the notes use (cluster.setupMaster, isMaster)
// and about the two serializations of the IPC channel.
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
  let pending = 2;
  for (const serialization of ['json', 'advanced']) {
    const child = fork(__filename, ['child'], { serialization });
    child.on('message', (m) => {
      console.log(JSON.stringify({ serialization, received: m }));
    });
    child.on('exit', () => { pending -= 1; });
    child.send(new Map([['a', 1]]));
  }
}
