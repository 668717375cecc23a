// Each immediate queues a tick and a promise job: where they print shows the semantics.
setImmediate(() => {
  console.log('a')
  process.nextTick(() => console.log('a tick'))
  Promise.resolve().then(() => console.log('a promise'))
})
setImmediate(() => {
  console.log('b')
  Promise.resolve().then(() => console.log('b promise')).then(() => console.log('b promise 2'))
})
setImmediate(() => {
  console.log('c')
  process.nextTick(() => console.log('c tick'))
})
