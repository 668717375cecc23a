// A short timer created later can expire before a long one created earlier.
setTimeout(() => console.log('30ms'), 30)
setTimeout(() => {
  console.log('3ms')
  setTimeout(() => console.log('3ms + 1ms'), 1)
  setTimeout(() => console.log('3ms + 10ms'), 10)
}, 3)
