// Node 20's `http.request` against the chapter's server: two POSTs through one
// keep-alive agent (the second must reuse the first socket), then a GET with
// `Connection: close`. Prints one line per response: status, body, reused.
const http = require('http');
const port = Number(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve(`${res.statusCode} ${JSON.stringify(text)} reused=${req.reusedSocket}`));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  console.log(await send('POST', '/a', 'abc'));
  console.log(await send('POST', '/b', 'hello'));
  console.log(await send('GET', '/c', undefined, { Connection: 'close' }));
  agent.destroy();
})().catch((e) => { console.log(`error ${e.code}`); process.exitCode = 1; });
