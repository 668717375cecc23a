// Printing first costs real time (process.stdout is created on first use), so the 1 ms timer is due when the loop starts.
setTimeout(() => console.log('timeout'), 0)
setImmediate(() => console.log('immediate'))
console.log('main')
