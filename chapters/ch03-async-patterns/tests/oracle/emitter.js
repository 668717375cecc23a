'use strict';
// Replays emitter scripts (JSON lines, book/src/ch03-async-patterns/emitter-script.md)
// through Node's own `events` module and prints one line per observable effect.
// The Rust model (`--example emitter`) prints the same lines for the same file.
//
//   node emitter.js FILE.jsonl              one script
//   node emitter.js --batch FILE...         many scripts, each output framed by
//                                           `=== FILE` and `=== end` lines (the oracle test)

const fs = require('fs');
const { EventEmitter } = require('events');

// How many listener calls may be in progress at once; a deeper call prints its
// call line and `depth limit NAME` and skips its actions (no endless recursion).
const MAX_DEPTH = 3;
// How many listener calls one script may make; the next one prints
// `call limit reached` and throws, which ends the script.
const MAX_CALLS = 200;
const CALL_LIMIT = 'call limit reached';

function show(value) {
  if (typeof value === 'function') {
    return `[Function: ${value.name}]`;
  }
  if (value === undefined) {
    return 'undefined';
  }
  return JSON.stringify(value);
}

function replay(text, out) {
  const emitter = new EventEmitter();
  const actions = new Map();
  const functions = new Map();
  let depth = 0;
  let calls = 0;

  // A named listener: logs its call, then runs its actions (looked up at call time).
  function listener(name) {
    let fn = functions.get(name);
    if (fn === undefined) {
      const holder = {
        [name](...args) {
          if (calls++ >= MAX_CALLS) {
            out.push(CALL_LIMIT);
            throw new Error(CALL_LIMIT);
          }
          out.push(['call', name, ...args.map(show)].join(' '));
          if (depth >= MAX_DEPTH) {
            out.push(`depth limit ${name}`);
            return;
          }
          depth += 1;
          try {
            for (const action of actions.get(name) || []) {
              run(action);
            }
          } finally {
            depth -= 1;
          }
        },
      };
      fn = holder[name];
      functions.set(name, fn);
    }
    return fn;
  }

  function names(list) {
    return list.map((f) => (typeof f.listener === 'function' ? `once:${f.listener.name}` : f.name));
  }

  function run(op) {
    const event = op.event;
    switch (op.op) {
      case 'define':
        listener(op.listener);
        actions.set(op.listener, op.actions);
        break;
      case 'on':
      case 'addListener':
      case 'prependListener':
      case 'once':
      case 'prependOnceListener':
      case 'off':
      case 'removeListener':
        emitter[op.op](event, listener(op.listener));
        break;
      case 'removeAllListeners':
        if (event === undefined) emitter.removeAllListeners();
        else emitter.removeAllListeners(event);
        break;
      case 'setMaxListeners':
        emitter.setMaxListeners(op.n);
        break;
      case 'getMaxListeners':
        out.push(`getMaxListeners ${emitter.getMaxListeners()}`);
        break;
      case 'emit': {
        const heard = emitter.emit(event, ...(op.args || []));
        out.push(`emit ${show(event)} ${heard}`);
        break;
      }
      case 'listenerCount':
        out.push(`listenerCount ${show(event)} ${emitter.listenerCount(event)}`);
        break;
      case 'eventNames':
        out.push(`eventNames ${show(emitter.eventNames())}`);
        break;
      case 'listeners':
        out.push(['listeners', show(event), ...names(emitter.listeners(event))].join(' '));
        break;
      case 'rawListeners':
        out.push(['rawListeners', show(event), ...names(emitter.rawListeners(event))].join(' '));
        break;
      default:
        throw new Error(`unknown op ${show(op.op)}`);
    }
  }

  // Warnings print where they happen, not on a later tick, so the order is exact.
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning) => out.push(`warning ${warning.name}: ${warning.message}`);
  try {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        run(JSON.parse(line));
      } catch (error) {
        if (error && error.code === 'ERR_UNHANDLED_ERROR') {
          out.push(`unhandled error ${show(error.context)}`);
        } else if (error && error.message === CALL_LIMIT) {
          break;
        } else {
          out.push(`threw ${error.code || error.name}`);
        }
      }
    }
  } finally {
    process.emitWarning = emitWarning;
  }
}

const args = process.argv.slice(2);
if (args[0] === '--batch') {
  for (const file of args.slice(1)) {
    const out = [];
    replay(fs.readFileSync(file, 'utf8'), out);
    process.stdout.write(`=== ${file}\n${out.map((l) => `${l}\n`).join('')}=== end\n`);
  }
} else if (args.length === 1) {
  const out = [];
  replay(fs.readFileSync(args[0], 'utf8'), out);
  process.stdout.write(out.map((l) => `${l}\n`).join(''));
} else {
  process.stderr.write('usage: node emitter.js FILE.jsonl | --batch FILE...\n');
  process.exit(2);
}
