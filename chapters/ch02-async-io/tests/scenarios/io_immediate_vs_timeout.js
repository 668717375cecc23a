// Inside an I/O callback, setImmediate always beats setTimeout 0: check comes next.
const fs = require('fs')
fs.readFile(__filename, () => {
  setTimeout(() => console.log('timeout'), 0)
  setImmediate(() => console.log('immediate'))
})
