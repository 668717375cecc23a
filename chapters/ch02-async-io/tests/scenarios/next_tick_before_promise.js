// A promise job queued first still runs after a nextTick queued later.
Promise.resolve().then(() => console.log('promise'))
process.nextTick(() => console.log('tick'))
console.log('sync')
