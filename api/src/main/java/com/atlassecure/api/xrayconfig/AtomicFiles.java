package com.atlassecure.api.xrayconfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn mix: temp file in the same
 * directory, fsync, atomic rename, fsync of the directory. The owner and POSIX mode of the old file are kept, so
 * Xray (which runs as another user) can still read it.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 64 * 1024;

    private AtomicFiles() {}

    /** Produces a file's new content into a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}, which the caller flushes, fsyncs and closes. */
        void writeTo(FileOutput out) throws IOException;
    }

    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, out -> out.write(bytes));
    }

    /**
     * Streams the content into a temp file and, unless the content declines, makes it the target atomically. The
     * content is never held in memory whole: a 100k-client config.json is 15 MB, and building it as one array (then
     * copying it as the array grows) was most of the API's garbage.
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        writeAtomically(target, content, null);
    }

    /** As {@link #writeAtomically(Path, byte[])}, but the new file gets this mode whatever the old one had. */
    public static void writeAtomically(Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        writeAtomically(target, out -> out.write(bytes), mode);
    }

    private static void writeAtomically(Path target, Content content, Set<PosixFilePermission> mode)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            copyOwnership(target, temp);
            if (mode != null) {
                // Before any byte is written: the new keys are never readable under the old file's mode.
                Files.setPosixFilePermissions(temp, mode);
            }
            try (FileChannel ch =
                    FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                FileOutput out = new FileOutput(ch, BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot atomically replace " + target + " on this file system", e);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void copyOwnership(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        PosixFileAttributeView fromView = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView toView = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (fromView == null || toView == null) {
            return;
        }
        PosixFileAttributes attrs = fromView.readAttributes();
        toView.setPermissions(attrs.permissions());
        try {
            toView.setOwner(attrs.owner());
            toView.setGroup(attrs.group());
        } catch (IOException notPermitted) {
            // Only root may give a file away; when we are the owner already, the copy is the same anyway.
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
    }
}
