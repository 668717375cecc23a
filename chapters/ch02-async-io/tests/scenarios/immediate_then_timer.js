// From a timer, an immediate runs in this turn's check; a new timer waits for the next turn.
setTimeout(() => {
  console.log('timer')
  setTimeout(() => console.log('timer child'), 0)
  setImmediate(() => {
    console.log('immediate')
    process.nextTick(() => console.log('immediate tick'))
  })
  process.nextTick(() => console.log('timer tick'))
}, 5)
