// A tick queued by a tick runs in the same drain, before any promise job.
Promise.resolve().then(() => console.log('promise'))
process.nextTick(() => {
  console.log('tick1')
  process.nextTick(() => {
    console.log('tick3')
    process.nextTick(() => console.log('tick4'))
  })
})
process.nextTick(() => console.log('tick2'))
