package com.atlassecure.testkit.xray;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Makes a TLS server context with a self-signed EC certificate for one DNS name, using the JDK's keytool. */
final class SelfSignedTls {

    private static final char[] PASSWORD = "atlas-testkit".toCharArray();
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private SelfSignedTls() {}

    /** One context per name per JVM: keytool takes a second, and the certificate's details do not matter. */
    static SSLContext contextFor(String serverName) {
        return CONTEXTS.computeIfAbsent(serverName, SelfSignedTls::create);
    }

    private static SSLContext create(String serverName) {
        try {
            Path dir = Files.createTempDirectory("atlas-reality-target-");
            Path keystore = dir.resolve("target.p12");
            runKeytool(serverName, keystore);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASSWORD);
            }
            Files.delete(keystore);
            Files.delete(dir);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the REALITY target's keystore", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for " + serverName, e);
        }
    }

    private static void runKeytool(String serverName, Path keystore) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "target",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + serverName,
                "-ext",
                "san=dns:" + serverName,
                "-validity",
                "30",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(keytool + " failed for " + serverName + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
