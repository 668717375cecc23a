// queueMicrotask shares the promise queue (Node 11+; Node 10 throws ReferenceError).
console.log('start')
Promise.resolve().then(() => console.log('promise'))
queueMicrotask(() => {
  console.log('microtask')
  queueMicrotask(() => console.log('nested microtask'))
})
process.nextTick(() => console.log('tick'))
