// Immediates with promise jobs: Node 10 runs the whole queue first,
// Node 11+ drains after each.
setImmediate(() => {
  console.log('i1')
  Promise.resolve().then(() => console.log('i1 promise'))
})
setImmediate(() => {
  console.log('i2')
  process.nextTick(() => console.log('i2 tick'))
})
setImmediate(() => console.log('i3'))
