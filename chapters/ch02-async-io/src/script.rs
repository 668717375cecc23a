//! Loopscript (provided scaffolding): the subset
//! of JavaScript the event-loop model runs.
//!
//! Every loopscript program runs unchanged in real Node, which is what lets the
//! tests use real Node 10 and 20 as the judge. The grammar, informally:
//!
//! ```text
//! program   := ["const" | "let" | "var"] "fs" "=" "require(" ("'fs'" | "'node:fs'") ")" ... statements
//! statement := console.log(STRING)
//!            | setTimeout(CALLBACK [, MS])         | setImmediate(CALLBACK)
//!            | process.nextTick(CALLBACK)          | queueMicrotask(CALLBACK)
//!            | Promise.resolve().then(CALLBACK) [.then(CALLBACK)]...
//!            | fs.readFile(__filename, CALLBACK)
//! CALLBACK  := (params) => { statements } | param => { statements } | () => statement
//!            | function [name](params) { statements }
//! ```
//!
//! Statements end with `;`, a newline or `}`; `//` and `/* */` comments are skipped,
//! and a leading `'use strict'` is allowed. Anything else is a [`ParseError`]
//! pointing at `line:column`.
//!
//! You do not need to change this file: the katas start at `call_stack.rs`.
//! Book: book/src/ch02-async-io/loopscript.md

use std::fmt;
use std::rc::Rc;

/// A parsed loopscript program: the main module's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The top-level statements, run by the main run before the loop starts.
    pub main: Callback,
}

/// The body of a function: what runs when the callback is called.
///
/// Cloning is cheap (a reference count), because the loop moves callbacks
/// between queues the way Node moves function references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback(Rc<[Stmt]>);

impl Callback {
    /// Wraps a list of statements.
    pub fn new(stmts: Vec<Stmt>) -> Callback {
        Callback(stmts.into())
    }

    /// The statements, in source order.
    pub fn stmts(&self) -> &[Stmt] {
        &self.0
    }
}

/// One loopscript statement; each is a call into a Node API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    /// `console.log('text')`: print a label now.
    Log(String),
    /// `setTimeout(callback, delay)`: `delay` as written (missing means 0).
    SetTimeout {
        /// The function to call when the timer fires.
        callback: Callback,
        /// The delay in milliseconds as written
        /// in the source, before Node's clamping.
        delay: u64,
    },
    /// `setImmediate(callback)`: run in the next check phase.
    SetImmediate(Callback),
    /// `process.nextTick(callback)`: run before any promise job, as soon as the
    /// current callback ends.
    NextTick(Callback),
    /// `queueMicrotask(callback)`: a microtask,
    /// like a promise reaction. Node 11+ only.
    QueueMicrotask {
        /// The function to queue.
        callback: Callback,
        /// Where the call is, to report it when the chosen Node lacks
        /// `queueMicrotask`.
        at: Pos,
    },
    /// `Promise.resolve().then(a).then(b)…`: a chain of reactions, each queued when
    /// the previous one returns.
    PromiseThen(Chain),
    /// `fs.readFile(__filename, callback)`: a file read through the thread pool.
    ReadFile(Callback),
}

/// The callbacks of one `Promise.resolve().then(..).then(..)` chain, in order.
pub type Chain = Rc<[Callback]>;

/// A position in the source, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number in characters, starting at 1.
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a source text is not loopscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem starts.
    pub at: Pos,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a loopscript program.
pub fn parse(source: &str) -> Result<Program, ParseError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        next: 0,
        fs_declared: false,
    };
    let main = parser.statements(true)?;
    Ok(Program { main })
}

/// Parses a callback body given as statements, e.g. `"console.log('a')"`.
///
/// Tests use it to put hand-made callbacks straight into the loop's queues.
pub fn callback(source: &str) -> Result<Callback, ParseError> {
    let mut parser = Parser {
        tokens: tokenize(source)?,
        next: 0,
        fs_declared: true,
    };
    parser.statements(true)
}

