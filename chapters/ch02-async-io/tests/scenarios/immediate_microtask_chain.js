// A long promise chain from one immediate runs before the next immediate on Node 11+.
setImmediate(() => {
  console.log('i1')
  Promise.resolve()
    .then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'))
})
setImmediate(() => console.log('i2'))
