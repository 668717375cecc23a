// The handler of the chapter's differential test and of `http-server`: read the
// whole body, answer 200 with `METHOD URL BODYLENGTH\n` and a Content-Length.
function handler(req, res) {
  let length = 0;
  req.on('data', (chunk) => { length += chunk.length; });
  req.on('end', () => {
    const body = `${req.method} ${req.url} ${length}\n`;
    res.writeHead(200, { 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}
