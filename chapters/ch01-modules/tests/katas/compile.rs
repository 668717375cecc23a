//! Katas of `compile.rs`: loaders by extension, the wrapper, JSON modules.

// The kata `compile::compile` lives in `mod compile` so test paths start with its name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "compile::loader_for"))]
mod loader_for {
    use std::path::Path;

    use ch01_modules::compile::{Loader, loader_for};
    use kata_support::bounded;
    use kata_support::cases;

    /// The last extension decides; unknown ones are JavaScript.
    fn by_extension(path: &'static str, loader: Loader) {
        bounded(move || assert_eq!(loader_for(Path::new(path)), loader, "{path}"));
    }
    cases!(by_extension {
        js: ("a/x.js", Loader::Js),
        json: ("a/x.json", Loader::Json),
        addon: ("a/x.node", Loader::Addon),
        last_extension: ("a/x.json.js", Loader::Js),
        unknown: ("a/x.txt", Loader::Js),
        none: ("a/x", Loader::Js),
        dotfile: ("a/.json", Loader::Js),
    });
}

#[cfg(not(kata_skip = "compile::wrap"))]
mod wrap {
    use ch01_modules::compile::wrap;
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::{NodeVersion, Outcome, recorded};
    use pretty_assertions::assert_eq;

    use crate::katas::CHAPTER;

    /// Byte for byte `require('module').wrap(source)` of real Node 10 and 20.
    fn matches_module_wrap(version: NodeVersion) {
        bounded(move || {
            let source = "exports.x = 1;\n// last line";
            let ours = wrap(source);
            let probe =
                "process.stdout.write(require('module').wrap(process.argv[1]))";
            let input = format!("{probe}\nargument: {source}");
            let observed =
                recorded(CHAPTER, "wrap/two_lines", version, &input, 1, |node| {
                    let output = std::process::Command::new(node)
                        .args(["-e", probe, source])
                        .env_remove("NODE_OPTIONS")
                        .output()?;
                    Ok(Outcome {
                        lines: String::from_utf8_lossy(&output.stdout)
                            .split('\n')
                            .map(str::to_owned)
                            .collect(),
                        success: output.status.success(),
                    })
                });
            let real = observed.outcomes.keys().next().expect("at least one run");
            assert!(real.success, "{version} failed to wrap:\n{observed}");
            assert_eq!(ours, real.lines.join("\n"));
        });
    }
    cases!(matches_module_wrap {
        node10: (NodeVersion::V10),
        node20: (NodeVersion::V20),
    });
}

#[cfg(not(kata_skip = "compile::compile"))]
mod compile {
    use std::path::Path;

    use ch01_modules::compile::{Compiled, compile, wrap};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// JavaScript is wrapped (without its BOM); JSON is parsed; addons are recorded.
    #[test]
    fn runs_the_loader() {
        bounded(|| {
            let js =
                compile(Path::new("/m/a.js"), "\u{feff}exports.a = 1").expect("js");
            assert_eq!(
                js,
                Compiled::Js {
                    wrapped: wrap("exports.a = 1")
                }
            );
            let json = compile(Path::new("/m/d.json"), "{\"a\": [1]}").expect("json");
            assert_eq!(json, Compiled::Json(serde_json::json!({"a": [1]})));
            assert_eq!(
                compile(Path::new("/m/x.node"), "\0\u{1}"),
                Ok(Compiled::Addon)
            );
        });
    }

    /// A malformed JSON module is an error that names the file.
    #[test]
    fn bad_json_names_the_file() {
        bounded(|| {
            let error = compile(Path::new("/m/bad.json"), "{\"a\": }")
                .expect_err("malformed");
            assert_eq!(error.path, Path::new("/m/bad.json"));
            assert!(error.to_string().starts_with("/m/bad.json: "), "{error}");
        });
    }
}
