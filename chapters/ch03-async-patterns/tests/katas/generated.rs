//! Seeded emitter scripts for the oracle: a tiny PRNG and a generator (no tests here).
//!
//! The same seed always gives the same script, so a failure names a script
//! anyone can regenerate, and the real-Node results can be cached by content.

/// SplitMix64: small, fast, and good enough to pick operations.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Event names: ordinary ones, the special ones, and integer-like keys.
const EVENTS: &[&str] = &[
    "x",
    "x",
    "y",
    "y",
    "z",
    "error",
    "newListener",
    "removeListener",
    "7",
    "01",
];
/// Listener names.
const LISTENERS: &[&str] = &["a", "b", "c", "d"];
/// Argument values, written as JSON.
const VALUES: &[&str] = &[
    "1",
    "-2.5",
    "0.1",
    "1e21",
    "\"s\"",
    "\"two words\"",
    "true",
    "null",
    "[]",
    "[1,\"x\"]",
    "{\"b\":1,\"a\":2,\"3\":0}",
];

fn add_op(rng: &mut Rng) -> String {
    let method = rng.pick(&[
        "on",
        "on",
        "addListener",
        "prependListener",
        "once",
        "once",
        "prependOnceListener",
    ]);
    format!(
        r#"{{"op":"{method}","event":"{}","listener":"{}"}}"#,
        rng.pick(EVENTS),
        rng.pick(LISTENERS)
    )
}

fn emit_op(rng: &mut Rng) -> String {
    let args: Vec<&str> = (0..rng.below(3)).map(|_| rng.pick(VALUES)).collect();
    format!(
        r#"{{"op":"emit","event":"{}","args":[{}]}}"#,
        rng.pick(EVENTS),
        args.join(",")
    )
}

/// An operation a listener may run, or the script itself.
fn action(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => add_op(rng),
        4..=5 => format!(
            r#"{{"op":"off","event":"{}","listener":"{}"}}"#,
            rng.pick(EVENTS),
            rng.pick(LISTENERS)
        ),
        6..=8 => emit_op(rng),
        _ => format!(r#"{{"op":"listenerCount","event":"{}"}}"#, rng.pick(EVENTS)),
    }
}

/// The script for `seed`: a few listener definitions, then 8 to 40 operations.
pub fn script(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut lines = Vec::new();
    for listener in LISTENERS {
        if rng.below(3) > 0 {
            let actions: Vec<String> =
                (0..rng.below(3)).map(|_| action(&mut rng)).collect();
            lines.push(format!(
                r#"{{"op":"define","listener":"{listener}","actions":[{}]}}"#,
                actions.join(",")
            ));
        }
    }
    if rng.below(3) == 0 {
        lines.push(format!(
            r#"{{"op":"setMaxListeners","n":{}}}"#,
            rng.below(4)
        ));
    }
    for _ in 0..8 + rng.below(33) {
        let line = match rng.below(20) {
            0..=7 => add_op(&mut rng),
            8..=10 => emit_op(&mut rng),
            11..=12 => format!(
                r#"{{"op":"off","event":"{}","listener":"{}"}}"#,
                rng.pick(EVENTS),
                rng.pick(LISTENERS)
            ),
            13 => format!(
                r#"{{"op":"removeAllListeners","event":"{}"}}"#,
                rng.pick(EVENTS)
            ),
            14 if rng.below(3) == 0 => r#"{"op":"removeAllListeners"}"#.to_owned(),
            14 => r#"{"op":"getMaxListeners"}"#.to_owned(),
            15 => r#"{"op":"eventNames"}"#.to_owned(),
            16 => {
                format!(r#"{{"op":"listenerCount","event":"{}"}}"#, rng.pick(EVENTS))
            }
            17 => {
                format!(r#"{{"op":"rawListeners","event":"{}"}}"#, rng.pick(EVENTS))
            }
            18 => format!(r#"{{"op":"listeners","event":"{}"}}"#, rng.pick(EVENTS)),
            _ => format!(r#"{{"op":"setMaxListeners","n":{}}}"#, rng.below(4)),
        };
        lines.push(line);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
