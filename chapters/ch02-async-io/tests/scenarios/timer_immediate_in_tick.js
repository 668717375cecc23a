// Scheduling from a tick inside the main run behaves like scheduling from main.
process.nextTick(() => {
  console.log('tick')
  setImmediate(() => console.log('immediate from tick'))
  Promise.resolve().then(() => console.log('promise from tick'))
})
setImmediate(() => console.log('immediate from main'))
