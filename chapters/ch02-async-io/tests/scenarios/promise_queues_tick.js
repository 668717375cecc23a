// A tick queued by a promise job waits until every promise job has run.
Promise.resolve().then(() => {
  console.log('p1')
  process.nextTick(() => console.log('tick from p1'))
  Promise.resolve().then(() => console.log('p3'))
})
Promise.resolve().then(() => console.log('p2'))
