//! Katas of `response.rs`: a response's bytes, header for header as Node writes them.

#[cfg(not(kata_skip = "response::serialize"))]
mod serialize {
    use ch06_networking::response::{Body, Meta, Response, serialize};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    fn meta(keep_alive: bool, head_request: bool) -> Meta {
        Meta {
            head_request,
            keep_alive,
            keep_alive_timeout: 5,
            date: "Fri, 04 Dec 2026 16:35:30 GMT".to_owned(),
        }
    }

    fn text(response: Response, meta: Meta) -> String {
        bounded(move || {
            String::from_utf8(serialize(&response, &meta)).expect("ASCII")
        })
    }

    /// Node 20's bytes for `res.writeHead(200, {'Content-Length': 8}); res.end('GET / 0\n')`.
    #[test]
    fn keep_alive_like_node() {
        let response =
            Response::new(200, "GET / 0\n").with_header("Content-Length", "8");
        assert_eq!(
            text(response, meta(true, false)),
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nDate: Fri, 04 Dec 2026 16:35:30 GMT\r\n\
             Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nGET / 0\n"
        );
    }

    /// `res.end(data)` adds `Content-Length` itself; a closing connection says so.
    #[test]
    fn length_added_and_close() {
        let response = Response::new(404, "nope");
        assert_eq!(
            text(response, meta(false, false)),
            "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nDate: Fri, 04 Dec 2026 16:35:30 GMT\r\n\
             Connection: close\r\n\r\nnope"
        );
    }

    /// `res.write()`s without a length are chunked (Node 20's bytes for the 417 answer).
    #[test]
    fn chunked_like_node() {
        let response = Response {
            status: 417,
            headers: Vec::new(),
            body: Body::Chunked(Vec::new()),
        };
        assert_eq!(
            text(response, meta(true, false)),
            "HTTP/1.1 417 Expectation Failed\r\nDate: Fri, 04 Dec 2026 16:35:30 GMT\r\n\
             Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\
             \r\n0\r\n\r\n"
        );
    }

    /// HEAD gets every header GET would, and no body.
    #[test]
    fn head_has_no_body() {
        let response = Response::new(200, "HEAD /h 0\n");
        let mut no_date = meta(true, true);
        no_date.date.clear();
        assert_eq!(
            text(response, no_date),
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: keep-alive\r\n\
             Keep-Alive: timeout=5\r\n\r\n"
        );
    }

    /// 204 has no body and no framing header, even when the handler gave bytes.
    #[test]
    fn no_content_has_no_framing() {
        let mut no_date = meta(false, false);
        no_date.date.clear();
        assert_eq!(
            text(Response::new(204, "ignored"), no_date),
            "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
        );
    }
}
