package com.atlassecure.api.reality;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atlas-api keygen}: prints a fresh REALITY key pair (and short id) in Xray's base64url form. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Print a new REALITY X25519 key pair and short id.")
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--public-of",
            paramLabel = "FILE",
            description = "Print the public key of the private key read from FILE (- for stdin) instead of generating"
                    + " one. Never the key itself: argv shows in ps and in shell history.")
    String publicOf;

    /** Where "-" reads from; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (publicOf != null) {
            PrintWriter err = spec.commandLine().getErr();
            String key;
            try {
                byte[] raw = "-".equals(publicOf) ? stdin.readNBytes(4096) : Files.readAllBytes(Path.of(publicOf));
                key = new String(raw, StandardCharsets.US_ASCII).strip();
            } catch (IOException | InvalidPathException e) {
                // Never echo the argument: an operator may have typed the key itself.
                err.println("--public-of takes a file, or - for stdin, holding the private key; cannot read it");
                err.flush();
                return 2;
            }
            try {
                out.println("PublicKey: " + RealityKeys.publicKeyOf(key));
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("--public-of: the input is not a REALITY private key (base64url of 32 bytes)");
                err.flush();
                return 2;
            }
        }
        RealityKeyPair pair = RealityKeys.generate();
        out.println("PrivateKey: " + pair.privateKey());
        out.println("PublicKey: " + pair.publicKey());
        out.println("ShortId: " + RealityKeys.newShortId());
        out.flush();
        return 0;
    }
}
