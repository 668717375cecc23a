// An immediate queued during check waits for the next turn of the loop.
setImmediate(() => {
  console.log('i1')
  setImmediate(() => console.log('i1 child'))
})
setImmediate(() => {
  console.log('i2')
  setImmediate(() => console.log('i2 child'))
})