/// Every statement kind, listed in errors for anything outside the subset.
const SUPPORTED: &str = "console.log, setTimeout, setImmediate, process.nextTick, \
    queueMicrotask, Promise.resolve().then, fs.readFile";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(&'static str),
    Eof,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(name) => write!(f, "`{name}`"),
            Tok::Str(text) => write!(f, "the string '{text}'"),
            Tok::Num(digits) => write!(f, "the number {digits}"),
            Tok::Punct(p) => write!(f, "`{p}`"),
            Tok::Eof => write!(f, "the end of the script"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    at: Pos,
    /// True when a line break separates this token from the previous one
    /// (JavaScript's automatic semicolon insertion happens there).
    after_newline: bool,
}

fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut column) = (0, 1u32, 1u32);
    let mut newline = true;
    // Advances over one character, keeping line and column right.
    let step = |i: &mut usize, line: &mut u32, column: &mut u32| {
        if chars[*i] == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let at = Pos { line, column };
        let err = |message: String| ParseError { at, message };
        if c.is_whitespace() {
            newline |= c == '\n';
            step(&mut i, &mut line, &mut column);
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                step(&mut i, &mut line, &mut column);
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            step(&mut i, &mut line, &mut column);
            step(&mut i, &mut line, &mut column);
            loop {
                if i + 1 >= chars.len() {
                    return Err(err("unterminated /* comment".into()));
                }
                if chars[i] == '*' && chars[i + 1] == '/' {
                    step(&mut i, &mut line, &mut column);
                    step(&mut i, &mut line, &mut column);
                    break;
                }
                newline |= chars[i] == '\n';
                step(&mut i, &mut line, &mut column);
            }
        } else {
            let tok = if c.is_ascii_alphabetic() || c == '_' || c == '$' {
                let mut name = String::new();
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || chars[i] == '_'
                        || chars[i] == '$')
                {
                    name.push(chars[i]);
                    step(&mut i, &mut line, &mut column);
                }
                Tok::Ident(name)
            } else if c.is_ascii_digit() {
                let mut digits = String::new();
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '.')
                {
                    digits.push(chars[i]);
                    step(&mut i, &mut line, &mut column);
                }
                Tok::Num(digits)
            } else if c == '\'' || c == '"' || c == '`' {
                step(&mut i, &mut line, &mut column);
                let mut text = String::new();
                loop {
                    let Some(&ch) = chars.get(i) else {
                        return Err(err("unterminated string".into()));
                    };
                    step(&mut i, &mut line, &mut column);
                    match ch {
                        _ if ch == c => break,
                        '\n' if c != '`' => {
                            return Err(err("unterminated string".into()));
                        }
                        '$' if c == '`' && chars.get(i) == Some(&'{') => {
                            return Err(err(
                                "template literals with ${…} are outside loopscript; \
                                 log a plain string"
                                    .into(),
                            ));
                        }
                        '\\' => {
                            let Some(&escaped) = chars.get(i) else {
                                return Err(err("unterminated string".into()));
                            };
                            step(&mut i, &mut line, &mut column);
                            text.push(match escaped {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                        _ => text.push(ch),
                    }
                }
                Tok::Str(text)
            } else if c == '=' && chars.get(i + 1) == Some(&'>') {
                step(&mut i, &mut line, &mut column);
                step(&mut i, &mut line, &mut column);
                Tok::Punct("=>")
            } else {
                let punct = match c {
                    '(' => "(",
                    ')' => ")",
                    '{' => "{",
                    '}' => "}",
                    '.' => ".",
                    ',' => ",",
                    ';' => ";",
                    '=' => "=",
                    _ => return Err(err(format!("unexpected character `{c}`"))),
                };
                step(&mut i, &mut line, &mut column);
                Tok::Punct(punct)
            };
            tokens.push(Token {
                tok,
                at,
                after_newline: newline,
            });
            newline = false;
        }
    }
    tokens.push(Token {
        tok: Tok::Eof,
        at: Pos { line, column },
        after_newline: true,
    });
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    /// Whether `const fs = require('fs')` has
    /// been seen; Node throws on `fs` otherwise.
    fs_declared: bool,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.next]
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.next].clone();
        if token.tok != Tok::Eof {
            self.next += 1;
        }
        token
    }

    fn error<T>(&self, at: Pos, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            at,
            message: message.into(),
        })
    }

    fn expect_punct(&mut self, punct: &'static str) -> Result<Token, ParseError> {
        let token = self.bump();
        if token.tok == Tok::Punct(punct) {
            Ok(token)
        } else {
            self.error(token.at, format!("expected `{punct}`, found {}", token.tok))
        }
    }

    fn expect_ident(&mut self, name: &str) -> Result<Token, ParseError> {
        let token = self.bump();
        match &token.tok {
            Tok::Ident(found) if found == name => Ok(token),
            other => {
                self.error(token.at, format!("expected `{name}`, found {other}"))
            }
        }
    }

    fn eat_punct(&mut self, punct: &'static str) -> bool {
        if self.peek().tok == Tok::Punct(punct) {
            self.next += 1;
            true
        } else {
            false
        }
    }

    /// Statements up to `}` (left for the caller) or the end of the script.
    fn statements(&mut self, top_level: bool) -> Result<Callback, ParseError> {
        let mut stmts = Vec::new();
        loop {
            while self.eat_punct(";") {}
            match &self.peek().tok {
                Tok::Eof if top_level => break,
                Tok::Punct("}") if !top_level => break,
                Tok::Eof => {
                    return self.error(self.peek().at, "missing `}` before the end");
                }
                // The `'use strict'` directive changes
                // nothing loopscript can observe.
                Tok::Str(text)
                    if top_level && stmts.is_empty() && text == "use strict" =>
                {
                    self.bump();
                }
                Tok::Ident(word)
                    if matches!(word.as_str(), "const" | "let" | "var") =>
                {
                    self.require_fs(top_level)?;
                }
                _ => stmts.push(self.statement()?),
            }
            // A statement ends at `;`, a line break,
            // `}` or the end, as in JavaScript.
            let next = self.peek();
            let ended = next.after_newline
                || matches!(next.tok, Tok::Punct(";") | Tok::Punct("}") | Tok::Eof);
            if !ended {
                return self.error(
                    next.at,
                    format!("expected `;` or a new line before {}", next.tok),
                );
            }
        }
        Ok(Callback::new(stmts))
    }

    /// `const fs = require('fs')`, the one declaration loopscript allows.
    fn require_fs(&mut self, top_level: bool) -> Result<(), ParseError> {
        let start = self.bump();
        if !top_level {
            return self.error(start.at, "declare `fs` at the top of the script");
        }
        self.expect_ident("fs")?;
        self.expect_punct("=")?;
        self.expect_ident("require")?;
        self.expect_punct("(")?;
        let module = self.bump();
        match &module.tok {
            Tok::Str(name) if name == "fs" || name == "node:fs" => {}
            other => {
                return self.error(
                    module.at,
                    format!("only require('fs') is loopscript, not {other}"),
                );
            }
        }
        self.expect_punct(")")?;
        self.fs_declared = true;
        Ok(())
    }

    fn statement(&mut self) -> Result<Stmt, ParseError> {
        let first = self.bump();
        let Tok::Ident(name) = &first.tok else {
            return self.error(
                first.at,
                format!("expected a statement ({SUPPORTED}), found {}", first.tok),
            );
        };
        match name.as_str() {
            "console" => {
                self.expect_punct(".")?;
                self.expect_ident("log")?;
                self.expect_punct("(")?;
                let text = self.bump();
                let Tok::Str(text) = text.tok else {
                    return self.error(
                        text.at,
                        format!("console.log takes one string, found {}", text.tok),
                    );
                };
                self.expect_punct(")")?;
                Ok(Stmt::Log(text))
            }
            "setTimeout" => {
                self.expect_punct("(")?;
                let callback = self.callback()?;
                let mut delay = 0;
                if self.eat_punct(",") {
                    let token = self.bump();
                    delay = match &token.tok {
                        Tok::Num(digits) => match digits.parse::<u64>() {
                            Ok(ms) => ms,
                            Err(_) => {
                                return self.error(
                                    token.at,
                                    format!("delay {digits} is not a whole number of milliseconds"),
                                );
                            }
                        },
                        other => {
                            return self.error(
                                token.at,
                                format!(
                                    "expected a delay in milliseconds, found {other}"
                                ),
                            );
                        }
                    };
                }
                self.expect_punct(")")?;
                Ok(Stmt::SetTimeout { callback, delay })
            }
            "setImmediate" => Ok(Stmt::SetImmediate(self.call_with_callback()?)),
            "queueMicrotask" => {
                let callback = self.call_with_callback()?;
                Ok(Stmt::QueueMicrotask {
                    callback,
                    at: first.at,
                })
            }
            "process" => {
                self.expect_punct(".")?;
                self.expect_ident("nextTick")?;
                Ok(Stmt::NextTick(self.call_with_callback()?))
            }
            "Promise" => {
                self.expect_punct(".")?;
                self.expect_ident("resolve")?;
                self.expect_punct("(")?;
                self.expect_punct(")")?;
                let mut chain = Vec::new();
                while self.peek().tok == Tok::Punct(".") {
                    self.bump();
                    self.expect_ident("then")?;
                    chain.push(self.call_with_callback()?);
                }
                if chain.is_empty() {
                    return self.error(
                        self.peek().at,
                        "expected `.then(callback)` after Promise.resolve()",
                    );
                }
                Ok(Stmt::PromiseThen(chain.into()))
            }
            "fs" => {
                if !self.fs_declared {
                    return self.error(
                        first.at,
                        "fs is not defined: add `const fs = require('fs')` at the top",
                    );
                }
                self.expect_punct(".")?;
                self.expect_ident("readFile")?;
                self.expect_punct("(")?;
                self.expect_ident("__filename")?;
                self.expect_punct(",")?;
                let callback = self.callback()?;
                self.expect_punct(")")?;
                Ok(Stmt::ReadFile(callback))
            }
            other => self.error(
                first.at,
                format!("`{other}` is outside loopscript (supported: {SUPPORTED})"),
            ),
        }
    }

    /// `(callback)`, the argument list of the single-callback APIs.
    fn call_with_callback(&mut self) -> Result<Callback, ParseError> {
        self.expect_punct("(")?;
        let callback = self.callback()?;
        self.expect_punct(")")?;
        Ok(callback)
    }

    /// An arrow function or a function expression.
    fn callback(&mut self) -> Result<Callback, ParseError> {
        let start = self.peek().clone();
        match &start.tok {
            Tok::Ident(word) if word == "function" => {
                self.bump();
                if matches!(self.peek().tok, Tok::Ident(_)) {
                    self.bump();
                }
                self.params()?;
                self.block()
            }
            Tok::Ident(_) => {
                self.bump();
                self.expect_punct("=>")?;
                self.arrow_body()
            }
            Tok::Punct("(") => {
                self.params()?;
                self.expect_punct("=>")?;
                self.arrow_body()
            }
            other => self.error(
                start.at,
                format!(
                    "expected a callback (`() => {{ … }}` or `function () {{ … }}`), found {other}"
                ),
            ),
        }
    }

    /// `(a, b)`: parameter names are allowed (`(err, data) =>`) and ignored.
    fn params(&mut self) -> Result<(), ParseError> {
        self.expect_punct("(")?;
        if self.eat_punct(")") {
            return Ok(());
        }
        loop {
            let token = self.bump();
            if !matches!(token.tok, Tok::Ident(_)) {
                return self.error(
                    token.at,
                    format!("expected a parameter name, found {}", token.tok),
                );
            }
            if self.eat_punct(")") {
                return Ok(());
            }
            self.expect_punct(",")?;
        }
    }

    fn block(&mut self) -> Result<Callback, ParseError> {
        self.expect_punct("{")?;
        let body = self.statements(false)?;
        self.expect_punct("}")?;
        Ok(body)
    }

    /// `{ statements }`, or one statement as an expression body:
    /// `() => console.log('x')`.
    fn arrow_body(&mut self) -> Result<Callback, ParseError> {
        if self.peek().tok == Tok::Punct("{") {
            return self.block();
        }
        let at = self.peek().at;
        let stmt = self.statement()?;
        if matches!(stmt, Stmt::PromiseThen(_)) {
            // The arrow would return the promise, and adopting a returned promise
            // costs extra microtask turns that loopscript does not model.
            return self.error(
                at,
                "an arrow returning a promise is outside loopscript; wrap the body in { }",
            );
        }
        Ok(Callback::new(vec![stmt]))
    }
}
