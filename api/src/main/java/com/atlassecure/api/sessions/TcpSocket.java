package com.atlassecure.api.sessions;

import java.util.ArrayList;
import java.util.List;

/**
 * One established TCP socket as {@code ss -tnH state established} prints it: the local and the
 * peer endpoint, exactly as ss wrote them (e.g. {@code [::ffff:127.0.0.1]:4443}).
 */
record TcpSocket(String local, String peer) {

    /**
     * Parses ss's headerless listing. With a state filter ss omits the State column, so a line is
     * {@code Recv-Q Send-Q Local:Port Peer:Port [Process]}; we never pass -p, so the last two
     * fields are the endpoints.
     */
    static List<TcpSocket> parseListing(String stdout) {
        List<TcpSocket> sockets = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            sockets.add(new TcpSocket(fields[2], fields[3]));
        }
        return sockets;
    }
}
