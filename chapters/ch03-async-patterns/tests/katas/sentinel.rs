//! Katas of `sentinel.rs`: the notes' `after(times, cb)` and a gather over real files.

#[cfg(not(kata_skip = "sentinel::after"))]
mod after {
    use std::collections::BTreeMap;

    use ch03_async_patterns::sentinel::After;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// `done` fires on the `times`-th call, with every result, and never again.
    #[test]
    fn fires_once_on_the_last_result() {
        bounded(|| {
            let mut seen: Vec<BTreeMap<String, u32>> = Vec::new();
            let mut sentinel = After::new(3, |results: &BTreeMap<String, u32>| {
                seen.push(results.clone())
            });
            sentinel.call("template", 1);
            sentinel.call("data", 2);
            sentinel.call("resources", 3);
            sentinel.call("late", 4);
            drop(sentinel);
            let expected = BTreeMap::from([
                ("data".to_owned(), 2),
                ("resources".to_owned(), 3),
                ("template".to_owned(), 1),
            ]);
            assert_eq!(seen, [expected]);
        });
    }

    /// As in the notes, a repeated key still counts: the sentinel counts calls, not names.
    #[test]
    fn counts_calls_not_names() {
        bounded(|| {
            let mut fired = 0;
            let mut sentinel = After::new(2, |results: &BTreeMap<String, &str>| {
                assert_eq!(results.len(), 1);
                fired += 1;
            });
            sentinel.call("data", "first");
            sentinel.call("data", "second");
            drop(sentinel);
            assert_eq!(fired, 1);
        });
    }
}

#[cfg(not(kata_skip = "sentinel::deliver"))]
mod deliver {
    use std::collections::BTreeMap;
    use std::sync::mpsc;

    use ch03_async_patterns::sentinel::{Gather, GatherError, Gathered};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    type Outcome = Gathered<String, String>;

    fn gather(sources: &[&str]) -> (Gather<String, String>, mpsc::Receiver<Outcome>) {
        let (tx, rx) = mpsc::channel();
        let gather = Gather::new(sources, move |outcome| {
            let _ = tx.send(outcome);
        })
        .expect("valid sources");
        (gather, rx)
    }

    /// Three real files read on three threads, arriving in any order: rendered once, with all three.
    #[test]
    fn renders_once_all_sources_arrived() {
        bounded(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let names = ["template", "data", "resources"];
            for name in names {
                std::fs::write(dir.path().join(name), format!("<{name}>"))
                    .expect("write");
            }
            let (mut gather, rendered) = gather(&names);
            let (tx, arrivals) = mpsc::channel();
            let readers: Vec<_> = names
                .iter()
                .map(|name| {
                    let (tx, path) = (tx.clone(), dir.path().join(name));
                    let name = name.to_string();
                    std::thread::spawn(move || {
                        let result =
                            std::fs::read_to_string(&path).map_err(|e| e.to_string());
                        tx.send((name, result)).expect("the gatherer is listening");
                    })
                })
                .collect();
            drop(tx);
            for (name, result) in arrivals {
                gather.deliver(&name, result).expect("a known source");
            }
            for reader in readers {
                reader.join().expect("reader thread");
            }
            let outcomes: Vec<Outcome> = rendered.try_iter().collect();
            let expected: BTreeMap<String, String> = names
                .iter()
                .map(|n| (n.to_string(), format!("<{n}>")))
                .collect();
            assert_eq!(outcomes, [Ok(expected)]);
            assert!(gather.is_done());
        });
    }

    /// The first error wins; later results and later errors are ignored.
    #[test]
    fn first_error_wins() {
        bounded(|| {
            let (mut gather, rendered) = gather(&["a", "b", "c"]);
            gather.deliver("a", Ok("A".to_owned())).expect("known");
            gather
                .deliver("b", Err("b failed".to_owned()))
                .expect("known");
            gather
                .deliver("c", Err("c failed".to_owned()))
                .expect("known");
            gather.deliver("c", Ok("C".to_owned())).expect("known");
            let outcomes: Vec<Outcome> = rendered.try_iter().collect();
            assert_eq!(outcomes, [Err(("b".to_owned(), "b failed".to_owned()))]);
        });
    }

    /// A result for a name nobody waits for is an error naming it; a repeat is ignored.
    #[test]
    fn unknown_source_is_an_error() {
        bounded(|| {
            let (mut gather, rendered) = gather(&["a", "b"]);
            gather.deliver("a", Ok("1".to_owned())).expect("known");
            assert_eq!(
                gather.deliver("zzz", Ok("?".to_owned())),
                Err(GatherError::UnknownSource {
                    name: "zzz".to_owned()
                })
            );
            assert_eq!(gather.deliver("a", Ok("again".to_owned())), Ok(()));
            gather.deliver("b", Ok("2".to_owned())).expect("known");
            let outcomes: Vec<Outcome> = rendered.try_iter().collect();
            let expected = BTreeMap::from([
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "2".to_owned()),
            ]);
            assert_eq!(outcomes, [Ok(expected)]);
        });
    }

    /// Bad source lists are refused when the gather is made (provided constructor).
    #[test]
    fn given_bad_source_lists() {
        let empty = Gather::<(), ()>::new(&[], |_| {});
        assert!(matches!(empty, Err(GatherError::NoSources)));
        let twice = Gather::<(), ()>::new(&["a", "a"], |_| {});
        assert!(
            matches!(twice, Err(GatherError::DuplicateSource { name }) if name == "a")
        );
    }
}
