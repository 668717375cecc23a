// A 50 ms timer waits for every turn of the loop that immediates keep busy.
setTimeout(() => console.log('50ms'), 50)
setImmediate(() => {
  console.log('i1')
  setImmediate(() => {
    console.log('i2')
    process.nextTick(() => console.log('i2 tick'))
  })
})
process.nextTick(() => console.log('tick'))
