// Three 0 ms timers, each queueing a tick and a promise job: batched on Node 10.
setTimeout(() => {
  console.log('t1')
  process.nextTick(() => console.log('t1 tick'))
  Promise.resolve().then(() => console.log('t1 promise'))
}, 0)
setTimeout(() => {
  console.log('t2')
  Promise.resolve().then(() => console.log('t2 promise'))
}, 0)
setTimeout(() => {
  console.log('t3')
  process.nextTick(() => console.log('t3 tick'))
}, 0)
