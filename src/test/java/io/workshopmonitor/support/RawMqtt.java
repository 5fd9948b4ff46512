package io.workshopmonitor.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 packets written byte by byte over a plain socket, for what a client library will not do: time a
 * CONNACK without the library's own overhead, send a PUBLISH before the CONNACK is in, send junk, or announce
 * a packet larger than any limit.
 */
public final class RawMqtt implements AutoCloseable {

    /** A packet read back: its type (high nibble of the first byte) and its body. */
    public record Packet(int type, byte[] body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** A socket to the endpoint from {@code localAddress} (any address of 127.0.0.0/8 is this machine). */
    public static RawMqtt open(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        return new RawMqtt(socket);
    }

    public static byte[] connect(String clientId, String username, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4); // 3.1.1
        int flags = 0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        body.write(flags);
        body.write(0);
        body.write(60); // keep alive
        writeString(body, clientId);
        if (username != null) {
            writeString(body, username);
        }
        if (password != null) {
            writeString(body, password);
        }
        return packet(0x10, body.toByteArray());
    }

    public static byte[] publish(String topic, String payload, int qos, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(messageId >> 8);
            body.write(messageId & 0xFF);
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | (qos << 1), body.toByteArray());
    }

    public void send(byte[]... packets) throws IOException {
        for (byte[] packet : packets) {
            out.write(packet);
        }
        out.flush();
    }

    public Packet read() throws IOException {
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, body);
    }

    /** Whether the service closed the socket within {@code millis}, reading and dropping what it sent first. */
    public boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream raw = socket.getInputStream();
        try {
            while (raw.read() != -1) {
                // whatever came before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** CONNECT and the CONNACK's return code. */
    public int signIn(String clientId, String username, String password) throws IOException {
        send(connect(clientId, username, password));
        Packet connack = read();
        if (connack.type() != 2) {
            throw new EOFException("expected a CONNACK, got packet type " + connack.type());
        }
        return connack.body()[1];
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(first);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }
}
