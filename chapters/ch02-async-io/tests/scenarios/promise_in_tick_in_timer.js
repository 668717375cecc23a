// Nesting across queues inside the timers phase.
setTimeout(() => {
  console.log('t1')
  process.nextTick(() => {
    console.log('t1 tick')
    Promise.resolve().then(() => console.log('t1 tick promise'))
  })
}, 1)
setTimeout(() => {
  console.log('t2')
  Promise.resolve().then(() => {
    console.log('t2 promise')
    process.nextTick(() => console.log('t2 promise tick'))
  })
}, 1)
