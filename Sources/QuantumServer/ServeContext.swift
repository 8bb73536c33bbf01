import Hummingbird
import NIOCore

/// The request context of `quantum serve`: Hummingbird's own, and the connection's channel, so a
/// streamed batch can hear its client go away while it has nothing to write.
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's connection.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
