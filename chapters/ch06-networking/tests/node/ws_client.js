// Node 22's built-in WebSocket client (undici) against the chapter's echo
// server: text, binary, then a clean close. One line per event.
const ws = new WebSocket(`ws://127.0.0.1:${process.argv[2]}/echo`);
ws.binaryType = 'arraybuffer';
let step = 0;
ws.onopen = () => { console.log('open'); ws.send('hello'); };
ws.onmessage = (event) => {
  if (typeof event.data === 'string') {
    console.log(`text ${event.data}`);
    ws.send(new Uint8Array([1, 2, 3]));
  } else {
    console.log(`binary ${Buffer.from(event.data).toString('hex')}`);
    ws.close(1000, 'bye');
  }
  step += 1;
};
ws.onclose = (event) => console.log(`close ${event.code} clean=${event.wasClean}`);
ws.onerror = () => console.log('error');
setTimeout(() => { console.log('timeout'); process.exit(1); }, 5000).unref();
