// In the main module the order is a race between the loop's start and the 1 ms timer.
setTimeout(() => console.log('timeout'), 0)
setImmediate(() => console.log('immediate'))
