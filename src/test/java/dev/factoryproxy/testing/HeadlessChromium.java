package dev.factoryproxy.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node script from {@code src/test/clients} driving Debian's headless Chromium ({@code /usr/bin/chromium}) through
 * {@code playwright-core} (pinned in {@code src/test/clients/package.json}). {@code .ci/run} installs both; on a
 * developer machine without them the test is skipped with the install commands in the message, under CI
 * ({@code CI=true}) it fails, so CI never passes without having driven the browser (as {@link RealCli}).
 */
public final class HeadlessChromium {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CLIENTS = Path.of("src/test/clients");

  private HeadlessChromium() {
  }

  /** Skips (developer machine) or fails (CI) when the browser, node or playwright-core is missing. */
  public static void require() {
    String missing = !Files.isExecutable(CHROMIUM) ? "Debian's chromium (apt-get install chromium)"
      : !Files.isDirectory(CLIENTS.resolve("node_modules/playwright-core")) ? "playwright-core (npm ci --prefix "
      + "src/test/clients)" : null;
    if (missing != null) {
      String message = missing + " is not installed (what .ci/run installs)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
  }

  /** Runs {@code node src/test/clients/<script>} with {@code env}; its stdout must be one JSON object. */
  public static JsonObject run(String script, Map<String, String> env) {
    require();
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      Path out = Files.createTempFile(target, "chromium-", ".out");
      Path err = Files.createTempFile(target, "chromium-", ".err");
      ProcessBuilder builder = new ProcessBuilder(List.of("node", CLIENTS.resolve(script).toString()))
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Assertions.fail(script + " did not finish within 120 s: " + Files.readString(err, StandardCharsets.UTF_8));
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8).trim();
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        Assertions.fail(script + " exited " + process.exitValue() + "\n--- stdout\n" + stdout + "\n--- stderr\n"
          + stderr);
      }
      return new JsonObject(stdout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
