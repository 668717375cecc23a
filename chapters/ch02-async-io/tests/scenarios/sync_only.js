// Only synchronous code: the loop has nothing to do and exits at once.
console.log('start')
console.log('middle')
console.log('end')
