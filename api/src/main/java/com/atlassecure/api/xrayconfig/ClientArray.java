package com.atlassecure.api.xrayconfig;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the VLESS inbound's client list, from {@code [} to {@code ]}, where the document renderer reaches it. */
@FunctionalInterface
public interface ClientArray {
    /** {@code indent} is the indentation of the closing bracket; see {@link ClientLines}. */
    void writeTo(OutputStream out, String indent) throws IOException;

    static ClientArray of(Iterable<ClientEntry> clients) {
        return (out, indent) -> ClientLines.write(out, clients, indent);
    }
}
