package dev.factoryproxy.credentials;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A Droid {@code auth.json} ({@code access_token}, {@code refresh_token}, and whatever else the CLI keeps, which is
 * left as it is). Written atomically with owner-only permissions (CL3): a temporary file in the same directory,
 * created rw-------, then moved over the old one, so a crash never leaves half a file and nobody else can read it.
 * All file I/O runs off the event loop ({@code executeBlocking}).
 */
final class AuthFile {
  private final Vertx vertx;
  private final Path path;

  AuthFile(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = Path.of(path).toAbsolutePath();
  }

  String path() {
    return path.toString();
  }

  /** The file's JSON; an empty object when it does not exist yet. */
  Future<JsonObject> read() {
    return vertx.executeBlocking(() -> Files.exists(path)
      ? new JsonObject(Files.readString(path, StandardCharsets.UTF_8)) : new JsonObject(), false);
  }

  /** Replaces the two tokens, keeping the file's other fields. */
  Future<Void> write(String accessToken, String refreshToken) {
    return vertx.executeBlocking(() -> {
      JsonObject json = Files.exists(path)
        ? new JsonObject(Files.readString(path, StandardCharsets.UTF_8)) : new JsonObject();
      json.put("access_token", accessToken).put("refresh_token", refreshToken);
      writeAtomically(json.encodePrettily());
      return null;
    }, false);
  }

  private void writeAtomically(String text) throws IOException {
    Path dir = path.getParent();
    if (!Files.isDirectory(dir)) { // a first login (DL3): ~/.factory may not exist yet; it is the owner's only
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path temp = Files.createTempFile(dir, ".auth-", ".tmp",
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
