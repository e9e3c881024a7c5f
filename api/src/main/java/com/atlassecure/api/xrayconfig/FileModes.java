package com.atlassecure.api.xrayconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The modes of the files that hold secrets (config.json, api.env): "other" may have no bit on them (review L6). */
public final class FileModes {
    /** config.json: the API writes it, Xray reads it through its group. */
    public static final Set<PosixFilePermission> CONFIG = PosixFilePermissions.fromString("rw-r-----");
    /** init's --env-out: only the user who ran init. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OTHER = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {}

    /** Why the file is too open (naming its mode and the fix), or empty when "other" has no bit or it is absent. */
    public static Optional<String> tooOpen(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().noneMatch(OTHER::contains)) {
                return Optional.empty();
            }
            return Optional.of(file + " is " + PosixFilePermissions.toString(mode)
                    + ": every local user can read its secrets; chmod o-rwx " + file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty(); // absent, or not a POSIX file system: the other checks report it
        }
    }
}
