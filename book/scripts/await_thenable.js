// Checked by `cargo xtask verify` on Node 10, 20 and 22 (exit status 0 = the book is right).
//
// async-await.md: the notes' myPromise, whose `then` calls back synchronously
// and returns nothing, still works with `await` (await calls `then(resolve,
// reject)` from a microtask), but chaining a second `then` throws.
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
  construc(resolve, reject);
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
(async () => {
  const value = await new myPromise((r) => r(1));
  claim('await new myPromise(r => r(1)) gives 1', `awaited ${value}`, 'awaited 1');
  process.exitCode = failed ? 1 : 0;
})();
