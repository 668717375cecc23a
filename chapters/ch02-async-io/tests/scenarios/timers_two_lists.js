// Two timers with different delays both queue microtasks.
setTimeout(() => {
  console.log('2ms')
  Promise.resolve().then(() => console.log('2ms promise'))
}, 2)
setTimeout(() => {
  console.log('1ms')
  Promise.resolve().then(() => console.log('1ms promise'))
  setTimeout(() => {
    console.log('1ms child')
    Promise.resolve().then(() => console.log('1ms child promise'))
  }, 1)
}, 1)
