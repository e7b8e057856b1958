import Foundation
import NIOCore
import NIOHTTP1

/// Reads one HTTP request at a time off a connection (the pipeline handler in front keeps
/// pipelined requests in order), answers it off the event loop on the service's queue, and
/// writes the answer back. Requests arriving once the server is stopping get 503.
final class SOAPHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A qbXML answer for 30 requests with every line is well under this.
    static let bodyLimit = 32 * 1024 * 1024

    private let endpoint: WebConnectorEndpoint
    private let exchanges: ExchangeTracker
    private let queue: DispatchQueue
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(endpoint: WebConnectorEndpoint, exchanges: ExchangeTracker, queue: DispatchQueue) {
        self.endpoint = endpoint
        self.exchanges = exchanges
        self.queue = queue
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > Self.bodyLimit {
                tooLarge = true
            } else if !tooLarge {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            respond(to: requestHead, context: context)
        }
    }

    private func respond(to requestHead: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = requestHead.isKeepAlive
        if tooLarge {
            return write(.init(status: 413, contentType: "text/plain", body: "The request is too large.\n"), head: requestHead, keepAlive: false, context: context)
        }
        guard exchanges.begin() else {
            return write(.init(status: 503, contentType: "text/plain", body: "qbsync is stopping; the next update goes on.\n"), head: requestHead, keepAlive: false, context: context)
        }
        let text = body.readString(length: body.readableBytes) ?? ""
        let method = requestHead.method.rawValue
        let uri = requestHead.uri
        let host = requestHead.headers.first(name: "Host")
        let forwardedProto = requestHead.headers.first(name: "X-Forwarded-Proto")
        let endpoint = self.endpoint
        let exchanges = self.exchanges
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        queue.async {
            let answer = endpoint.answer(method: method, uri: uri, host: host, forwardedProto: forwardedProto, body: text)
            loopBound.eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.write(answer, head: requestHead, keepAlive: keepAlive, context: context) {
                    exchanges.end()
                }
            }
        }
    }

    private func write(
        _ answer: WebConnectorEndpoint.Answer, head requestHead: HTTPRequestHead, keepAlive: Bool, context: ChannelHandlerContext,
        then done: @escaping @Sendable () -> Void = {}
    ) {
        var bytes = context.channel.allocator.buffer(capacity: answer.body.utf8.count)
        bytes.writeString(answer.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(bytes.readableBytes))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let responseHead = HTTPResponseHead(version: requestHead.version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if requestHead.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
            done()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
