// Everything an I/O callback queues, in the order Node runs it.
const fs = require('fs')
fs.readFile(__filename, (err, data) => {
  console.log('read')
  setTimeout(() => console.log('timeout'), 0)
  setImmediate(() => console.log('immediate'))
  Promise.resolve().then(() => console.log('promise'))
  process.nextTick(() => console.log('tick'))
  console.log('read end')
})
console.log('main')
