// A timer created by a timer callback waits for a later timers phase.
setTimeout(() => {
  console.log('outer')
  setTimeout(() => console.log('inner'), 0)
  setImmediate(() => console.log('immediate'))
}, 0)
