#!/usr/bin/env python3
"""Checks what a learner's editor shows, with rust-analyzer itself (a tiny LSP client).

Run from the workspace root after changing the workspace's layout, lints or editor settings:

    python3 docs/editor-check.py            # takes 1-4 minutes: rust-analyzer indexes the workspace

It starts `rust-analyzer` with the settings committed in .vscode/settings.json, waits for
indexing, and fails (exit 1) when
  - a workspace symbol search for a kata (`process_timers`, `EventEmitter`) lists a definition
    under solutions/ (a learner would jump into the answer), or
  - a chapter's shared test file or a solution file gets an error or a warning (severity 1 or 2)
    once opened and saved (flycheck runs then), or
  - go to definition on a kata called in that test file does not land in the learner's stub.
Needs `rustup component add rust-analyzer`. Standard library only.
"""
import json, os, queue, subprocess, sys, threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
QUERIES = ['process_timers', 'EventEmitter']
OPEN = ['chapters/ch02-async-io/tests/katas/timers.rs', 'solutions/ch02-async-io/src/timers.rs']
SETTINGS = json.load(open(os.path.join(ROOT, '.vscode/settings.json')))
# VS Code's flat keys ("rust-analyzer.check.workspace") as rust-analyzer's nested settings.
NESTED = {}
for key, value in SETTINGS.items():
    parts = key.split('.')[1:]
    node = NESTED
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value

# rustup installs a `rust-analyzer` proxy even without the component; it exits at once.
try:
    version = subprocess.run(['rust-analyzer', '--version'], capture_output=True, text=True)
except FileNotFoundError:
    version = None
if version is None or version.returncode != 0:
    sys.exit('rust-analyzer is not installed: rustup component add rust-analyzer')
print(version.stdout.strip())

server = subprocess.Popen(['rust-analyzer'], cwd=ROOT, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
inbox = queue.Queue()


def read():
    while True:
        headers = {}
        while True:
            line = server.stdout.readline()
            if not line:
                return
            line = line.decode().strip()
            if not line:
                break
            name, value = line.split(':', 1)
            headers[name.lower()] = value.strip()
        inbox.put(json.loads(server.stdout.read(int(headers['content-length']))))


threading.Thread(target=read, daemon=True).start()
next_id = [0]


def write(message):
    body = json.dumps(dict(message, jsonrpc='2.0')).encode()
    server.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
    server.stdin.flush()


def request(method, params):
    next_id[0] += 1
    write({'id': next_id[0], 'method': method, 'params': params})
    return next_id[0]


diagnostics = {}


def pump(until, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            message = inbox.get(timeout=0.5)
        except queue.Empty:
            continue
        if message.get('method') == 'textDocument/publishDiagnostics':
            diagnostics[message['params']['uri']] = message['params']['diagnostics']
        elif message.get('method') == 'workspace/configuration':
            write({'id': message['id'], 'result': [NESTED for _ in message['params']['items']]})
        elif 'id' in message and 'method' in message:
            write({'id': message['id'], 'result': None})
        if until(message):
            return message
    return None


uri = lambda path: 'file://' + os.path.join(ROOT, path)
started = request('initialize', {
    'processId': os.getpid(), 'rootUri': 'file://' + ROOT, 'initializationOptions': NESTED,
    'capabilities': {'workspace': {'configuration': True}, 'window': {'workDoneProgress': True}}})
pump(lambda m: m.get('id') == started, 120)
write({'method': 'initialized', 'params': {}})
t0 = time.time()
pump(lambda m: m.get('method') == '$/progress'
     and m['params'].get('token') in ('rustAnalyzer/Indexing', 'rustAnalyzer/cachePriming')
     and m['params']['value'].get('kind') == 'end', 900)
print(f'indexed in {time.time() - t0:.0f} s')
problems = []
for query in QUERIES:
    asked = request('workspace/symbol', {'query': query})
    answer = pump(lambda m: m.get('id') == asked, 120) or {}
    files = sorted({s['location']['uri'].replace(uri(''), '') for s in answer.get('result') or []
                    if 'location' in s})
    print(f'symbol {query}: {files}')
    problems += [f'symbol {query} found in {f}' for f in files if f.startswith('solutions/')]
for path in OPEN:
    text = open(os.path.join(ROOT, path)).read()
    write({'method': 'textDocument/didOpen', 'params': {'textDocument': {
        'uri': uri(path), 'languageId': 'rust', 'version': 1, 'text': text}}})
    write({'method': 'textDocument/didSave', 'params': {'textDocument': {'uri': uri(path)}}})
pump(lambda m: False, 120)  # flycheck
# Go to definition from a test lands in the learner's stub: the test file is part of
# the learner's crate (its library's `katas` module), not merely indexed.
test_file = OPEN[0]
for number, line in enumerate(open(os.path.join(ROOT, test_file)).read().splitlines()):
    if '.process_timers()' in line:
        asked = request('textDocument/definition', {
            'textDocument': {'uri': uri(test_file)},
            'position': {'line': number, 'character': line.index('process_timers') + 1}})
        answer = pump(lambda m: m.get('id') == asked, 120) or {}
        found = answer.get('result') or []
        found = [found] if isinstance(found, dict) else found
        targets = sorted({(d.get('uri') or d.get('targetUri', '')).replace(uri(''), '')
                          for d in found})
        print(f'definition of process_timers from {test_file}: {targets}')
        if targets != ['chapters/ch02-async-io/src/timers.rs']:
            problems.append(f'go to definition from {test_file} reached {targets or "nothing"}')
        break
for path in OPEN:
    for d in diagnostics.get(uri(path), []):
        if d.get('severity') in (1, 2):
            problems.append(f"{path}:{d['range']['start']['line'] + 1}: {d.get('code')} {d['message'][:100]}")
server.kill()
for problem in problems:
    print('✗', problem)
print('✓ no solution symbol, error or warning in a learner\'s editor' if not problems else '')
sys.exit(1 if problems else 0)
