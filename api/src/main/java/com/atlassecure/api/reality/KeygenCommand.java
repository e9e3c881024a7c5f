package com.atlassecure.api.reality;

import java.io.PrintWriter;
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

    @Option(names = "--public-of", description = "Print the public key of this private key instead of generating one.")
    String publicOf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (publicOf != null) {
            try {
                out.println("PublicKey: " + RealityKeys.publicKeyOf(publicOf));
                out.flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--public-of: " + e.getMessage());
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
