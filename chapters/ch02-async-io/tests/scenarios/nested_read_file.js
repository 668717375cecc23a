// A read started from a read callback takes its own four turns.
const fs = require('fs')
fs.readFile(__filename, () => {
  console.log('first read')
  fs.readFile(__filename, () => console.log('second read'))
  setImmediate(() => console.log('immediate after first'))
})
