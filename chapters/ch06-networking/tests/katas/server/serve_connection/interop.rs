//! Real clients against the chapter's server: curl, `ureq` and Node 20's `http.request`.

use std::process::{Command, Stdio};
use std::time::Duration;

use kata_support::oracle::{self, NodeVersion};
use pretty_assertions::assert_eq;

use super::super::{quick, start};
use crate::katas::{CHAPTER, run};

/// Runs `command` to completion, killing it after 10 s; returns (stdout, stderr).
fn output_within(mut command: Command) -> (String, String) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the client");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("polling the client").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the client did not finish within 10 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().expect("collecting output");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Fails (never skips) when `curl` does not run: a test that passed without
/// its client would count a kata passed that no real client has seen.
fn require_curl() {
    let found = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "curl is not installed: `apt-get install curl` (Debian), or your system's package"
    );
}

/// curl posts a body, then fetches a second URL on the same kept-alive connection.
#[test]
fn curl_posts_and_reuses_the_connection() {
    require_curl();
    let (stdout, stderr) = run(async {
        let server = start(quick(5_000, 5_000)).await;
        let base = format!("http://{}", server.local_addr());
        let mut command = Command::new("curl");
        command.args(["-sS", "-v", "--max-time", "5", "--data-binary", "abc"]);
        command.arg(format!("{base}/x"));
        command.args(["--next", "-sS", "--max-time", "5"]);
        command.arg(format!("{base}/y"));
        tokio::task::spawn_blocking(move || output_within(command))
            .await
            .expect("curl thread")
    });
    assert_eq!(stdout, "POST /x 3\nGET /y 0\n");
    assert!(
        stderr.contains("Re-using existing connection")
            || stderr.contains("Reusing existing connection"),
        "curl opened a second connection:\n{stderr}"
    );
}

/// `ureq`'s POST to `/u` and GET of `/v?q=1` on our server: the two bodies.
fn ureq_bodies() -> (String, String) {
    run(async {
        let server = start(quick(5_000, 5_000)).await;
        let base = format!("http://{}", server.local_addr());
        tokio::task::spawn_blocking(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(5)))
                .build()
                .into();
            let mut first = agent
                .post(&format!("{base}/u"))
                .send("hello")
                .expect("the POST");
            let first = first.body_mut().read_to_string().expect("a body");
            let mut second =
                agent.get(&format!("{base}/v?q=1")).call().expect("the GET");
            let second = second.body_mut().read_to_string().expect("a body");
            (first, second)
        })
        .await
        .expect("ureq thread")
    })
}

/// A Rust HTTP client (`ureq`) reads our responses: a POST body and a chunked request.
#[test]
fn ureq_client_reads_responses() {
    assert_eq!(
        ureq_bodies(),
        ("POST /u 5\n".to_owned(), "GET /v?q=1 0\n".to_owned())
    );
}

/// Node 20's `http.request` through a keep-alive agent: the second request reuses the socket.
#[test]
fn real_node_http_request() {
    // Ours first, with a Rust client: on a stub it panics before Node is
    // started for nothing.
    ureq_bodies();
    let node = oracle::require_node(NodeVersion::V20);
    let script = kata_support::chapter_file(CHAPTER, "tests/node/client.js");
    let stdout = run(async move {
        let server = start(quick(5_000, 5_000)).await;
        let mut command = Command::new(node);
        command
            .arg(script)
            .arg(server.local_addr().port().to_string());
        command.env_remove("NODE_OPTIONS");
        tokio::task::spawn_blocking(move || output_within(command).0)
            .await
            .expect("node thread")
    });
    assert_eq!(
        stdout,
        "200 \"POST /a 3\\n\" reused=false\n\
         200 \"POST /b 5\\n\" reused=true\n\
         200 \"GET /c 0\\n\" reused=true\n"
    );
}
