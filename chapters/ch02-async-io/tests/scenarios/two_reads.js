// Two reads started together complete in the order they were started.
const fs = require('fs')
fs.readFile(__filename, () => console.log('read A'))
fs.readFile(__filename, () => console.log('read B'))
process.nextTick(() => console.log('tick'))
