package com.atlassecure.api.egress;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Opens a SOCKS5 CONNECT through the customer's xray client and reports whether the far end answered: either
 * the {@link MarkerServer}'s line, or an HTTP/2 SETTINGS frame (Xray's own gRPC API) after our preface.
 */
final class TunnelProbe {
    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};

    /** What came back: reached is true only when the service behind the destination answered. */
    record Result(boolean reached, String detail) {}

    private TunnelProbe() {}

    static Result marker(int socksPort, String host, int port) {
        return probe(socksPort, host, port, false);
    }

    static Result grpc(int socksPort, String host, int port) {
        return probe(socksPort, host, port, true);
    }

    private static Result probe(int socksPort, String host, int port, boolean grpc) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", socksPort), 5_000);
            socket.setSoTimeout(8_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(new byte[] {5, 1, 0});
            out.flush();
            if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 0) {
                return new Result(false, "socks refused the greeting");
            }
            out.write(connectRequest(host, port));
            out.flush();
            int version = in.readUnsignedByte();
            int reply = in.readUnsignedByte();
            in.readUnsignedByte();
            int atyp = in.readUnsignedByte();
            in.readNBytes(atyp == 1 ? 4 : atyp == 4 ? 16 : in.readUnsignedByte());
            in.readNBytes(2);
            if (version != 5 || reply != 0) {
                return new Result(false, "socks reply " + reply);
            }
            if (grpc) {
                out.write(H2_PREFACE);
                out.write(EMPTY_SETTINGS);
                out.flush();
                byte[] frame = in.readNBytes(9);
                if (frame.length == 9 && frame[3] == 4) {
                    return new Result(true, "HTTP/2 SETTINGS frame from the gRPC server");
                }
                return new Result(false, "closed after " + frame.length + " bytes");
            }
            String line = readAll(in);
            return line.contains(MarkerServer.MARKER)
                    ? new Result(true, "marker line received")
                    : new Result(false, "closed without the marker (" + line.length() + " bytes)");
        } catch (SocketTimeoutException e) {
            return new Result(false, "timed out waiting for an answer");
        } catch (IOException e) {
            return new Result(false, e.toString());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[256];
        int n;
        while (buffer.size() < 4096 && (n = in.read(chunk)) >= 0) {
            buffer.write(chunk, 0, n);
        }
        return buffer.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] connectRequest(String host, int port) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {5, 1, 0});
        if (host.matches("[0-9.]+") || host.contains(":")) {
            byte[] address = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
            request.write(address.length == 4 ? 1 : 4);
            request.writeBytes(address);
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            request.write(3);
            request.write(name.length);
            request.writeBytes(name);
        }
        request.write(port >> 8);
        request.write(port & 0xff);
        return request.toByteArray();
    }
}
