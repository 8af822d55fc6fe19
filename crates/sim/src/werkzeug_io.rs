//! Writes an answer the way Odoo's HTTP server does (docs/protocol/speed.md): Odoo serves
//! through werkzeug's `WSGIRequestHandler` (`odoo/service/server.py` builds on
//! `werkzeug.serving.ThreadedWSGIServer`), which sends the buffered status line and headers at
//! `end_headers()` and then each body chunk with its own unbuffered `sendall`, on a socket
//! without TCP_NODELAY. Two small writes per answer: on a kept-alive connection the second
//! waits for the client's delayed ACK of the first (Nagle), about 40 ms on Linux.

use std::io::IoSlice;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A stream that never writes more than one of hyper's buffers per call, so status line +
/// headers and the body leave in separate segments.
pub struct SeparateWrites<T>(pub T);

impl<T: AsyncRead + Unpin> AsyncRead for SeparateWrites<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for SeparateWrites<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match bufs.iter().find(|b| !b.is_empty()) {
            Some(first) => Pin::new(&mut self.0).poll_write(cx, first),
            None => Poll::Ready(Ok(0)),
        }
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
