//! A scripted "box" on 127.0.0.1 for tests of odd or hostile answers: each connection's request
//! head is read, and its path and the stream go to the test's `answer`, which writes whatever
//! bytes it likes (or nothing). Nothing leaves loopback.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

/// The request head's cap: a client sending more without a blank line gets no answer.
const MAX_HEAD: usize = 16 << 10;

/// Serves every connection with `answer(stream, path)` once its request head has arrived.
pub async fn serve<F, Fut>(answer: F) -> SocketAddr
where
    F: Fn(TcpStream, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                if let Some(path) = request_path(&mut stream).await {
                    answer(stream, path).await;
                }
            });
        }
    });
    addr
}

/// The path of the request on `stream` once its head is complete (`None`: the client closed
/// first, or the head outgrew `MAX_HEAD`).
async fn request_path(stream: &mut TcpStream) -> Option<String> {
    let mut buf = vec![0u8; MAX_HEAD];
    let mut n = 0;
    while !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf[n..]).await {
            Ok(0) | Err(_) => return None,
            Ok(k) => n += k,
        }
    }
    let head = String::from_utf8_lossy(&buf[..n]);
    Some(head.split_whitespace().nth(1).unwrap_or("/").to_owned())
}
