package io.workshopmonitor.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.impl.MqttConnectionAccess;
import io.vertx.mqtt.impl.MqttServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;

/**
 * vertx-mqtt's server, assembled per connection here instead of by {@code MqttServer}, for three things the
 * standard asks that it does not do:
 * <ul>
 *   <li>a fixed header announcing a packet over the limit closes the connection at once, before a byte of
 *       the packet is buffered ({@link FrameLimit});</li>
 *   <li>the endpoint handler gets the connection's socket, so it can hold back what the client sends after
 *       CONNECT (a PUBLISH is legal before the CONNACK arrives) until the sign-in is decided;</li>
 *   <li>anything but CONNECT as the first packet, or bytes that are not MQTT, close the socket with one log
 *       line, not an error with a stack trace.</li>
 * </ul>
 * The pipeline is otherwise the one vertx-mqtt builds, with the handler names it expects.
 */
final class MqttListener {

    private static final Logger LOG = LoggerFactory.getLogger(MqttListener.class);

    private final Vertx vertx;
    private final MqttServerOptions options;
    private NetServer server;

    MqttListener(Vertx vertx, MqttServerOptions options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** Listens and calls {@code connected} with each endpoint that sent a CONNECT, and its socket. */
    Future<Integer> listen(BiConsumer<MqttEndpoint, NetSocket> connected) {
        server = vertx.createNetServer(options);
        server.connectHandler(plain -> accept((NetSocketInternal) plain, connected));
        return server.listen(options.getPort(), options.getHost()).map(NetServer::actualPort);
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void accept(NetSocketInternal socket, BiConsumer<MqttEndpoint, NetSocket> connected) {
        String remote = String.valueOf(socket.remoteAddress());
        ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
        pipeline.addBefore("handler", "frameLimit", new FrameLimit(options.getMaxMessageSize(), remote));
        pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
        pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(options.getMaxMessageSize(), options.getMaxClientIdLength()));
        // vertx-mqtt removes these two by name when the CONNECT arrives
        pipeline.addBefore("handler", "idle", new IdleStateHandler(options.timeoutOnConnect(), 0, 0));
        pipeline.addBefore("handler", "timeoutOnConnect", new ChannelDuplexHandler() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                    ctx.channel().close();
                }
                super.userEventTriggered(ctx, event);
            }
        });
        // until the CONNECT, a decoding failure is a stranger's junk: one line, and the socket closes
        socket.exceptionHandler(e -> LOG.info("closed a connection from {}: not MQTT ({})", remote, e.getMessage()));
        boolean[] connectSeen = {false};
        boolean[] notConnectedTold = {false};
        MqttServerConnection connection = new MqttServerConnection(socket, endpoint -> connected.accept(endpoint, socket),
                e -> LOG.debug("MQTT connection from {}: {}", remote, e.toString()), options);
        Handler<Object> messages = MqttConnectionAccess.messages(connection);
        socket.messageHandler(message -> {
            if (!connectSeen[0] && message instanceof MqttMessage mqtt && mqtt.decoderResult().isSuccess()) {
                MqttMessageType type = mqtt.fixedHeader().messageType();
                if (type != MqttMessageType.CONNECT) {
                    ReferenceCountUtil.release(message);
                    LOG.info("closed a connection from {}: it sent {} before CONNECT", remote, type);
                    socket.close();
                    return;
                }
                connectSeen[0] = true;
            }
            synchronized (connection) {
                try {
                    messages.handle(message);
                } catch (IllegalArgumentException e) {
                    if (!String.valueOf(e.getMessage()).contains("not connected client")) {
                        throw e;
                    }
                    // packets that came in the same read as the one that closed the connection (a flood past
                    // mqtt.maxInFlight, a refused CONNECT) find it no longer connected: Vert.x has closed the socket
                    // and dropped them unacknowledged, so the client sends them again; one line, not a stack trace
                    if (!notConnectedTold[0]) {
                        notConnectedTold[0] = true;
                        LOG.info("closed a connection from {}: it sent packets after it was closed or refused", remote);
                    }
                }
            }
        });
    }

    /**
     * Reads each packet's fixed header as the bytes go by, without holding them, and closes the connection as
     * soon as one announces more than the limit: the decoder would otherwise wait for, or skip, every byte of it.
     */
    static final class FrameLimit extends ChannelInboundHandlerAdapter {
        private final int maxBytes;
        private final String remote;
        private long toSkip;
        private int headerBytes;
        private long length;
        private long multiplier;

        FrameLimit(int maxBytes, String remote) {
            this.maxBytes = maxBytes;
            this.remote = remote;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
            if (message instanceof ByteBuf bytes && !fits(bytes)) {
                ReferenceCountUtil.release(message);
                ctx.close();
                return;
            }
            super.channelRead(ctx, message);
        }

        private boolean fits(ByteBuf bytes) {
            int at = bytes.readerIndex();
            int end = bytes.writerIndex();
            while (at < end) {
                if (toSkip > 0) {
                    long step = Math.min(toSkip, end - at);
                    at += (int) step;
                    toSkip -= step;
                    continue;
                }
                int b = bytes.getByte(at++) & 0xFF;
                if (headerBytes == 0) {
                    headerBytes = 1;
                    length = 0;
                    multiplier = 1;
                    continue;
                }
                length += (b & 0x7F) * multiplier;
                multiplier *= 128;
                headerBytes++;
                if ((b & 0x80) == 0) {
                    if (length > maxBytes) {
                        LOG.info("closed the MQTT connection from {}: it announced a packet of {} bytes, over the limit of {}",
                                remote, length, maxBytes);
                        return false;
                    }
                    toSkip = length;
                    headerBytes = 0;
                } else if (headerBytes > 4) {
                    LOG.info("closed the MQTT connection from {}: a remaining length longer than four bytes is not MQTT", remote);
                    return false;
                }
            }
            return true;
        }
    }
}
