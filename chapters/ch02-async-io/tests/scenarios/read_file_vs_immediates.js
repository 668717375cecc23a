// readFile takes four trips through the thread pool, one per turn of the loop.
const fs = require('fs')
fs.readFile(__filename, () => console.log('read'))
setImmediate(() => {
  console.log('i1')
  setImmediate(() => {
    console.log('i2')
    setImmediate(() => {
      console.log('i3')
      setImmediate(() => {
        console.log('i4')
        setImmediate(() => console.log('i5'))
      })
    })
  })
})
