import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The Web Connector's SOAP service over HTTP/1.1 on SwiftNIO: `POST /qbwc`. It serves plain
/// HTTP; on the clinic's network a TLS proxy stands in front (the README shows one).
public final class WebConnectorServer: @unchecked Sendable {
    private let service: WebConnectorService
    private let host: String
    private let requestedPort: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let exchanges = ExchangeTracker()
    // Exchanges are answered here, off the event loop: the work journals to disk.
    private let queue = DispatchQueue(label: "qbsync-webconnector-exchanges")
    private var channel: Channel?
    private let connections = ConnectionSet()

    /// A server for `service` that will listen on `host:port` (port 0: any free port).
    public init(service: WebConnectorService, host: String, port: Int) {
        self.service = service
        self.host = host
        self.requestedPort = port
    }

    /// Binds and starts serving; throws when the address cannot be had.
    public func start() throws {
        let endpoint = WebConnectorEndpoint(service: service)
        let exchanges = self.exchanges
        let queue = self.queue
        let connections = self.connections
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SOAPHTTPHandler(endpoint: endpoint, exchanges: exchanges, queue: queue))
                }
            }
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
        channel = try bootstrap.bind(host: host, port: requestedPort).wait()
    }

    /// The port listened on (the one picked when 0 was asked for).
    public var port: Int { channel?.localAddress?.port ?? requestedPort }

    /// The service's URL (`http://127.0.0.1:8124/qbwc`).
    public var url: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)\(WebConnectorEndpoint.path)"
    }

    /// Stops accepting, lets the exchanges in hand finish (at most `grace` seconds), then closes
    /// every connection and the event loop.
    public func stop(grace: TimeInterval = 30) {
        try? channel?.close().wait()
        exchanges.stopAndWait(timeout: grace)
        connections.closeAll()
        try? group.syncShutdownGracefully()
    }
}

/// The open connections, to close on stop (an idle keep-alive connection would hold it up).
final class ConnectionSet: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [ObjectIdentifier: Channel] = [:]

    func add(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        lock.withLock { channels[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in self?.lock.withLock { self?.channels[key] = nil } }
    }

    func closeAll() {
        let open = lock.withLock { Array(channels.values) }
        for channel in open { try? channel.close().wait() }
    }
}
