'use strict';
// Promise scenarios for the `promise` katas, run in real Node (20) by the oracle test.
// Each scenario registers its reactions, then a "ticker" chain that logs one line per
// microtask turn, so the printed order shows how many turns each step took.
// Output: for every scenario, `=== NAME`, one line per log call, `=== end`.
// tests/katas/promise.rs builds the same scenarios on the Rust model; keep them in step.

// Prints a value the way `Value::show` in src/promise.rs does.
function show(value) {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return `[Function: ${value.name}]`;
  if (value instanceof Promise) return '[Promise]';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value instanceof AggregateError) {
    return `${value.name}: ${value.message} [${value.errors.map(show).join(', ')}]`;
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value.then !== 'undefined') return '[thenable]';
  const fields = Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`);
  return `{${fields.join(', ')}}`;
}

const scenarios = {
  // Reactions of one promise run in registration order, interleaved with other chains by turn.
  two_chains(log) {
    const p = Promise.resolve('p');
    const q = Promise.resolve('q');
    p.then((v) => log('p1', v)).then((v) => log('p2', v));
    q.then((v) => log('q1', v));
    p.then((v) => log('p3', v));
  },
  // Resolving with a promise: one turn to call its then, one for its reaction, then ours.
  resolve_with_promise(log) {
    new Promise((resolve) => resolve(Promise.resolve('inner'))).then((v) => log('outer', v));
    ticker(log, 4);
  },
  // A thenable is adopted in a job of its own; its second call back is ignored.
  resolve_with_thenable(log) {
    const thenable = {
      then(resolve) {
        log('then called');
        resolve('first');
        resolve('second');
      },
    };
    Promise.resolve(thenable).then((v) => log('adopted', v));
    ticker(log, 3);
  },
  // A handler returning a promise delays the chain by two extra turns.
  handler_returns_promise(log) {
    Promise.resolve()
      .then(() => Promise.resolve('r'))
      .then((v) => log('after', v));
    ticker(log, 5);
  },
  // A rejection passes through handlers that are not functions for it, one turn each.
  rejection_skips_handlers(log) {
    Promise.reject('boom')
      .then((v) => log('never', v))
      .then((v) => log('never', v))
      .catch((e) => log('caught', e));
    ticker(log, 4);
  },
  // finally runs its cleanup, then waits for the cleanup's promise, then restores the value.
  finally_keeps_value(log) {
    Promise.resolve(1)
      .finally(() => log('cleanup'))
      .then((v) => log('kept', v));
    ticker(log, 5);
  },
  all_order(log) {
    const late = Promise.resolve().then(() => 'late');
    Promise.all([1, Promise.resolve(2), late]).then((v) => log('all', v));
    Promise.all([]).then((v) => log('empty', v));
    Promise.all([Promise.reject('no'), 3]).catch((e) => log('rejected', e));
    ticker(log, 4);
  },
  race_order(log) {
    const late = Promise.resolve().then(() => 'late');
    Promise.race([late, Promise.resolve('early'), 3]).then((v) => log('race', v));
    Promise.race([Promise.reject('no'), 'value']).catch((e) => log('rejected', e));
    ticker(log, 3);
  },
  all_settled_order(log) {
    Promise.allSettled([Promise.reject('no'), 1, Promise.resolve().then(() => 'late')]).then((v) =>
      log('settled', v),
    );
    ticker(log, 4);
  },
  any_order(log) {
    Promise.any([Promise.reject('a'), Promise.resolve().then(() => 'late'), 'b']).then((v) =>
      log('any', v),
    );
    Promise.any([Promise.reject('x'), Promise.reject('y')]).catch((e) => log('none', e));
    Promise.any([]).catch((e) => log('empty', e));
    ticker(log, 3);
  },
};

// A chain that logs `tick 1`, `tick 2`… one per microtask turn.
function ticker(log, turns) {
  let chain = Promise.resolve();
  for (let turn = 1; turn <= turns; turn += 1) {
    chain = chain.then(() => log(`tick ${turn}`));
  }
}

async function main() {
  for (const [name, scenario] of Object.entries(scenarios)) {
    const lines = [];
    const log = (label, ...values) => {
      lines.push([label, ...values.map(show)].join(' '));
    };
    scenario(log);
    // A macrotask turn: every microtask of the scenario has run by then.
    await new Promise((done) => setImmediate(done));
    console.log(`=== ${name}`);
    for (const line of lines) console.log(line);
    console.log('=== end');
  }
}

main();
