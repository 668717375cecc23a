// Timers fire by expiry; 0 ms is 1 ms, so it shares a list with 1 ms
// and keeps creation order.
setTimeout(() => console.log('20ms'), 20)
setTimeout(() => console.log('5ms'), 5)
setTimeout(() => console.log('1ms'), 1)
setTimeout(() => console.log('0ms'), 0)
setTimeout(() => console.log('no delay'))
setTimeout(() => console.log('10ms'), 10)
