/* Function expressions, named functions, parameters and expression bodies all run. */
'use strict'
setTimeout(function () {
  console.log('function expression')
}, 2)
setImmediate(function named() { console.log('named function') })
process.nextTick(() => console.log('expression body'))
Promise.resolve().then(value => { console.log('one parameter'); })
