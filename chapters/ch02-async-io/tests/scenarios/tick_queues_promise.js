// A promise job queued by a tick runs before the ticks' queue is revisited.
process.nextTick(() => {
  console.log('t1')
  Promise.resolve().then(() => {
    console.log('p1')
    process.nextTick(() => console.log('t3'))
  })
})
process.nextTick(() => console.log('t2'))
