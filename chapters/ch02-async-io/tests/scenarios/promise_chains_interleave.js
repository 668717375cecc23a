// Two then-chains take turns: each step is queued only when the one before returns.
Promise.resolve()
  .then(() => console.log('a1'))
  .then(() => console.log('a2'))
  .then(() => console.log('a3'))
Promise.resolve().then(() => console.log('b1')).then(() => console.log('b2'))
