package dev.factoryproxy.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Claude Code and Codex CLIs from npm (pinned in {@code src/test/clients/package.json}), run the way a
 * user runs them non-interactively, offline, with a fresh home directory so no user setting leaks in.
 *
 * <p>{@code .ci/run} installs them ({@code npm ci --prefix src/test/clients}); on a developer machine without
 * them the tests are skipped with that command in the message, while under CI ({@code CI=true}) a missing CLI
 * fails the build, so CI can never pass without having driven the real clients.
 */
public final class RealCli {
  private static final Path BIN = Path.of("src/test/clients/node_modules/.bin");

  /** What the CLI printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private RealCli() {
  }

  /** The installed CLI, or the test skipped (developer machine) / failed (CI) with how to install it. */
  public static Path require(String name) {
    Path bin = BIN.resolve(name).toAbsolutePath();
    if (!Files.isExecutable(bin)) {
      String message = name + " is not installed: run `npm ci --prefix src/test/clients` (what .ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return bin;
  }

  /**
   * {@code claude -p PROMPT --output-format json --model MODEL} against the proxy, as Claude Code's docs describe
   * for a gateway: {@code ANTHROPIC_BASE_URL} and {@code ANTHROPIC_API_KEY}; nothing but the proxy is contacted.
   */
  public static Result claude(String proxyUrl, String apiKey, String model, String prompt, String... extraArgs) {
    Path home = freshHome("claude");
    List<String> command = new ArrayList<>(List.of(require("claude").toString(), "-p", prompt,
      "--output-format", "json", "--model", model));
    command.addAll(List.of(extraArgs));
    return run(home, Map.of(
      "ANTHROPIC_BASE_URL", proxyUrl,
      "ANTHROPIC_API_KEY", apiKey,
      "DISABLE_AUTOUPDATER", "1",
      "DISABLE_TELEMETRY", "1",
      "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"), command, Duration.ofSeconds(120));
  }

  /**
   * {@code codex exec PROMPT} with a custom model provider pointing at the proxy ({@code wire_api = "responses"}),
   * as Codex's docs describe for an OpenAI-compatible gateway.
   */
  public static Result codex(String proxyUrl, String apiKey, String model, String prompt) {
    Path home = freshHome("codex");
    String config = """
      model = "%s"
      model_provider = "proxy"

      [model_providers.proxy]
      name = "factory-proxy"
      base_url = "%s/v1"
      env_key = "PROXY_API_KEY"
      wire_api = "responses"
      request_max_retries = 0
      stream_max_retries = 0
      """.formatted(model, proxyUrl);
    try {
      Files.createDirectories(home.resolve(".codex"));
      Files.writeString(home.resolve(".codex/config.toml"), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run(home, Map.of("PROXY_API_KEY", apiKey, "CODEX_HOME", home.resolve(".codex").toString()),
      List.of(require("codex").toString(), "exec", "--skip-git-repo-check", prompt), Duration.ofSeconds(120));
  }

  private static Path freshHome(String name) {
    try {
      Path target = Path.of("target").toAbsolutePath();
      Files.createDirectories(target);
      return Files.createTempDirectory(target, name + "-home-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Result run(Path home, Map<String, String> env, List<String> command, Duration timeout) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("OPENAI_")
        || k.startsWith("CLAUDE_") || k.startsWith("CODEX_"));
      builder.environment().put("HOME", home.toString());
      builder.environment().putAll(env);
      Path out = home.resolve("stdout.txt");
      Path err = home.resolve("stderr.txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        Assertions.fail(command.get(0) + " did not finish within " + timeout + ": "
          + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
