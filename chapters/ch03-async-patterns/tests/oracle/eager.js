'use strict';
// JavaScript is eager: the async function's body runs during the call, before
// the caller's next line. tests/katas/async_await.rs runs the same steps as a
// lazy Rust future and expects the opposite order.
const order = [];
async function body() {
  order.push('body runs');
  await null;
  order.push('body resumes');
}
const promise = body();
order.push('after the call');
promise.then(() => {
  order.push('awaited');
  for (const line of order) console.log(line);
});
