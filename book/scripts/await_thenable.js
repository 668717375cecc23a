// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// async-await.md and promise.md: the notes' myPromise, whose `then` calls back
// synchronously and returns nothing, still works with `await` (await calls
// `then(resolve, reject)` from a microtask), but chaining a second `then`
// throws. The notes' demo, `setTimeout(res(1), 1000)`, calls res(1) at once and
// hands setTimeout `undefined`, which throws (ERR_INVALID_ARG_TYPE on Node 20
// and 22, ERR_INVALID_CALLBACK on Node 10); the constructor's catch swallows it
// because the promise is already fulfilled, so the demo logs 1 at once and its
// `p` is undefined.
//
//   node book/scripts/await_thenable.js
'use strict';
// The notes' constructor and `then`, as they print them (reformatted).
function myPromise(construc) {
  const self = this;
  this.status = 'pending';
  this.value = undefined;
  this.reason = undefined;
  this.resolveQueue = [];
  this.rejectQueue = [];
  function resolve(value) {
    if (self.status === 'pending') {
      self.status = 'fulfilled';
      self.value = value;
      self.resolveQueue.forEach((fn) => fn());
    }
  }
  function reject(reason) {
    if (self.status === 'pending') {
      self.status = 'rejected';
      self.reason = reason;
      self.rejectQueue.forEach((fn) => fn());
    }
  }
  try {
    construc(resolve, reject);
  } catch (e) {
    reject(e);
  }
}
myPromise.prototype.then = function (res, rej) {
  this.status === 'fulfilled' && res(this.value);
  this.status === 'rejected' && rej(this.reason);
  if (this.status === 'pending') {
    this.resolveQueue.push(() => res(this.value));
    this.rejectQueue.push(() => rej(this.reason));
  }
};

let failed = 0;
const claim = (text, got, want) => {
  const ok = got === want;
  if (!ok) failed++;
  console.log(`${ok ? 'ok ' : 'NOT'} ${text} (node ${process.version}: ${got})`);
};
let chained;
try {
  new myPromise((r) => r(1)).then(() => {}).then(() => {});
  chained = 'no error';
} catch (e) {
  chained = e.constructor.name;
}
claim('chaining a second then on myPromise throws a TypeError', chained, 'TypeError');
const major = Number(process.versions.node.split('.')[0]);
let thrown;
try {
  setTimeout(undefined, 1000);
} catch (e) {
  thrown = e.code;
}
claim('setTimeout(undefined, 1000) throws', thrown, major <= 10 ? 'ERR_INVALID_CALLBACK' : 'ERR_INVALID_ARG_TYPE');
const logged = [];
const p = new myPromise((res) => {
  setTimeout(res(1), 1000);
}).then((e) => logged.push(e));
claim("the notes' demo logs 1 at once, and p is undefined", `${logged.join()} ${p}`, '1 undefined');
(async () => {
  const value = await new myPromise((r) => r(1));
  claim('await new myPromise(r => r(1)) gives 1', `awaited ${value}`, 'awaited 1');
  process.exitCode = failed ? 1 : 0;
})();
